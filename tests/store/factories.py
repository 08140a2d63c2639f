"""Small builders for store test data."""

from __future__ import annotations

from datetime import UTC, datetime

from store import FeedSpec, NewArticle, SqlStore
from summarizer.models import Actor, DateRef, Quote, Summary


def summary(
    key: str,
    title: str = "Talks resume",
    text: str = "",
    actors: list[Actor] | None = None,
    quotes: list[Quote] | None = None,
    dates: list[DateRef] | None = None,
    fallback_reason: str | None = None,
) -> Summary:
    return Summary(
        id=key,
        title=title,
        url=f"https://example.org/{key}",
        source="Example",
        published="2024-03-01T10:00:00+00:00",
        summary=text,
        actors=actors or [],
        quotes=quotes or [],
        dates=dates or [],
        fallback_reason=fallback_reason,
    )


def person(name: str, mentions: int = 1, aliases: list[str] | None = None) -> Actor:
    return Actor(name=name, type="person", mentions=mentions, aliases=aliases or [])


def article(
    feed_id: int,
    key: str,
    title: str = "Talks resume",
    text: str = "",
    topics: list[str] | None = None,
    announce: bool = True,
    **parts: object,
) -> NewArticle:
    return NewArticle(
        feed_id=feed_id,
        dedupe_key=key,
        title=title,
        url=f"https://example.org/{key}",
        published=datetime(2024, 3, 1, 10, 0, tzinfo=UTC),
        author="A. Writer",
        text=f"Body of {key}. {text}",
        summary=summary(key, title=title, text=text, **parts),  # type: ignore[arg-type]
        topics=topics or [],
        announce=announce,
    )


async def feed(store: SqlStore, name: str, guild_id: int | None = None) -> int:
    record = await store.add_feed(
        FeedSpec(url=f"https://{name}.example/rss", name=name), guild_id=guild_id
    )
    return record.id


async def add_all(store: SqlStore, articles: dict[str, NewArticle]) -> dict[str, int]:
    """Store each article in order; its new id by the same name."""
    ids = {}
    for name, new in articles.items():
        article_id = await store.add_article(new)
        assert article_id is not None, name
        ids[name] = article_id
    return ids
