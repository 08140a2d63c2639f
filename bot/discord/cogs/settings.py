"""`/settings timezone|alerts-channel` (Manage Server): the zone `daily HH:MM` schedules are
read in, and where notices about disabled feeds go."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import check_can_post, require_manage_guild
from bot.discord.embeds import code
from bot.discord.errors import UserError
from bot.discord.respond import answer

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot


@lru_cache(maxsize=1)
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones()))


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class GuildSettings(commands.GroupCog, group_name="settings", group_description="Server settings"):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot
        super().__init__()

    async def tz_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        cur = current.lower()
        return [app_commands.Choice(name=z, value=z) for z in _zones() if cur in z.lower()][:25]

    @app_commands.command(name="timezone", description="Time zone for daily digests")
    @app_commands.describe(zone="IANA name, e.g. Europe/Berlin")
    @app_commands.autocomplete(zone=tz_ac)
    async def timezone(self, interaction: discord.Interaction, zone: str) -> None:
        guild_id = require_manage_guild(interaction)
        match = next((z for z in _zones() if z.lower() == zone.strip().lower()), None)
        if match is None:
            raise UserError(
                f"{code(zone)} is not a time zone. Use an IANA name like `Europe/Berlin` or `UTC`."
            )
        await self.bot.store.set_guild_timezone(guild_id, match)
        await answer(
            interaction,
            f"Time zone set to **{match}**; daily digests follow it.",
            ephemeral=True,
        )

    @app_commands.command(name="alerts-channel", description="Where I say that a feed was disabled")
    @app_commands.describe(channel="the channel for feed alerts (leave out: the default)")
    async def alerts_channel(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        guild_id = require_manage_guild(interaction)
        if channel is not None:
            check_can_post(channel)
        await self.bot.store.set_alerts_channel(guild_id, None if channel is None else channel.id)
        where = (
            channel.mention
            if channel is not None
            else "the first channel with a subscription (the default)"
        )
        await answer(
            interaction,
            f"Feed alerts go to {where}: one notice when a feed this server follows is "
            "disabled for repeated errors.",
            ephemeral=True,
        )
