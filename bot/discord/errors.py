"""What users see when a command goes wrong: a short ephemeral line, never a traceback."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.discord.embeds import MESSAGE_CONTENT_MAX, clip, code
from bot.discord.respond import answer

log = logging.getLogger(__name__)


class UserError(app_commands.AppCommandError):
    """A problem the user can fix; its message is shown to them as is."""


def describe(error: app_commands.AppCommandError) -> str | None:
    """The user-facing text for an error, or None when it is a bug (logged, generic reply)."""
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the **Manage Server** permission to do that. Ask a server admin."
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server."
    if isinstance(error, app_commands.TransformerError):
        return (
            f"{code(str(error.value))} is not a valid value here. Check the option and try again."
        )
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f}s."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this command here."
    return None


async def reply_error(
    interaction: discord.Interaction, error: app_commands.AppCommandError
) -> None:
    text = describe(error)
    if text is None:
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("command /%s failed", command, exc_info=error)
        text = "Something went wrong on our side; it has been logged. Please try again later."
    await send_ephemeral(interaction, text)


async def send_ephemeral(interaction: discord.Interaction, text: str) -> None:
    # Discord refuses longer content, and then the user would get nothing at all.
    text = clip(text, MESSAGE_CONTENT_MAX)
    try:
        await answer(interaction, text, ephemeral=True)
    except discord.HTTPException:
        # The interaction expired or Discord is down: nothing more the user can be told.
        log.warning("could not deliver an error message for interaction %s", interaction.id)
