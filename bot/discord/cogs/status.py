"""`/status`: feed health, last poll, errors, paused subscriptions and the summarizer backend."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import guild_of
from bot.discord.embeds import COLOR, FIELD_VALUE_MAX, clip, safe
from bot.discord.paginator import send_pages
from bot.feedhealth import feed_health, feed_state

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot


def _ago(when: datetime | None, now: datetime) -> str:
    if when is None:
        return "never"
    minutes = int((now - when).total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago" if minutes < 2880 else f"{minutes // 1440} days ago"


class Status(commands.Cog):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot

    @app_commands.command(name="status", description="Feed health, last poll, errors, digests")
    @app_commands.guild_only()
    async def status(self, interaction: discord.Interaction) -> None:
        guild_id = guild_of(interaction)
        now = datetime.now(UTC)
        store = self.bot.store
        feeds = await store.list_feeds(guild_id=guild_id)
        health = feed_health(feeds)
        failing = health.failing
        polled = [f.last_polled_at for f in feeds if f.last_polled_at]
        last_poll = max(polled) if polled else None
        s = self.bot.settings.summarizer
        e = discord.Embed(title="wirewatch status", colour=COLOR)
        e.add_field(
            name="Feeds",
            value=f"{health.total} followed · {health.healthy} healthy · "
            f"{len(failing)} failing · {len(health.disabled)} disabled · "
            f"{len(health.paused)} paused",
            inline=False,
        )
        e.add_field(name="Last poll", value=_ago(last_poll, now), inline=True)
        backend = s.backend if s.backend == "rules" else f"{s.backend} ({s.model}, {s.mode})"
        if s.backend != "rules":
            usage = await store.token_usage(now.date())
            backend += (
                f"\ntokens today: {usage.input_tokens + usage.output_tokens}/{s.daily_token_budget}"
            )
        e.add_field(name="Summarizer", value=safe(backend, 200), inline=True)
        if failing:
            lines = [
                f"**{safe(f.name, 80)}**: {safe(f.last_error, 150)} ({f.error_count}×, {_ago(f.last_polled_at, now)})"
                for f in failing[:10]
            ]
            e.add_field(name="Errors", value=clip("\n".join(lines), FIELD_VALUE_MAX), inline=False)
        if health.disabled:
            lines = [
                f"**#{f.id} {safe(f.name, 80)}**: {safe(feed_state(f), 300)}"
                for f in health.disabled[:10]
            ]
            e.add_field(
                name="Disabled (not polled; `/feeds resume` after fixing)",
                value=clip("\n".join(lines), FIELD_VALUE_MAX),
                inline=False,
            )
        subs = await store.list_subscriptions(guild_id=guild_id)
        if subs:
            lines = []
            for sub in subs[:15]:
                line = f"#{sub.id} <#{sub.channel_id}> {safe(sub.topic or 'all topics', 60)} · {sub.schedule}"
                if sub.paused:
                    line += f" — **paused**: {safe(sub.paused_reason or 'paused', 120)}"
                lines.append(line)
            e.add_field(
                name="Subscriptions", value=clip("\n".join(lines), FIELD_VALUE_MAX), inline=False
            )
        if any(sub.paused for sub in subs):
            e.set_footer(
                text="Paused subscriptions: give the bot View Channel, Send Messages and Embed "
                "Links there, then /subscriptions resume (or /subscribe another channel)."
            )
        await send_pages(interaction, [[e]], ephemeral=True)
