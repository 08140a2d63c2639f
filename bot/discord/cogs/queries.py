"""Query commands anyone in the server may run; they read the store, scoped to the guild."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest import build_digest, story_from_article, story_from_record
from bot.discord.checks import guild_of
from bot.discord.embeds import (
    COLOR,
    FIELD_VALUE_MAX,
    FOOTER_MAX,
    STORY_TEXT_MAX,
    TITLE_MAX,
    clip,
    code,
    digest_messages,
    joined_within,
    list_pages,
    md_link,
    pack,
    quote_line,
    safe,
    story_embed,
)
from bot.discord.errors import UserError
from bot.discord.lookups import ROW_ID_MAX, check_topic, choices, parse_since, topic_choices
from bot.discord.paginator import send_pages
from bot.discord.respond import answer, defer
from bot.durations import DURATION_HELP
from store.base import QuoteHit, StoredArticle, StoryRecord
from store.text import name_key
from summarizer.models import Summary

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot

ACTOR_LOOKBACK = timedelta(days=30)
STORIES_PER_PAGE = 4
TOPIC_STORIES = 25
QUOTES_PER_STORY = 4


def _day(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else "undated"


def _time(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else "undated"


# -- hits grouped by story -------------------------------------------------------------------
# Search-like commands find articles; readers want stories. Hits of one story collapse into one
# entry under its first (best) hit, which says how many other outlets carried the story.


@dataclass
class StoryHits:
    record: StoryRecord | None  # None: the article's story is unknown (not clustered yet)
    hits: list[StoredArticle] = field(default_factory=list)

    @property
    def first(self) -> StoredArticle:
        return self.hits[0]

    def label(self) -> str:
        """`story 5 · #12, #14`: the story id next to the ids of the articles hit."""
        ids = ", ".join(f"#{a.id}" for a in self.hits[:5])
        if len(self.hits) > 5:
            ids += f" +{len(self.hits) - 5}"
        return f"**story {self.record.id}** · {ids}" if self.record else f"**{ids}**"

    def outlets(self) -> str:
        """`Wire One +2 more outlets`: the first hit's outlet and how many others there are."""
        first = self.first.source or "unknown source"
        names = self.record.outlets if self.record else [first]
        others = len([n for n in names if n != first])
        return safe(first, 60) + (
            f" +{others} more outlet{'s' if others != 1 else ''}" if others else ""
        )


def group_by_story(hits: list[StoredArticle], records: list[StoryRecord]) -> list[StoryHits]:
    """The hits as one entry per story, in the order of each story's first hit."""
    of = {a.id: r for r in records for a in r.articles}
    groups: dict[tuple[str, int], StoryHits] = {}
    for a in hits:
        r = of.get(a.id)
        key = ("story", r.id) if r else ("article", a.id)
        groups.setdefault(key, StoryHits(r)).hits.append(a)
    return list(groups.values())


