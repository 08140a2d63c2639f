"""`/subscribe`, `/unsubscribe` and `/subscriptions list|resume` (Manage Server).

One subscription per channel and topic: subscribing again updates its schedule and resumes it
when it was paused, so a fixed channel needs no remove-and-re-add (which would lose its posted
windows). Both subscribing and resuming check the bot's channel permissions first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import check_can_post, require_manage_guild
from bot.discord.embeds import clip, code, list_pages, safe
from bot.discord.errors import UserError
from bot.discord.lookups import check_topic, topic_choices
from bot.discord.paginator import send_pages
from bot.discord.respond import answer
from bot.discord.schedule import parse_schedule
from store.base import Subscription

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot


class Subscriptions(commands.Cog):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        # The listener only brings the digest job forward (instant posts); it never waits on
        # Discord.
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
        check_can_post(channel)
        store = self.bot.store
        subs = await store.list_subscriptions(guild_id=guild_id)
        same = next((s for s in subs if s.channel_id == channel.id and s.topic == wanted), None)
        if same is None:
            sub = await store.add_subscription(guild_id, channel.id, wanted, str(parsed))
            done = f"Subscription #{sub.id}"
        else:
            if same.schedule != str(parsed):
                await store.set_subscription_schedule(same.id, str(parsed))
            if same.paused:
                await store.set_subscription_paused(same.id, False)
            done = f"Subscription #{same.id} updated" + (" and resumed" if same.paused else "")
        tz = await store.get_guild_timezone(guild_id)
        when = f"{parsed} ({tz})" if parsed.kind == "daily" else str(parsed)
        await answer(
            interaction,
            f"{done}: {safe(wanted or 'all topics', 60)} → {channel.mention}, {when}.",
            ephemeral=True,
        )

    @app_commands.command(name="unsubscribe", description="Stop a subscription")
    @app_commands.describe(subscription="the subscription to stop")
    @app_commands.autocomplete(subscription=subscription_ac)
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def unsubscribe(self, interaction: discord.Interaction, subscription: str) -> None:
        guild_id = require_manage_guild(interaction)
        sub = await self._own(guild_id, subscription)
        await self.bot.store.remove_subscription(guild_id, sub.id)
        await answer(interaction, f"Subscription #{sub.id} stopped.", ephemeral=True)

    async def _own(self, guild_id: int, ref: str) -> Subscription:
        """This guild's subscription named by ref ("12" or "#12"); UserError otherwise."""
        wanted = ref.strip().lstrip("#")
        # Compared in Python: an absurd number must not reach the database as an integer.
        for sub in await self.bot.store.list_subscriptions(guild_id=guild_id):
            if wanted == str(sub.id):
                return sub
        raise UserError(
            f"No subscription {code(ref, 40)} in this server. "
            "Pick one from the list (`/subscriptions list`)."
        )

    subscriptions = app_commands.Group(
        name="subscriptions",
        description="This server's digest subscriptions",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @subscriptions.command(name="list", description="Subscriptions, their schedules and state")
    async def list_(self, interaction: discord.Interaction) -> None:
        guild_id = require_manage_guild(interaction)
        subs = await self.bot.store.list_subscriptions(guild_id=guild_id)
        if not subs:
            raise UserError("No subscriptions yet. Start one with `/subscribe`.")
        lines = []
        for s in subs:
            line = (
                f"**#{s.id}** <#{s.channel_id}> {safe(s.topic or 'all topics', 60)} · {s.schedule}"
            )
            if s.paused:
                line += f"\n⏸ paused: {safe(s.paused_reason or 'paused', 200)}"
            lines.append(line)
        footer = (
            "Fix the channel's permissions, then /subscriptions resume"
            if any(s.paused for s in subs)
            else None
        )
        pages = list_pages("Subscriptions", lines, per_page=10, footer=footer)
        await send_pages(interaction, [[p] for p in pages], ephemeral=True)

    @subscriptions.command(name="resume", description="Resume a paused subscription")
    @app_commands.describe(subscription="the paused subscription")
    @app_commands.autocomplete(subscription=subscription_ac)
    async def resume(self, interaction: discord.Interaction, subscription: str) -> None:
        guild_id = require_manage_guild(interaction)
        sub = await self._own(guild_id, subscription)
        if not sub.paused:
            raise UserError(f"Subscription #{sub.id} is not paused.")
        channel = interaction.guild.get_channel(sub.channel_id) if interaction.guild else None
        if channel is None:
            raise UserError(
                f"Subscription #{sub.id}'s channel no longer exists. `/unsubscribe` it and "
                "`/subscribe` another channel."
            )
        check_can_post(channel)
        await self.bot.store.set_subscription_paused(sub.id, False)
        await answer(
            interaction,
            f"Subscription #{sub.id} resumed: the next digest goes to <#{sub.channel_id}>.",
            ephemeral=True,
        )
