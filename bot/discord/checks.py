"""Permission checks run inside handlers (Discord's default permissions can be overridden)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord.errors import UserError


def require_manage_guild(interaction: discord.Interaction) -> int:
    """The guild id, when the invoker may change this guild's configuration."""
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])
    return interaction.guild_id


def guild_of(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


# What a digest post needs; named as Discord's settings name them, for the refusal message.
POST_PERMISSIONS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}


def missing_post_permissions(channel: discord.abc.GuildChannel) -> list[str]:
    """The permissions the bot lacks to post digests in channel (from roles and overwrites).

    Checked when subscribing, so a misconfigured channel is refused while the admin is there,
    rather than found at the first post hours later. Empty when the bot's member is not cached
    (it always is with the guilds intent); the post path still pauses on a 403 then.
    """
    me = channel.guild.me
    if me is None:
        return []
    perms = channel.permissions_for(me)
    return [label for attr, label in POST_PERMISSIONS.items() if not getattr(perms, attr)]


def check_can_post(channel: discord.abc.GuildChannel) -> None:
    """Refuse (UserError) a channel the bot can't post in, saying what to grant."""
    missing = missing_post_permissions(channel)
    if missing:
        names = ", ".join(f"**{m}**" for m in missing)
        raise UserError(
            f"I can't post in {channel.mention}: I'm missing {names} there. Grant "
            f"{'it' if len(missing) == 1 else 'them'} to my role in that channel (or pick "
            "another channel), then try again."
        )