def story_pages(r: StoryRecord) -> list[list[discord.Embed]]:
    """`/story`: an overview, then every outlet's article, every quote grouped by speaker, and
    the story's dates in order; one embed per page."""
    st = story_from_record(r, quotes=None, dates=None)
    head = f"Story {r.id}"
    overview = discord.Embed(
        title=safe(st.title, TITLE_MAX) or head,
        url=st.url if st.url and st.url.startswith(("http://", "https://")) else None,
        description=safe(st.summary, STORY_TEXT_MAX) or None,
        colour=COLOR,
    )
    n = len(st.outlets)
    overview.add_field(
        name=f"{n} outlet{'s' if n != 1 else ''}, {len(st.coverage)} article"
        + ("s" if len(st.coverage) != 1 else ""),
        value=joined_within([md_link(o, u, 60) for o, u in st.outlet_links()], 1000) or "-",
        inline=False,
    )
    if st.actors:
        overview.add_field(name="Key actors", value=safe(", ".join(st.actors), 500), inline=False)
    span = _time(r.first_published)
    if r.last_published != r.first_published:
        span += f" → {_time(r.last_published)}"
    overview.add_field(name="When", value=span, inline=False)
    coverage = [
        f"**{safe(c.source or 'unknown source', 60)}** · {md_link(c.title, c.url, 200)}"
        f" · {_time(c.published)} · #{c.article_id}"
        for c in st.coverage
    ]
    quotes: list[str] = []
    speaker: str | None = None
    for q in st.quotes:  # grouped by speaker already
        if q.speaker != speaker:
            speaker = q.speaker
            quotes.append(f"**{safe(speaker or 'unattributed', 80)}**")
        quotes.append(f"> “{safe(q.text, 600)}” ({safe(q.source or 'unknown source', 60)})")
    dates = [
        f"`{safe(d.value, 10)}` {safe(d.text, 80)}"
        + (f" — {safe(d.context, 300)}" if d.context else "")
        for d in st.dates
    ]
    embeds = [overview]
    embeds += list_pages(f"{head}: coverage", coverage, per_page=10)
    if quotes:
        embeds += list_pages(f"{head}: who said what", quotes, per_page=16)
    if dates:
        embeds += list_pages(f"{head}: dates", dates, per_page=12)
    for i, e in enumerate(embeds):
        e.set_footer(text=clip(f"story {r.id} · page {i + 1}/{len(embeds)}", FOOTER_MAX))
    return [[e] for e in embeds]


