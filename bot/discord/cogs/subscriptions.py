"""`/subscribe` and `/unsubscribe` (Manage Server), and delivery of instant stories."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import require_manage_guild
from bot.discord.embeds import clip
from bot.discord.errors import UserError
from bot.discord.lookups import check_topic, topic_choices
from bot.discord.schedule import parse_schedule

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot

NONE = discord.AllowedMentions.none()


class Subscriptions(commands.Cog):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        if self.bot.pipeline is not None:
            self.bot.pipeline.listeners.append(self.bot.digests.on_article)

    async def cog_unload(self) -> None:
        if (
            self.bot.pipeline is not None
            and self.bot.digests.on_article in self.bot.pipeline.listeners
        ):
            self.bot.pipeline.listeners.remove(self.bot.digests.on_article)

    async def topic_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await topic_choices(self.bot, interaction.guild_id, current)

    async def schedule_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        options = ["daily 08:00", "daily 18:00", "every 6h", "every 12h", "every 1h", "instant"]
        if current and current not in options:
            options.insert(0, current)
        return [app_commands.Choice(name=o[:100], value=o[:100]) for o in options]

    async def subscription_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        subs = await self.bot.store.list_subscriptions(guild_id=interaction.guild_id)
        out = []
        for s in subs:
            label = f"#{s.id} <#{s.channel_id}> {s.topic or 'all topics'} · {s.schedule}"
            if interaction.guild is not None and (
                ch := interaction.guild.get_channel(s.channel_id)
            ):
                label = f"#{s.id} #{ch.name} {s.topic or 'all topics'} · {s.schedule}"
            if current.lower() in label.lower():
                out.append(app_commands.Choice(name=clip(label, 100), value=str(s.id)))
        return out[:25]

    @app_commands.command(
        name="subscribe", description="Post digests of a topic (or all) in a channel"
    )
    @app_commands.describe(
        channel="where to post",
        topic="only this topic (default: all)",
        schedule="`daily HH:MM` (server time zone), `every Nh` or `instant`",
    )
    @app_commands.autocomplete(topic=topic_ac, schedule=schedule_ac)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def subscribe(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        topic: str | None = None,
        schedule: str | None = None,
    ) -> None:
        guild_id = require_manage_guild(interaction)
        try:
            parsed = parse_schedule(schedule or self.bot.settings.digest.schedule)
        except ValueError as e:
            raise UserError(str(e)) from e
        wanted = await check_topic(self.bot, guild_id, topic)
        sub = await self.bot.store.add_subscription(guild_id, channel.id, wanted, str(parsed))
        tz = await self.bot.store.get_guild_timezone(guild_id)
        when = f"{parsed} ({tz})" if parsed.kind == "daily" else str(parsed)
        await interaction.response.send_message(
            f"Subscription #{sub.id}: {wanted or 'all topics'} → {channel.mention}, {when}.",
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @app_commands.command(name="unsubscribe", description="Stop a subscription")
    @app_commands.describe(subscription="the subscription to stop")
    @app_commands.autocomplete(subscription=subscription_ac)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unsubscribe(self, interaction: discord.Interaction, subscription: str) -> None:
        guild_id = require_manage_guild(interaction)
        sub_id = subscription.strip().lstrip("#")
        if not sub_id.isdigit() or not await self.bot.store.remove_subscription(
            guild_id, int(sub_id)
        ):
            raise UserError(
                f"No subscription `{clip(subscription, 40)}` in this server. Pick one from the list."
            )
        self.bot.digests.forget(int(sub_id))
        await interaction.response.send_message(
            f"Subscription #{sub_id} stopped.", ephemeral=True, allowed_mentions=NONE
        )
