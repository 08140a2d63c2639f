"""Digests: the stories of a time window, one entry per story, grouped by topic, as plain data
and as text.

A story is one event across outlets (see stories/ and store.StoryRecord). Its entry shows the
headline of the article that best represents it, every outlet that carried it, the summary, the
story's key actors, up to three quotes by different speakers (each with its outlet) and the
dates. The Discord embeds (bot/discord/embeds.py) and the CLI renderers below share `Story` and
`Digest`, so what a channel shows and what `wirewatch digest` prints are the same selection.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from store.base import Store, StoredArticle, StoryRecord
from store.text import name_key
from stories.vectors import add, article_vector, cosine
from summarizer.models import DateRef, Quote

MAX_ACTORS = 5
MAX_DATES = 3
MAX_QUOTES = 3
GENERIC_TOPICS = {"world", "news", "analysis"}  # feed-level labels: group under them last
# Outlets a story needs before its summary is written from all of them, not its lead article.
STORY_SUMMARY_OUTLETS = 3


@dataclass(frozen=True)
class Coverage:
    """One outlet's article of a story."""

    article_id: int
    title: str
    url: str | None
    source: str | None
    published: datetime | None


@dataclass(frozen=True)
class SourcedQuote:
    speaker: str | None
    text: str
    source: str | None  # the outlet that carried it
    article_id: int


@dataclass(frozen=True)
class Story:
    article_id: int  # the lead article: its headline, link and time head the entry
    title: str
    url: str | None
    source: str | None
    published: datetime | None
    summary: str
    actors: list[str] = field(default_factory=list)
    dates: list[DateRef] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    quotes: list[SourcedQuote] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)  # every article, oldest first
    story_id: int | None = None
    version: int = 0

    @property
    def quote(self) -> SourcedQuote | None:
        return self.quotes[0] if self.quotes else None

    @property
    def outlets(self) -> list[str]:
        names = [c.source or "unknown source" for c in self.coverage]
        return list(dict.fromkeys(names)) or [self.source or "unknown source"]

    def outlet_links(self) -> list[tuple[str, str | None]]:
        """Each outlet once, with the link of its first article of the story."""
        seen: dict[str, str | None] = {}
        for c in self.coverage:
            seen.setdefault(c.source or "unknown source", c.url)
        return list(seen.items())


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


def best_quotes(
    articles: Sequence[StoredArticle], n: int | None = MAX_QUOTES
) -> list[SourcedQuote]:
    """The quotes a reader most wants: attributed to a key actor (of any of the articles),
    then the longest; one per speaker, so different voices come before a second line from
    the first. `n=None`: every attributed quote, grouped by speaker in that order."""
    key = {name_key(x.name) for a in articles for x in a.summary.actors if x.key}
    pool: dict[str, SourcedQuote] = {}
    for a in articles:
        for raw in a.summary.quotes:
            if raw.speaker and raw.text not in pool:
                pool[raw.text] = SourcedQuote(raw.speaker, raw.text, a.source, a.id)
    ranked = sorted(
        pool.values(),
        key=lambda q: (name_key(q.speaker or "") in key, min(len(q.text), 300)),
        reverse=True,
    )
    if n is None:
        order = list(dict.fromkeys(name_key(q.speaker or "") for q in ranked))
        return sorted(ranked, key=lambda q: order.index(name_key(q.speaker or "")))
    chosen: list[SourcedQuote] = []
    for q in ranked:
        if all(name_key(c.speaker or "") != name_key(q.speaker or "") for c in chosen):
            chosen.append(q)
    return chosen[:n]


def story_actors(articles: Sequence[StoredArticle], n: int = MAX_ACTORS) -> list[str]:
    """Key actors across the articles: named key by the most articles, then most mentioned."""
    as_key: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    name: dict[str, str] = {}
    for a in articles:
        actors = [x for x in a.summary.actors if x.key] or a.summary.actors
        for x in actors:
            k = name_key(x.name)
            name.setdefault(k, x.name)
            as_key[k] += 1
            mentions[k] += x.mentions
    ranked = sorted(name, key=lambda k: (-as_key[k], -mentions[k], k))
    return [name[k] for k in ranked[:n]]