def _hours(window: timedelta) -> str:
    return f"{window.total_seconds() / 3600:g}h"


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
        topic="only this topic",
        since=f"how far back, {DURATION_HELP} (default: digest.since_hours)",
    )
    @app_commands.autocomplete(topic=topic_ac)
    @app_commands.guild_only()
    async def digest(
        self, interaction: discord.Interaction, topic: str | None = None, since: str | None = None
    ) -> None:
        guild_id = guild_of(interaction)
        # Not given: digest.since_hours, the setting the CLI's digest uses too.
        window = parse_since(since, timedelta(hours=self.bot.settings.digest.since_hours))
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
            story_summary=self.bot.digests.story_summary,
        )
        if digest.empty:
            scope = f" under {code(wanted)}" if wanted else ""
            await answer(
                interaction,
                f"No new stories{scope} in the last {since or _hours(window)}. Try a longer `since`.",
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
        articles = await self.bot.store.recent_articles(topic=wanted, guild_id=guild_id, limit=50)
        if not articles:
            raise UserError(f"No stories under {code(name)} yet. Try `/digest` or `/search`.")
        # One embed per story, newest first (by its newest article of the topic).
        records = await self.bot.store.stories_of([a.id for a in articles], guild_id=guild_id)
        groups = group_by_story(articles, records)[:TOPIC_STORIES]
        embeds = [
            story_embed(story_from_record(g.record) if g.record else story_from_article(g.first))
            for g in groups
        ]
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
        records = await self.bot.store.stories_of([a.id for a in articles], guild_id=guild_id)
        # The store's name rule (surname, alias, case, accents), not a string comparison here.
        keys = await self.bot.store.name_keys(name)
        lines = []
        for g in group_by_story(articles, records):
            a = g.first
            # What they said anywhere in the story, each line once, with its outlet.
            said: dict[str, str | None] = {}
            for art in g.record.articles if g.record else g.hits:
                for q in art.summary.quotes:
                    if q.speaker and name_key(q.speaker) in keys:
                        said.setdefault(q.text, art.source)
            line = (
                f"{g.label()} {safe(a.title, 200)} · {g.outlets()} ({_day(a.published)})\n"
                f"{safe(a.summary.summary, 400)}"
            )
            for text, source in list(said.items())[:2]:
                line += f"\n> “{safe(text, 250)}”" + (f" ({safe(source, 60)})" if source else "")
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
        records = await self.bot.store.stories_of([h.article_id for h in hits], guild_id=guild_id)
        lines = [
            _quotes_line(hs, {a.id: a.source for r in records for a in r.articles})
            for hs in _quotes_by_story(hits, records)
        ]
        pages = list_pages(
            "Quotes" + (f" by {clip(speaker, 80)}" if speaker else ""), lines, per_page=5
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
        records = await self.bot.store.stories_of([a.id for a in hits], guild_id=guild_id)
        lines = [
            f"{g.label()} {safe(g.first.title, 200)} · {g.outlets()} ({_day(g.first.published)})\n"
            f"{safe(g.first.summary.summary, 300)}"
            for g in group_by_story(hits, records)
        ]
        pages = list_pages(
            f"Search: {clip(query, 100)}",
            lines,
            per_page=5,
            footer="/story id or /article id for more",
        )
        await send_pages(interaction, [[p] for p in pages])

    @app_commands.command(name="story", description="One story: every outlet, quote and date")
    @app_commands.describe(id='story number (shown as "story N" in results)')
    @app_commands.guild_only()
    async def story(
        self, interaction: discord.Interaction, id: app_commands.Range[int, 1, ROW_ID_MAX]
    ) -> None:
        guild_id = guild_of(interaction)
        record = await self.bot.store.get_story(id, guild_id=guild_id) if _row_id(id) else None
        if record is None:
            raise UserError(
                f"No story {_shown_id(id)} in this server's feeds. Find story ids with `/search` or `/digest`."
            )
        await send_pages(interaction, story_pages(record))

    @app_commands.command(name="article", description="The full summary of one article")
    @app_commands.describe(id="article number (shown as #id in results)")
    @app_commands.guild_only()
    async def article(
        self, interaction: discord.Interaction, id: app_commands.Range[int, 1, ROW_ID_MAX]
    ) -> None:
        guild_id = guild_of(interaction)
        a = await self.bot.store.get_article(id, guild_id=guild_id) if _row_id(id) else None
        if a is None:
            raise UserError(
                f"No article #{_shown_id(id)} in this server's feeds. Find ids with `/search` or `/digest`."
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


def _row_id(value: object) -> bool:
    """Whether an id option names a row at all: Discord checks type and range in its client,
    but a hand-made request may send anything."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= ROW_ID_MAX


def _shown_id(value: object) -> str:
    return str(value) if isinstance(value, int) else code(str(value), 40)


def _quotes_by_story(
    hits: list[QuoteHit], records: list[StoryRecord]
) -> list[tuple[StoryRecord | None, list[QuoteHit]]]:
    """Quote hits as one entry per story (first-hit order), each quote once per story: wire
    copy carried by several outlets is one quote."""
    of = {a.id: r for r in records for a in r.articles}
    groups: dict[tuple[str, int], tuple[StoryRecord | None, list[QuoteHit]]] = {}
    for h in hits:
        r = of.get(h.article_id)
        key = ("story", r.id) if r else ("article", h.article_id)
        entry = groups.setdefault(key, (r, []))
        if all((q.speaker, q.text) != (h.speaker, h.text) for q in entry[1]):
            entry[1].append(h)
    return list(groups.values())


def _quotes_line(
    group: tuple[StoryRecord | None, list[QuoteHit]], sources: dict[int, str | None]
) -> str:
    record, quotes = group
    first = quotes[0]
    ref = f"#{first.article_id}"
    if record is not None:
        others = len(record.outlets) - 1
        ref = f"story {record.id} · {ref}" + (
            f" · +{others} more outlet{'s' if others != 1 else ''}" if others else ""
        )
    lines = [f"**{safe(first.article_title, 150)}** ({ref})"]
    lines += [
        quote_line(q.speaker, q.text, sources.get(q.article_id), 180)
        for q in quotes[:QUOTES_PER_STORY]
    ]
    if len(quotes) > QUOTES_PER_STORY:
        lines.append(
            f"+{len(quotes) - QUOTES_PER_STORY} more quotes: `/story {record.id}`" if record else ""
        )
    return "\n".join(line for line in lines if line)


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
