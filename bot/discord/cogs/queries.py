"""Query commands anyone in the server may run; they read the store, scoped to the guild."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest import build_digest, story_from_article
from bot.discord.checks import guild_of
from bot.discord.embeds import (
    FIELD_VALUE_MAX,
    clip,
    code,
    digest_messages,
    list_pages,
    pack,
    safe,
    story_embed,
)
from bot.discord.errors import UserError
from bot.discord.lookups import ROW_ID_MAX, check_topic, choices, parse_since, topic_choices
from bot.discord.paginator import send_pages
from bot.discord.respond import answer, defer
from summarizer.models import Summary

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot

ACTOR_LOOKBACK = timedelta(days=30)
STORIES_PER_PAGE = 4


def _day(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else "undated"


class Queries(commands.Cog):
    def __init__(self, bot: WirewatchBot) -> None:
        self.bot = bot

    # -- autocomplete -----------------------------------------------------------------------
    async def topic_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await topic_choices(self.bot, interaction.guild_id, current)

    async def actor_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        return choices(
            await self.bot.store.actor_names(current, guild_id=interaction.guild_id, limit=25)
        )

    async def speaker_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        return choices(
            await self.bot.store.speaker_names(current, guild_id=interaction.guild_id, limit=25)
        )

    async def topic_or_actor_ac(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        topics = await self.topic_ac(interaction, current)
        actors = await self.actor_ac(interaction, current)
        return (topics + actors)[:25]

    # -- commands ---------------------------------------------------------------------------
    @app_commands.command(name="digest", description="The latest stories, grouped by topic")
    @app_commands.describe(
        topic="only this topic", since="how far back, e.g. 12h, 3d (default 24h)"
    )
    @app_commands.autocomplete(topic=topic_ac)
    @app_commands.guild_only()
    async def digest(
        self, interaction: discord.Interaction, topic: str | None = None, since: str | None = None
    ) -> None:
        guild_id = guild_of(interaction)
        window = parse_since(since)
        wanted = await check_topic(self.bot, guild_id, topic)
        await defer(interaction, ephemeral=False)  # a big digest may take a moment
        now = datetime.now(UTC)
        digest = await build_digest(
            self.bot.store,
            since=now - window,
            until=now,
            topic=wanted,
            guild_id=guild_id,
            max_stories=self.bot.settings.digest.max_stories,
        )
        if digest.empty:
            scope = f" under {code(wanted)}" if wanted else ""
            await answer(
                interaction,
                f"No new stories{scope} in the last {since or '24h'}. Try a longer `since`.",
            )
            return
        await send_pages(
            interaction, digest_messages(digest, "Digest" + (f": {wanted}" if wanted else ""))
        )

    @app_commands.command(name="topic", description="Recent stories under a topic")
    @app_commands.describe(name="topic name")
    @app_commands.autocomplete(name=topic_ac)
    @app_commands.guild_only()
    async def topic(self, interaction: discord.Interaction, name: str) -> None:
        guild_id = guild_of(interaction)
        wanted = await check_topic(self.bot, guild_id, name)
        articles = await self.bot.store.recent_articles(topic=wanted, guild_id=guild_id, limit=25)
        if not articles:
            raise UserError(f"No stories under {code(name)} yet. Try `/digest` or `/search`.")
        embeds = [story_embed(story_from_article(a)) for a in articles]
        pages = [embeds[i : i + STORIES_PER_PAGE] for i in range(0, len(embeds), STORIES_PER_PAGE)]
        await send_pages(interaction, [m for p in pages for m in pack(p)])

    @app_commands.command(
        name="actor", description="What a person, organization or country did and said lately"
    )
    @app_commands.describe(name="actor name")
    @app_commands.autocomplete(name=actor_ac)
    @app_commands.guild_only()
    async def actor(self, interaction: discord.Interaction, name: str) -> None:
        guild_id = guild_of(interaction)
        since = datetime.now(UTC) - ACTOR_LOOKBACK
        articles = await self.bot.store.articles_by_actor(
            name, since=since, guild_id=guild_id, limit=25
        )
        if not articles:
            raise UserError(
                f"No stories about {code(name, 80)} in the last 30 days. Try `/search`."
            )
        lines = []
        for a in articles:
            said = [
                q.text for q in a.summary.quotes if q.speaker and q.speaker.lower() == name.lower()
            ]
            line = f"**#{a.id}** {safe(a.title, 200)} ({_day(a.published)})\n{safe(a.summary.summary, 400)}"
            if said:
                line += f"\n> “{safe(said[0], 300)}”"
            lines.append(line)
        pages = list_pages(f"{clip(name, 100)}: latest", lines, per_page=5)
        await send_pages(interaction, [[p] for p in pages])

    @app_commands.command(name="quotes", description="Attributed direct quotes, newest first")
    @app_commands.describe(speaker="who said it", topic="only this topic")
    @app_commands.autocomplete(speaker=speaker_ac, topic=topic_ac)
    @app_commands.guild_only()
    async def quotes(
        self, interaction: discord.Interaction, speaker: str | None = None, topic: str | None = None
    ) -> None:
        guild_id = guild_of(interaction)
        wanted = await check_topic(self.bot, guild_id, topic)
        hits = await self.bot.store.quotes(
            speaker=speaker, topic=wanted, guild_id=guild_id, limit=50
        )
        if not hits:
            raise UserError("No quotes found for that. Try another speaker or topic, or none.")
        lines = [
            f"“{safe(h.text, 600)}” — **{safe(h.speaker or 'unattributed', 80)}** · "
            f"{safe(h.article_title, 150)} (#{h.article_id})"
            for h in hits
        ]
        pages = list_pages(
            "Quotes" + (f" by {clip(speaker, 80)}" if speaker else ""), lines, per_page=8
        )
        await send_pages(interaction, [[p] for p in pages])

    @app_commands.command(name="search", description="Full-text search over stored summaries")
    @app_commands.describe(query="words to look for")
    @app_commands.guild_only()
    async def search(
        self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]
    ) -> None:
        guild_id = guild_of(interaction)
        hits = await self.bot.store.search(query, guild_id=guild_id, limit=25)
        if not hits:
            raise UserError(f"No stories match {code(query, 80)}. Try fewer or different words.")
        lines = [
            f"**#{a.id}** {safe(a.title, 200)} · {safe(a.source, 60)} ({_day(a.published)})\n"
            f"{safe(a.summary.summary, 300)}"
            for a in hits
        ]
        pages = list_pages(
            f"Search: {clip(query, 100)}", lines, per_page=5, footer="/article id for more"
        )
        await send_pages(interaction, [[p] for p in pages])

    @app_commands.command(name="article", description="The full summary of one article")
    @app_commands.describe(id="article number (shown as #id in results)")
    @app_commands.guild_only()
    async def article(
        self, interaction: discord.Interaction, id: app_commands.Range[int, 1, ROW_ID_MAX]
    ) -> None:
        guild_id = guild_of(interaction)
        # Discord enforces the range in its client; a hand-made request does not.
        in_range = 1 <= id <= ROW_ID_MAX
        a = await self.bot.store.get_article(id, guild_id=guild_id) if in_range else None
        if a is None:
            raise UserError(
                f"No article #{id} in this server's feeds. Find ids with `/search` or `/digest`."
            )
        embed = story_embed(story_from_article(a), full_summary=a.summary.summary)
        s = a.summary
        if len(s.quotes) > 1:
            more = "\n".join(
                f"“{safe(q.text, 200)}” — {safe(q.speaker or 'unattributed', 60)}"
                for q in s.quotes[1:6]
            )
            embed.add_field(
                name="More quotes", value=clip(more, FIELD_VALUE_MAX // 2), inline=False
            )
        if s.backend != "rules" or s.fallback_reason:
            embed.add_field(name="Summarizer", value=safe(summarizer_note(s), 300), inline=True)
        await send_pages(interaction, [[embed]])

    @app_commands.command(
        name="timeline", description="Dated events of a topic or an actor, in order"
    )
    @app_commands.rename(topic_or_actor="topic-or-actor")
    @app_commands.describe(topic_or_actor="a topic or an actor name")
    @app_commands.autocomplete(topic_or_actor=topic_or_actor_ac)
    @app_commands.guild_only()
    async def timeline(self, interaction: discord.Interaction, topic_or_actor: str) -> None:
        guild_id = guild_of(interaction)
        hits = await self.bot.store.timeline(topic_or_actor, guild_id=guild_id, limit=100)
        if not hits:
            raise UserError(
                f"No dated events for {code(topic_or_actor, 80)}. Try a topic or an actor from the suggestions."
            )
        lines = [
            f"`{safe(h.value, 10)}` {safe(h.text, 80)}"
            + (f" — {safe(h.context, 300)}" if h.context else "")
            + f" · {safe(h.article_title, 120)} (#{h.article_id})"
            for h in hits
        ]
        pages = list_pages(f"Timeline: {clip(topic_or_actor, 100)}", lines, per_page=12)
        await send_pages(interaction, [[p] for p in pages])


def summarizer_note(s: Summary) -> str:
    """Which backend wrote the summary, why it fell back, and what grounding dropped."""
    parts = [s.backend]
    if s.fallback_reason:
        parts.append(f"fallback: {s.fallback_reason}")
    g = s.grounding
    if g is not None:
        dropped = {
            "quotes": g.dropped_quotes,
            "actors": g.dropped_actors,
            "dates": g.dropped_dates,
            "speakers": g.dropped_speakers,
        }
        shown = ", ".join(f"{n} {k}" for k, n in dropped.items() if n)
        parts.append(f"grounding dropped {shown}" if shown else "fully grounded")
    return " · ".join(parts)
