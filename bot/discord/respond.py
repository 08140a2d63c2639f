"""Answering interactions: within Discord's 3-second window, once, and private when meant to be.

Discord drops an interaction not acknowledged within 3 seconds ("The application did not
respond"). Most commands answer in milliseconds, so deferring every one would cost a round trip
and make error replies public; instead a guard started before the handler defers only when the
handler is still working after `defer_after` seconds. Every answer goes through `answer`/`defer`,
which share a per-interaction lock with the guard, so the two can never both acknowledge.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import discord

log = logging.getLogger(__name__)

DEFER_AFTER = 2.0  # seconds: leaves time for the defer's own round trip within the 3 s
# Commands whose answers only the invoker should see (configuration and /status).
PRIVATE_COMMANDS = frozenset(
    {"feeds", "subscribe", "unsubscribe", "subscriptions", "settings", "status"}
)

_LOCK = "wirewatch_answer_lock"
_GUARD = "wirewatch_deadline_guard"
_PUBLIC_DEFER = "wirewatch_public_defer"


def _lock(interaction: discord.Interaction) -> asyncio.Lock:
    lock = interaction.extras.get(_LOCK)
    if lock is None:
        lock = interaction.extras[_LOCK] = asyncio.Lock()
    return lock


def start_deadline_guard(interaction: discord.Interaction, after: float = DEFER_AFTER) -> None:
    """Defer a slash command automatically if it has not answered within `after` seconds."""
    if interaction.type is not discord.InteractionType.application_command:
        return  # autocomplete cannot be deferred; buttons answer at once
    raw: dict[str, Any] = dict(interaction.data or {})
    name = str(raw.get("name", ""))  # the root command: "feeds" for /feeds add
    private = name in PRIVATE_COMMANDS

    async def guard() -> None:
        await asyncio.sleep(after)
        try:
            await defer(interaction, ephemeral=private)
        except discord.HTTPException as e:  # expired already: nothing left to save
            log.warning("could not defer interaction %s: %s", interaction.id, e)

    interaction.extras[_GUARD] = asyncio.create_task(guard(), name=f"defer-{interaction.id}")


def stop_deadline_guard(interaction: discord.Interaction) -> None:
    task = interaction.extras.pop(_GUARD, None)
    if task is not None:
        task.cancel()


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Acknowledge now ("thinking…"), unless already answered or deferred."""
    async with _lock(interaction):
        if not interaction.response.is_done():
            await interaction.response.defer(thinking=True, ephemeral=ephemeral)
            interaction.extras[_PUBLIC_DEFER] = not ephemeral


async def answer(
    interaction: discord.Interaction,
    content: str | None = None,
    *,
    embeds: list[discord.Embed] | None = None,
    view: discord.ui.View | None = None,
    ephemeral: bool = False,
) -> None:
    """Send the answer as the response, or as a followup when the interaction was deferred."""
    kwargs: dict[str, Any] = {
        "content": content,
        "ephemeral": ephemeral,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    if embeds is not None:
        kwargs["embeds"] = embeds
    if view is not None:
        kwargs["view"] = view
    async with _lock(interaction):
        if not interaction.response.is_done():
            await interaction.response.send_message(**kwargs)
            return
        if ephemeral and interaction.extras.pop(_PUBLIC_DEFER, False):
            # The first followup would fill the public "thinking…" placeholder, making a private
            # answer (an error, say) public: remove the placeholder, then answer privately.
            with contextlib.suppress(discord.HTTPException):
                await interaction.delete_original_response()
        await interaction.followup.send(**kwargs)
