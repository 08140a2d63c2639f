"""`/feeds add|remove|list|pause|resume`: a guild's own feed list (Manage Server only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.checks import require_manage_guild
from bot.discord.embeds import clip, code, list_pages, safe
from bot.discord.errors import UserError
from bot.discord.paginator import send_pages
from bot.discord.respond import answer, defer
from bot.feedcheck import FeedCheckError, check_feed, resume_feed
from bot.feedhealth import feed_state
from store.base import FeedExists, FeedRecord, FeedSpec

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)
class Feeds(commands.GroupCog, group_name="feeds", group_description="Manage this server's feeds"):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot
        super().__init__()

    async def feed_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        feeds = await self.bot.store.list_feeds(guild_id=interaction.guild_id)
        cur = current.lower()
        return [
            app_commands.Choice(name=clip(f.name, 100), value=str(f.id))
            for f in feeds
            if cur in f.name.lower() or cur in f.url.lower()
        ][:25]

    @app_commands.command(
        name="add", description="Follow a feed (RSS/Atom, or a page that links to one)"
    )
    @app_commands.describe(
        url="feed or web page address", name="display name", topics="comma-separated topics"
    )
    async def add(
        self,
        interaction: discord.Interaction,
        url: app_commands.Range[str, 8, 2000],
        name: app_commands.Range[str, 1, 100] | None = None,
        topics: str | None = None,
    ) -> None:
        guild_id = require_manage_guild(interaction)
        topic_list = [t.strip().lower() for t in (topics or "").split(",") if t.strip()]
        await defer(interaction, ephemeral=True)  # fetching can take seconds
        try:
            checked = await check_feed(url.strip(), self.bot.settings)
        except FeedCheckError as e:
            raise UserError(f"I can't add that feed: {e}.") from e
        spec = FeedSpec(
            url=checked.url, name=name or checked.title or checked.url, topics=topic_list
        )
        try:
            feed = await self.bot.store.add_feed(spec, guild_id=guild_id)
        except FeedExists as e:
            raise UserError("This server already follows that feed. See `/feeds list`.") from e
        await answer(
            interaction,
            f"Added **{safe(feed.name, 100)}** (#{feed.id}, {checked.entries} entries now). "
            "New stories appear after the next poll.",
            ephemeral=True,
        )

    @app_commands.command(name="remove", description="Stop following a feed")
    @app_commands.describe(feed="feed to remove")
    @app_commands.autocomplete(feed=feed_ac)
    async def remove(self, interaction: discord.Interaction, feed: str) -> None:
        guild_id = require_manage_guild(interaction)
        if not await self.bot.store.remove_feed(feed, guild_id=guild_id):
            raise _not_followed(feed)
        await answer(interaction, "Feed removed.", ephemeral=True)

    @app_commands.command(name="list", description="The feeds this server follows")
    async def list(self, interaction: discord.Interaction) -> None:
        guild_id = require_manage_guild(interaction)
        feeds = await self.bot.store.list_feeds(guild_id=guild_id)
        if not feeds:
            raise UserError("This server follows no feeds. Add one with `/feeds add`.")
        lines = [
            f"**#{f.id}** {safe(f.name, 100)}{' · default' if f.is_default else ''}"
            f"\n{safe(f.url, 200)}"
            + (f"\nmoved from {safe(f.moved_from, 200)}" if f.moved_from else "")
            + (f"\ntopics: {safe(', '.join(f.topics), 200)}" if f.topics else "")
            + ("" if feed_state(f) == "ok" else f"\n**{safe(feed_state(f), 400)}**")
            for f in feeds
        ]
        await send_pages(
            interaction, [[p] for p in list_pages("Feeds", lines, per_page=10)], ephemeral=True
        )

    async def _followed(self, guild_id: int, ref: str) -> FeedRecord:
        found = await self.bot.store.find_feed(ref, guild_id=guild_id)
        if found is None:
            raise _not_followed(ref)
        return found

    @app_commands.command(name="pause", description="Stop polling a feed for this server")
    @app_commands.autocomplete(feed=feed_ac)
    async def pause(self, interaction: discord.Interaction, feed: str) -> None:
        guild_id = require_manage_guild(interaction)
        found = await self._followed(guild_id, feed)
        await self.bot.store.set_feed_paused(str(found.id), True, guild_id=guild_id)
        await answer(
            interaction, f"Feed **{safe(found.name, 100)}** paused for this server.", ephemeral=True
        )

    @app_commands.command(
        name="resume", description="Resume a paused feed, or re-enable a disabled one"
    )
    @app_commands.autocomplete(feed=feed_ac)
    async def resume(self, interaction: discord.Interaction, feed: str) -> None:
        guild_id = require_manage_guild(interaction)
        found = await self._followed(guild_id, feed)
        name = safe(found.name, 100)
        done: list[str] = []
        if found.disabled:
            await defer(interaction, ephemeral=True)  # the test fetch can take seconds
            try:
                checked = await resume_feed(self.bot.store, found, self.bot.settings)
            except FeedCheckError as e:
                raise UserError(
                    f"**{name}** is still broken, so it stays disabled: {safe(str(e), 300)}."
                ) from e
            done.append(f"Re-enabled **{name}**: a test fetch found {checked.entries} entries.")
        if found.paused:
            await self.bot.store.set_feed_paused(str(found.id), False, guild_id=guild_id)
            done.append(f"Feed **{name}** resumed for this server.")
        await answer(
            interaction,
            " ".join(done) or f"**{name}** is neither paused nor disabled.",
            ephemeral=True,
        )


def _not_followed(ref: str) -> UserError:
    return UserError(f"This server doesn't follow a feed {code(ref, 80)}. See `/feeds list`.")