def story_dates(articles: Sequence[StoredArticle], n: int | None = MAX_DATES) -> list[DateRef]:
    """The days the articles name, each once (its first mention carries the context), in
    order; an article's own publication day says nothing a reader doesn't see already."""
    unique: dict[str, DateRef] = {}
    for a in articles:
        own_day = a.published.date().isoformat() if a.published else None
        for d in a.summary.dates:
            if d.value != own_day:
                unique.setdefault(d.value, d)
    dates = sorted(unique.values(), key=lambda d: d.value)
    return dates if n is None else dates[:n]


def central_lead(summaries: Iterable[str]) -> str:
    """Of the articles' summaries, the one closest to what they all say (rules backend's
    story summary: no sentence is invented, the most representative one is chosen)."""
    texts = [s for s in dict.fromkeys(summaries) if s.strip()]
    if len(texts) <= 1:
        return texts[0] if texts else ""
    vectors = [article_vector("", t) for t in texts]
    total = add({}, *vectors)
    best = max(range(len(texts)), key=lambda i: (cosine(vectors[i], total), -i))
    return texts[best]


def _coverage(a: StoredArticle) -> Coverage:
    return Coverage(a.id, a.title or a.summary.title, a.url, a.source, a.published)


def story_from_articles(
    articles: Sequence[StoredArticle],
    lead: StoredArticle,
    *,
    story_id: int | None = None,
    version: int = 0,
    summary: str | None = None,
    quotes: int | None = MAX_QUOTES,
    dates: int | None = MAX_DATES,
) -> Story:
    if summary is None:
        outlets = {a.source for a in articles}
        summary = (
            central_lead(a.summary.summary for a in articles)
            if len(outlets) >= STORY_SUMMARY_OUTLETS
            else lead.summary.summary
        )
    return Story(
        article_id=lead.id,
        title=lead.title or lead.summary.title,
        url=lead.url,
        source=lead.source,
        published=lead.published,
        summary=summary,
        actors=story_actors(articles),
        dates=story_dates(articles, dates),
        topics=list(dict.fromkeys(t for a in articles for t in a.topics)),
        quotes=best_quotes(articles, quotes),
        coverage=[_coverage(a) for a in articles],
        story_id=story_id,
        version=version,
    )


def story_from_record(
    r: StoryRecord,
    *,
    summary: str | None = None,
    quotes: int | None = MAX_QUOTES,
    dates: int | None = MAX_DATES,
) -> Story:
    return story_from_articles(
        r.articles,
        r.lead,
        story_id=r.id,
        version=r.version,
        summary=summary,
        quotes=quotes,
        dates=dates,
    )


def story_from_article(a: StoredArticle) -> Story:
    """One article on its own (`/article`, a search hit)."""
    return story_from_articles([a], a, story_id=a.story_id)


def group_by_topic(stories: list[Story], only: str | None = None) -> list[TopicGroup]:
    """Each story once, under its most specific topic. Groups come in the order of their most
    important story (the input is ranked), generic topics last; a group keeps the rank order."""
    groups: dict[str, list[Story]] = {}
    for st in stories:
        if only:
            topic = only
        else:
            specific = [t for t in st.topics if t not in GENERIC_TOPICS]
            topic = (specific or st.topics or ["other"])[0]
        groups.setdefault(topic, []).append(st)
    # A stable sort: groups keep the order of their first (most important) story.
    order = sorted(groups, key=lambda t: t in GENERIC_TOPICS or t == "other")
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
    story_summary: Callable[[StoryRecord], Awaitable[str | None]] | None = None,
) -> Digest:
    """`story_summary`: asked for each story's summary (the OpenAI backend writes one for a
    story of three or more outlets); where it answers None, the rules pick stands."""
    records = await store.list_stories(
        since=since,
        until=until,
        topic=topic,
        guild_id=guild_id,
        limit=max_stories,
        announced_only=announced_only,
    )
    summaries: dict[int, str | None] = {}
    if story_summary is not None:  # all at once: the backend bounds its own concurrency
        wanted = [r for r in records if len(r.outlets) >= STORY_SUMMARY_OUTLETS]
        answers = await asyncio.gather(*(story_summary(r) for r in wanted), return_exceptions=True)
        for r, answer in zip(wanted, answers, strict=True):
            if isinstance(answer, BaseException):
                logging.getLogger(__name__).error("story %s: summary failed: %r", r.id, answer)
            summaries[r.id] = answer if isinstance(answer, str) and answer else None
    stories = [story_from_record(r, summary=summaries.get(r.id)) for r in records]
    return Digest(since=since, until=until, groups=group_by_topic(stories, only=topic))


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def story_json(st: Story) -> Mapping[str, object]:
    """A story as `wirewatch stories --format json` prints it (and digests embed it)."""
    return {
        "story": st.story_id,
        "title": st.title,
        "url": st.url,
        "published": _iso(st.published),
        "summary": st.summary,
        "outlets": st.outlets,
        "articles": [
            {
                "id": c.article_id,
                "title": c.title,
                "source": c.source,
                "url": c.url,
                "published": _iso(c.published),
            }
            for c in st.coverage
        ],
        "actors": st.actors,
        "quotes": [
            {"speaker": q.speaker, "text": q.text, "source": q.source, "article_id": q.article_id}
            for q in st.quotes
        ],
        "dates": [d.model_dump() for d in st.dates],
        "topics": st.topics,
    }


