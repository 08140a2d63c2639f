"""A small seeded store: one default feed every guild follows, and one only guild B follows."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from store.base import FeedSpec, NewArticle, Store
from summarizer.models import Actor, DateRef, Quote, Summary
from tests.discord.conftest import GUILD_B


@dataclass
class Seeded:
    ceasefire: int
    taiwan: int
    everyone: int
    zeppelin: int


def _summary(
    title: str,
    text: str,
    actors: list[tuple[str, str]],
    quotes: list[tuple[str, str]],
    dates: list[tuple[str, str, str]],
) -> Summary:
    return Summary(
        id=title,
        title=title,
        summary=text,
        actors=[Actor(name=n, type=t, key=True) for n, t in actors],
        quotes=[Quote(speaker=s, text=q) for s, q in quotes],
        dates=[DateRef(text=t, value=v, context=c) for t, v, c in dates],
    )


async def _article(
    store: Store, feed_id: int, key: str, title: str, topics: list[str], summary: Summary
) -> int:
    aid = await store.add_article(
        NewArticle(
            feed_id=feed_id,
            dedupe_key=key,
            title=title,
            url=f"https://news.example/{key}",
            published=datetime(2024, 3, 1, 12, tzinfo=UTC),
            author=None,
            text=summary.summary,
            summary=summary,
            topics=topics,
        )
    )
    assert aid is not None
    return aid


async def seed(store: Store) -> Seeded:
    await store.sync_default_feeds([FeedSpec("https://wire.example/rss", "Wire One", ["world"])])
    wire = (await store.list_feeds())[0].id
    b_only = await store.add_feed(
        FeedSpec("https://b.example/rss", "Guild B Only", []), guild_id=GUILD_B
    )
    ceasefire = await _article(
        store,
        wire,
        "ceasefire",
        "Ceasefire talks resume in Geneva",
        ["ukraine-war", "diplomacy"],
        _summary(
            "Ceasefire talks resume in Geneva",
            "Negotiators met in Geneva on Monday to restart ceasefire talks.",
            [("Volodymyr Zelensky", "person"), ("United Nations", "organization")],
            [("Volodymyr Zelensky", "We are ready for a just peace")],
            [
                ("March 3", "2024-03-03", "next round of talks"),
                ("last June", "2023-06-01", "previous round"),
            ],
        ),
    )
    taiwan = await _article(
        store,
        wire,
        "taiwan",
        "Beijing warns over Taiwan drills",
        ["china"],
        _summary(
            "Beijing warns over Taiwan drills",
            "China's defence ministry warned against foreign drills near Taiwan.",
            [("Xi Jinping", "person"), ("China", "country")],
            [("Xi Jinping", "Reunification is unstoppable")],
            [("February 10", "2024-02-10", "drills began")],
        ),
    )
    everyone = await _article(
        store,
        wire,
        "everyone",
        "@everyone **Breaking** markets react",
        ["world"],
        _summary(
            "@everyone **Breaking** markets react",
            "Traders told @everyone and @here to sell.",
            [("Jane Market", "person")],
            [("Jane Market", "Sell everything @everyone")],
            [],
        ),
    )
    zeppelin = await _article(
        store,
        b_only.id,
        "zeppelin",
        "Secret story about zeppelins",
        ["aviation"],
        _summary(
            "Secret story about zeppelins",
            "Airships return to the skies over Lake Constance.",
            [("Hugo Eckener", "person")],
            [("Hugo Eckener", "The airship is back")],
            [],
        ),
    )
    return Seeded(ceasefire, taiwan, everyone, zeppelin)


async def add_story(
    store: Store, key: str, title: str, topic: str = "world", text: str | None = None
) -> int:
    """One plain story (no actors, quotes or dates) on the default feed; without a text, one of
    words made up for the key, so it is a story of its own."""
    if text is None:
        text = invented_words(1000 + zlib.crc32(key.encode()) % 6000)
    wire = next(f.id for f in await store.list_feeds() if f.is_default)
    return await _article(store, wire, key, title, [topic], _summary(title, text, [], [], []))


_SYLLABLES = ["ka", "ro", "mi", "tes", "vor", "lun", "pa", "zed"]
_SYLLABLES += ["qui", "bel", "dra", "nox", "fen", "gil", "hu", "jor"]


def invented_words(n: int, count: int = 8) -> str:
    """Made-up names no other call shares: texts of different stories that never cluster."""

    def word(k: int) -> str:
        return "".join(_SYLLABLES[(k >> s) & 15] for s in (0, 4, 8, 12)).capitalize() + "ek"

    return " ".join(word(n * count + k) for k in range(count)) + "."


async def more_stories(store: Store, count: int, topic: str = "world") -> list[int]:
    """`count` more stories on the default feed (enough to split a digest over messages),
    each its own story: their texts share no words."""
    return [
        await add_story(store, f"filler-{i}", f"Filler story {i:02d}", topic, invented_words(i))
        for i in range(count)
    ]


async def set_stored_at(store: Store, article_id: int, when: datetime) -> None:
    """Move an article's stored time, so digest windows can be driven without waiting hours."""
    import sqlalchemy as sa

    from store.schema import articles

    engine = store.engine  # type: ignore[attr-defined]  # SqlStore: test data set-up only
    async with engine.begin() as conn:
        await conn.execute(
            sa.update(articles).where(articles.c.id == article_id).values(stored_at=when)
        )
