"""Digests: stored articles in a time window, grouped by topic, as plain data and as text.

The Discord embeds (bot/discord/embeds.py) and the CLI renderers below share `Digest`, so what
a channel shows and what `wirewatch digest` prints are the same selection.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from store.base import Store, StoredArticle
from summarizer.models import DateRef, Quote

MAX_ACTORS = 5
MAX_DATES = 3
MAX_QUOTES = 2
GENERIC_TOPICS = {"world", "news", "analysis"}  # feed-level labels: group under them last


@dataclass(frozen=True)
class Story:
    article_id: int
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str
    actors: list[str] = field(default_factory=list)
    quote: Quote | None = None  # the best one (embeds show it); `quotes` has the best few
    dates: list[DateRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(frozen=True)
class TopicGroup:
    topic: str
    stories: list[Story]


@dataclass(frozen=True)
class Digest:
    since: datetime | None
    until: datetime | None
    groups: list[TopicGroup]

    @property
    def empty(self) -> bool:
        return not any(g.stories for g in self.groups)

    @property
    def story_count(self) -> int:
        return sum(len(g.stories) for g in self.groups)


def best_quotes(a: StoredArticle, n: int = MAX_QUOTES) -> list[Quote]:
    """The quotes a reader most wants: attributed to a key actor, then the longest; at most
    one per speaker, so two voices are shown before a second line from the first."""
    s = a.summary
    key = {x.name for x in s.actors if x.key}
    ranked = sorted(
        (q for q in s.quotes if q.speaker),
        key=lambda q: (q.speaker in key, min(len(q.text), 300)),
        reverse=True,
    )
    chosen: list[Quote] = []
    for q in ranked:
        if all(c.speaker != q.speaker for c in chosen):
            chosen.append(q)
    return chosen[:n]


def story_from_article(a: StoredArticle) -> Story:
    s = a.summary
    actors = [x.name for x in s.actors if x.key] or [x.name for x in s.actors]
    quotes = best_quotes(a)
    published_day = a.published.date().isoformat() if a.published else None
    # The publication date itself says nothing a reader doesn't see already.
    dates = [d for d in s.dates if d.value != published_day]
    unique_dates: list[DateRef] = []
    for d in dates:  # first mention of each day wins: it carries the context
        if all(u.value != d.value for u in unique_dates):
            unique_dates.append(d)
    return Story(
        article_id=a.id,
        title=a.title or s.title,
        url=a.url,
        source=a.source,
        published=a.published,
        summary=s.summary,
        actors=actors[:MAX_ACTORS],
        quote=quotes[0] if quotes else None,
        dates=unique_dates[:MAX_DATES],
        topics=a.topics,
        quotes=quotes,
    )


def group_by_topic(stories: list[Story], only: str | None = None) -> list[TopicGroup]:
    """Each story once, under its most specific topic; biggest groups first."""
    groups: dict[str, list[Story]] = {}
    for st in stories:
        if only:
            topic = only
        else:
            specific = [t for t in st.topics if t not in GENERIC_TOPICS]
            topic = (specific or st.topics or ["other"])[0]
        groups.setdefault(topic, []).append(st)
    order = sorted(groups, key=lambda t: (t in GENERIC_TOPICS or t == "other", -len(groups[t]), t))
    return [TopicGroup(t, groups[t]) for t in order]


async def build_digest(
    store: Store,
    *,
    since: datetime | None,
    until: datetime | None = None,
    topic: str | None = None,
    guild_id: int | None = None,
    max_stories: int = 50,
    announced_only: bool = False,
) -> Digest:
    articles = await store.recent_articles(
        since=since,
        until=until,
        topic=topic,
        guild_id=guild_id,
        limit=max_stories,
        announced_only=announced_only,
    )
    stories = [story_from_article(a) for a in articles]
    return Digest(since=since, until=until, groups=group_by_topic(stories, only=topic))


def _story_json(st: Story) -> Mapping[str, object]:
    return {
        "id": st.article_id,
        "title": st.title,
        "url": st.url,
        "source": st.source,
        "published": st.published.isoformat() if st.published else None,
        "summary": st.summary,
        "actors": st.actors,
        "quote": st.quote.model_dump() if st.quote else None,
        "quotes": [q.model_dump() for q in st.quotes],
        "dates": [d.model_dump() for d in st.dates],
        "topics": st.topics,
    }


def render_json(d: Digest) -> str:
    return json.dumps(
        {
            "since": d.since.isoformat() if d.since else None,
            "until": d.until.isoformat() if d.until else None,
            "topics": [
                {"topic": g.topic, "stories": [_story_json(s) for s in g.stories]} for g in d.groups
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _date_line(st: Story) -> str:
    return "; ".join(f"{x.value} ({x.context or x.text})" for x in st.dates)


def render_text(d: Digest) -> str:
    if d.empty:
        return "No new stories in this window."
    out: list[str] = []
    for g in d.groups:
        out.append(f"== {g.topic.upper()} ({len(g.stories)}) ==")
        for st in g.stories:
            out.append(f"* {st.title}  [#{st.article_id}]")
            out.append(f"  {st.source or 'unknown source'}" + (f" · {st.url}" if st.url else ""))
            if st.summary:
                out.append(f"  {st.summary}")
            if st.actors:
                out.append(f"  Actors: {', '.join(st.actors)}")
            for q in st.quotes:
                out.append(f"  “{q.text}” — {q.speaker}")
            if st.dates:
                out.append(f"  Dates: {_date_line(st)}")
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_markdown(d: Digest) -> str:
    if d.empty:
        return "_No new stories in this window._\n"
    out: list[str] = []
    for g in d.groups:
        out.append(f"## {g.topic}\n")
        for st in g.stories:
            title = f"[{st.title}]({st.url})" if st.url else st.title
            out.append(f"### {title}")
            out.append(f"*{st.source or 'unknown source'}* · #{st.article_id}\n")
            if st.summary:
                out.append(st.summary + "\n")
            if st.actors:
                out.append(f"**Actors:** {', '.join(st.actors)}  ")
            for q in st.quotes:
                out.append(f"> “{q.text}” — **{q.speaker}**\n")
            if st.dates:
                out.append(f"**Dates:** {_date_line(st)}\n")
    return "\n".join(out).rstrip() + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