def render_json(d: Digest) -> str:
    return json.dumps(
        {
            "since": _iso(d.since),
            "until": _iso(d.until),
            "topics": [
                {"topic": g.topic, "stories": [story_json(s) for s in g.stories]} for g in d.groups
            ],
        },
        ensure_ascii=False,
        indent=2,
    )


def _date_line(dates: Sequence[DateRef]) -> str:
    return "; ".join(f"{x.value} ({x.context or x.text})" for x in dates)


def _ids(st: Story) -> str:
    return f"story {st.story_id} · #{st.article_id}" if st.story_id else f"#{st.article_id}"


def _outlets_line(st: Story) -> str:
    n = len(st.outlets)
    return f"{n} outlet{'s' if n != 1 else ''}: {', '.join(st.outlets)}"


def _quote_line(q: Quote | SourcedQuote) -> str:
    source = getattr(q, "source", None)
    return f"“{q.text}” — {q.speaker}" + (f" ({source})" if source else "")


def render_story_text(st: Story, *, full: bool = False) -> list[str]:
    out = [f"* {st.title}  [{_ids(st)}]", f"  {_outlets_line(st)}"]
    if full or len(st.coverage) > 1:
        for c in st.coverage:
            when = c.published.strftime("%Y-%m-%d %H:%M") if c.published else "undated"
            out.append(f"    - {c.source or 'unknown source'}: {c.title} ({when}) #{c.article_id}")
            if full and c.url:
                out.append(f"      {c.url}")
    elif st.url:
        out.append(f"  {st.url}")
    if st.summary:
        out.append(f"  {st.summary}")
    if st.actors:
        out.append(f"  Actors: {', '.join(st.actors)}")
    if full:
        for speaker, quotes in quotes_by_speaker(st.quotes):
            out.append(f"  {speaker}:")
            out += [f"    “{q.text}” ({q.source or 'unknown source'})" for q in quotes]
        out += [f"  {d.value}: {d.context or d.text}" for d in st.dates]
        return out
    out += [f"  {_quote_line(q)}" for q in st.quotes]
    if st.dates:
        out.append(f"  Dates: {_date_line(st.dates)}")
    return out


def quotes_by_speaker(quotes: Sequence[SourcedQuote]) -> list[tuple[str, list[SourcedQuote]]]:
    """Quotes grouped under their speaker (names folded: 'Putin' and 'putin' are one), in
    the order the speakers first appear."""
    groups: dict[str, tuple[str, list[SourcedQuote]]] = {}
    for q in quotes:
        speaker = q.speaker or "unattributed"
        groups.setdefault(name_key(speaker), (speaker, []))[1].append(q)
    return list(groups.values())


def render_text(d: Digest) -> str:
    if d.empty:
        return "No new stories in this window."
    out: list[str] = []
    for g in d.groups:
        out.append(f"== {g.topic.upper()} ({len(g.stories)}) ==")
        for st in g.stories:
            out += render_story_text(st)
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
            links = ", ".join(
                f"[{name}]({url})" if url else name for name, url in st.outlet_links()
            )
            out.append(f"*{len(st.outlets)} outlets: {links}* · {_ids(st)}\n")
            if st.summary:
                out.append(st.summary + "\n")
            if st.actors:
                out.append(f"**Actors:** {', '.join(st.actors)}  ")
            for q in st.quotes:
                out.append(f"> {_quote_line(q)}\n")
            if st.dates:
                out.append(f"**Dates:** {_date_line(st.dates)}\n")
    return "\n".join(out).rstrip() + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
