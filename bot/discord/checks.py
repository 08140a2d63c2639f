"""Permission checks run inside handlers (Discord's default permissions can be overridden)."""

from __future__ import annotations

import discord
from discord import app_commands


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
