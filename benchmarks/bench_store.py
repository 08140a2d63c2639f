"""Store at scale: N stored summaries on SQLite and on PostgreSQL, the lookups against LIKE scans.

N synthetic articles (WIREWATCH_BENCH_STORE_ARTICLES, default 200,000) are generated and
stored through the bulk path (``SqlStore.import_articles``: executemany per table, no stories),
then each lookup the bot answers from (``search``, ``articles_by_actor``, ``quotes``,
``timeline``) is timed, p50/p95, next to the naive query a plain script would write: a
``LIKE '%…%'`` scan, measured in the same run on the same database. Last, slash commands go
through the fake Discord (tests/discord/fake_discord.py) to the real bot, timed from the
INTERACTION_CREATE to the bot's answer, and the process's resident memory is read.

The default is not the issue's million: the bulk path stores about 2,000 articles a second
on a shared two-core machine (generation included), so a million takes 8 minutes on SQLite
and 11 on PostgreSQL; set WIREWATCH_BENCH_STORE_ARTICLES=1000000 for the full figure.
PostgreSQL is ANALYZEd after the import, as autovacuum would do: its plans depend on how
common a word or name is. SQLite's plans here do not (its ANALYZE is never run).

The data has a news-like skew: a few names and topical words in a large share of articles, a
long tail of names that appear in a handful; the queries ask for both. PostgreSQL runs on a
database created for the run and dropped after it (WIREWATCH_BENCH_PG, default the local
server); it is skipped when the server is not reachable.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from store import FeedSpec, NewArticle, SqlStore, open_store
from store.schema import articles, dates, quotes
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
# The head of the name distribution: one of them in about half the articles.
_PEOPLE = ["Vladimir Putin", "Kaja Kallas", "Antonio Guterres", "Olaf Scholz", "Xi Jinping"]
_TOPICS = ["ukraine", "middle-east", "china", "energy", "elections"]
_FEEDS = 20
_GUILD = 333_000_000_000_000_000
_BATCH = 2000  # articles per import transaction
_PG_ADMIN = os.environ.get("WIREWATCH_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


class _Corpus:
    """Deterministic synthetic articles; the vocabulary and name tail are fixed per seed."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        letters = "abcdefghiklmnoprstuvwyz"
        self.filler = [
            "".join(self.rng.choices(letters, k=self.rng.randint(4, 9))) for _ in range(3000)
        ]
        # A long tail of people, each in roughly one article in 2,500.
        self.tail = [
            f"{self.rng.choice(self.filler).capitalize()} {self.rng.choice(self.filler).capitalize()}"
            for _ in range(2500)
        ]

    def article(self, feed_ids: list[int], i: int, start: datetime) -> NewArticle:
        rng = self.rng
        topical = rng.sample(_WORDS, 3)  # a query word matches about a tenth of the corpus
        title = " ".join([*rng.choices(self.filler, k=4), topical[0]]).capitalize()
        body = ". ".join(" ".join([*rng.choices(self.filler, k=11), w]) for w in topical)
        people = [rng.choice(self.tail)]
        if rng.random() < 0.5:
            people.append(rng.choice(_PEOPLE))
        speaker = people[-1]
        summary = Summary(
            id=f"bench-{i}",
            title=title,
            summary=body,
            actors=[Actor(name=p, type="person", mentions=rng.randint(1, 5)) for p in people],
            quotes=[Quote(speaker=speaker, text=" ".join(rng.choices(self.filler, k=8)))],
            dates=[
                DateRef(text="last spring", value=f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}")
            ],
        )
        return NewArticle(
            feed_id=feed_ids[i % len(feed_ids)],
            dedupe_key=f"bench-{i}",
            title=title,
            url=f"https://bench.example/{i}",
            published=start + timedelta(seconds=i),
            author=None,
            text=body,
            summary=summary,
            topics=[rng.choice(_TOPICS)],
        )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def _latencies(op: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    """Milliseconds per call, after one warm-up call."""
    await op()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await op()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _p(ms: list[float], q: int) -> float:
    return statistics.quantiles(ms, n=100, method="inclusive")[q - 1] if len(ms) > 1 else ms[0]


def _cycle(items: list[Any]) -> Iterator[Any]:
    while True:
        yield from items


def _calls(
    op: Callable[[str], Awaitable[object]], args: list[str]
) -> Callable[[], Awaitable[object]]:
    """A call of `op` with the next of `args`, round and round."""
    each = _cycle(args)
    return lambda: op(next(each))


async def _fill(store: SqlStore, n: int) -> tuple[list[int], _Corpus]:
    corpus = _Corpus()
    specs = [
        FeedSpec(url=f"https://bench.example/{f}/rss", name=f"Bench {f}") for f in range(_FEEDS)
    ]
    await store.sync_default_feeds(specs)
    await store.ensure_guild(_GUILD)  # follows every default feed
    feed_ids = [f.id for f in await store.list_feeds()]
    start = datetime.now(UTC) - timedelta(seconds=n)
    t0 = time.perf_counter()
    in_store = 0.0
    for lo in range(0, n, _BATCH):
        batch = [corpus.article(feed_ids, i, start) for i in range(lo, min(n, lo + _BATCH))]
        t1 = time.perf_counter()
        await store.import_articles(batch)
        in_store += time.perf_counter() - t1
    total = time.perf_counter() - t0
    if store.dialect.name == "postgresql":
        # What autovacuum does after a big import, without waiting for it: the planner needs
        # to know how common a word or name is to pick a plan for it.
        async with store.engine.begin() as conn:
            await conn.execute(sa.text("ANALYZE"))
    print(
        f"   bulk import: {n / total:8.0f} articles/s generated and stored"
        f" ({n / in_store:.0f}/s in import_articles; {n} articles, {total:.0f} s)"
    )
    return feed_ids, corpus


def _naive(store: SqlStore) -> dict[str, Callable[[str], Awaitable[object]]]:
    """What a script without indexes would run: substring scans, the same rows loaded."""

    async def rows(stmt: sa.Select[Any]) -> object:
        async with store.engine.connect() as conn:
            return (await conn.execute(stmt)).all()

    newest = (articles.c.stored_at.desc(), articles.c.id.desc())

    async def search(q: str) -> object:
        cond = sa.and_(
            *(
                sa.or_(articles.c.title.ilike(f"%{w}%"), articles.c.summary.ilike(f"%{w}%"))
                for w in q.split()
            )
        )
        async with store.engine.connect() as conn:
            stmt = article_columns().where(cond).order_by(*newest).limit(20)
            return await store._articles(conn, stmt)

    async def by_actor(name: str) -> object:
        async with store.engine.connect() as conn:
            stmt = article_columns().where(articles.c.summary.ilike(f"%{name}%"))
            return await store._articles(conn, stmt.order_by(*newest).limit(20))

    async def quotes_of(name: str) -> object:
        return await rows(
            sa.select(quotes, articles.c.title)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(quotes.c.speaker.ilike(f"%{name}%"))
            .order_by(*newest, quotes.c.position)
            .limit(20)
        )

    async def timeline(name: str) -> object:
        return await rows(
            sa.select(dates, articles.c.title)
            .join(articles, articles.c.id == dates.c.article_id)
            .where(articles.c.summary.ilike(f"%{name}%"))
            .order_by(dates.c.value, articles.c.published, dates.c.id)
            .limit(50)
        )

    return {
        "search": search,
        "articles_by_actor": by_actor,
        "quotes": quotes_of,
        "timeline": timeline,
    }


async def _lookups(store: SqlStore, corpus: _Corpus, runs: int, naive_runs: int) -> None:
    rare = corpus.tail[:3]
    asked: dict[str, tuple[list[str], Callable[[str], Awaitable[object]]]] = {
        "search": (
            ["ceasefire talks", "sanctions", "missile strike", "Guterres", rare[0].split()[1]],
            lambda q: store.search(q, limit=20),
        ),
        "articles_by_actor": (
            ["Vladimir Putin", "Kallas", rare[0], rare[1]],
            lambda q: store.articles_by_actor(q, limit=20),
        ),
        "quotes": (
            ["Antonio Guterres", "Scholz", rare[1], rare[2]],
            lambda q: store.quotes(speaker=q, limit=20),
        ),
        "timeline": (
            ["Xi Jinping", "energy", rare[0], rare[2]],
            lambda q: store.timeline(q, limit=50),
        ),
    }
    naive = _naive(store)
    print(
        f"   {'query':<18} {'p50 ms':>8} {'p95 ms':>8} {'LIKE p50':>9} {'LIKE p95':>9} {'ratio p95':>9}"
    )
    for name, (args, op) in asked.items():
        ms = await _latencies(_calls(op, args), runs)
        base = await _latencies(_calls(naive[name], args), naive_runs)
        print(
            f"   {name:<18} {_p(ms, 50):8.2f} {_p(ms, 95):8.2f} {_p(base, 50):9.1f}"
            f" {_p(base, 95):9.1f} {_p(ms, 95) / _p(base, 95):9.4f}x"
        )


async def _interactions(store: SqlStore, url: str, corpus: _Corpus, runs: int) -> None:
    """Slash commands answered by the real bot connected to the fake Discord on loopback."""
    import discord
    import yarl

    from bot.discord.client import WirewatchBot
    from bot.settings import load_settings
    from tests.discord.fake_discord import FakeDiscord

    fake = FakeDiscord()
    fake.add_guild(_GUILD, "Bench")
    await fake.start()
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    settings = load_settings(
        env={"WIREWATCH_DISCORD_API_BASE": fake.api_base, "WIREWATCH_DATABASE_URL": url}
    )
    bot = WirewatchBot(store=store, settings=settings, pipeline=None, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start("fake-token"))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        commands = _cycle(
            [
                ("search", {"query": "ceasefire talks"}),
                ("actor", {"name": "Vladimir Putin"}),
                ("quotes", {"speaker": "Kallas"}),
                ("search", {"query": corpus.tail[0].split()[1]}),
                ("actor", {"name": corpus.tail[1]}),
                ("quotes", {"speaker": corpus.tail[2]}),
            ]
        )

        async def one() -> object:
            name, options = next(commands)
            return await fake.command(name, options, guild_id=_GUILD, wait_s=60)

        ms = await _latencies(one, runs)
        print(
            f"   interaction via fake Discord (/search, /actor, /quotes):"
            f" p50 {_p(ms, 50):.1f} ms, p95 {_p(ms, 95):.1f} ms ({runs} runs)"
        )
    finally:
        await bot.close()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await fake.stop()
        discord.http.Route.BASE = base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(str(gateway))


async def _bench(url: str, n: int) -> None:
    store = await open_store(url)
    assert isinstance(store, SqlStore)
    try:
        _, corpus = await _fill(store, n)
        print(f"   resident memory with {n} stored: {_rss_mb():.0f} MB")
        await _lookups(store, corpus, runs=60, naive_runs=4)
        await _interactions(store, url, corpus, runs=30)
        print(f"   resident memory after the lookups: {_rss_mb():.0f} MB")
    finally:
        await store.close()


async def _postgres(n: int) -> None:
    import asyncpg

    name = f"wirewatch_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        admin = await asyncpg.connect(_PG_ADMIN, timeout=10)
    except (OSError, asyncpg.PostgresError, TimeoutError) as e:
        print(f"   PostgreSQL skipped: not reachable ({e})")
        return
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        host = _PG_ADMIN.rsplit("/", 1)[0].split("://", 1)[1]
        await _bench(f"postgresql+asyncpg://{host}/{name}", n)
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    n = int(os.environ.get("WIREWATCH_BENCH_STORE_ARTICLES", "200000"))
    backends = os.environ.get("WIREWATCH_BENCH_STORE_BACKENDS", "sqlite,postgresql").split(",")
    if "sqlite" in backends:
        print(f"-- SQLite, {n} articles")
        with tempfile.TemporaryDirectory(prefix="wirewatch-bench-") as tmp:
            asyncio.run(_bench(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", n))
    if "postgresql" in backends:
        print(f"-- PostgreSQL, {n} articles")
        asyncio.run(_postgres(n))


if __name__ == "__main__":
    main()
