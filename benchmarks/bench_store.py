"""Store benchmark: full-text search and recent-article listing on a SQLite file.

Inserts N synthetic articles (WIREWATCH_BENCH_ARTICLES, default 2000) through the real
``add_article`` path, then times ``search`` and ``recent_articles``. The baseline, measured in
the same run on the same file, is the naive alternative to an FTS index: a
``LIKE '%word%'`` scan over titles and summaries.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from store import FeedSpec, NewArticle, SqlStore, open_store
from store.schema import articles
from store.sql_base import article_columns
from summarizer.models import Actor, DateRef, Quote, Summary

_WORDS = [
    "ceasefire",
    "sanctions",
    "parliament",
    "election",
    "border",
    "talks",
    "summit",
    "embassy",
    "minister",
    "troops",
    "pipeline",
    "tariffs",
    "refugees",
    "drone",
    "strike",
    "treaty",
    "negotiations",
    "ports",
    "grain",
    "inflation",
    "protest",
    "coalition",
    "referendum",
    "blockade",
    "diplomat",
    "envoy",
    "humanitarian",
    "corridor",
    "reactor",
    "missile",
]
_PEOPLE = ["Vladimir Putin", "Kaja Kallas", "Antonio Guterres", "Olaf Scholz", "Xi Jinping"]
_TOPICS = ["ukraine", "middle-east", "china", "energy", "elections"]
_QUERIES = ["ceasefire talks", "sanctions", "missile strike", "Guterres", "grain corridor"]


def _filler(rng: random.Random) -> list[str]:
    """Pseudo-words standing in for the long tail of a news vocabulary."""
    letters = "abcdefghiklmnoprstuvwyz"
    return ["".join(rng.choices(letters, k=rng.randint(4, 9))) for _ in range(3000)]


def _article(
    rng: random.Random, filler: list[str], feed_id: int, i: int, start: datetime
) -> NewArticle:
    # Three topical words an article, so a query word matches about a tenth of the corpus.
    topical = rng.sample(_WORDS, 3)
    title = " ".join([*rng.sample(filler, 4), topical[0]]).capitalize()
    body = ". ".join(" ".join(rng.sample(filler, 11) + [w]) for w in topical)
    speaker = rng.choice(_PEOPLE)
    summary = Summary(
        id=f"bench-{i}",
        title=title,
        summary=body,
        actors=[Actor(name=p, type="person", mentions=rng.randint(1, 5)) for p in {speaker}],
        quotes=[Quote(speaker=speaker, text=" ".join(rng.sample(filler, 8)))],
        dates=[DateRef(text="last spring", value=f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}")],
    )
    return NewArticle(
        feed_id=feed_id,
        dedupe_key=f"bench-{i}",
        title=title,
        url=f"https://bench.example/{i}",
        published=start + timedelta(minutes=i),
        author=None,
        text=body,
        summary=summary,
        topics=[rng.choice(_TOPICS)],
    )


async def _rate(op: Callable[[], Awaitable[object]], seconds: float = 1.0) -> float:
    """Operations per second, run for about `seconds` after one warm-up call."""
    await op()
    done, t0 = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - t0) < seconds:
        await op()
        done += 1
    return done / elapsed


async def _run(path: Path, n: int) -> None:
    store = await open_store(f"sqlite:///{path}")
    assert isinstance(store, SqlStore)
    try:
        feed = await store.add_feed(FeedSpec(url="https://bench.example/rss", name="Bench"))
        rng = random.Random(7)
        filler = _filler(rng)
        start = datetime(2024, 1, 1, tzinfo=UTC)
        t0 = time.perf_counter()
        for i in range(n):
            await store.add_article(_article(rng, filler, feed.id, i, start))
        insert_s = time.perf_counter() - t0
        print(f"   add_article: {n / insert_s:8.0f} ops/s ({n} articles, one transaction each)")

        queries = iter(_QUERIES * 1_000_000)

        async def fts() -> object:
            return await store.search(next(queries), limit=20)

        async def like_scan() -> object:
            # Search without an index: each word a substring scan, same records loaded.
            words = next(queries).split()
            cond = sa.and_(
                *(
                    sa.or_(articles.c.title.ilike(f"%{w}%"), articles.c.summary.ilike(f"%{w}%"))
                    for w in words
                )
            )
            stmt = article_columns().where(cond).order_by(articles.c.stored_at.desc()).limit(20)
            async with store.engine.connect() as conn:
                return await store._articles(conn, stmt)

        async def recent() -> object:
            return await store.recent_articles(limit=50)

        async def recent_topic() -> object:
            return await store.recent_articles(topic="energy", limit=50)

        search_rate = await _rate(fts)
        like_rate = await _rate(like_scan)
        print(f"   search (FTS5, bm25): {search_rate:8.0f} ops/s")
        print(f"   baseline LIKE scan:  {like_rate:8.0f} ops/s")
        print(f"   search / baseline:   {search_rate / like_rate:8.2f}x")
        recent_rate = await _rate(recent)
        topic_rate = await _rate(recent_topic)
        print(f"   recent_articles(50): {recent_rate:8.0f} ops/s")
        print(f"   recent_articles(topic, 50): {topic_rate:8.0f} ops/s")
        print(f"   recent / baseline:   {recent_rate / like_rate:8.2f}x")
    finally:
        await store.close()


def main() -> None:
    n = int(os.environ.get("WIREWATCH_BENCH_ARTICLES", "2000"))
    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-") as tmp:
        asyncio.run(_run(Path(tmp) / "bench.db", n))


if __name__ == "__main__":
    main()
