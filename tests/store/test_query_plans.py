"""The lookups' query plans use the indexes that keep them flat at a million articles.

Not timed: each lookup's SELECTs are captured as the store sends them and explained (EXPLAIN
QUERY PLAN on SQLite; EXPLAIN on PostgreSQL with sequential scans priced out, since a
planner rightly scans a table of a few rows). A plan must reach the named index and must
never scan articles, the table that grows to a million rows, from end to end.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import sqlalchemy as sa

from store import SqlStore, open_store
from summarizer.models import DateRef, Quote

from .conftest import _empty
from .factories import article, feed, person

G = 444_000_000_000_000_000


@pytest.fixture
async def stored(store: SqlStore) -> None:
    await _store_three(store)


async def _store_three(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    for i in range(3):
        await store.add_article(
            article(
                feed_id,
                f"k{i}",
                "Sanctions talks",
                "sanctions were discussed",
                topics=["energy"],
                actors=[person("Vladimir Putin")],
                quotes=[Quote(speaker="Vladimir Putin", text="We will respond.")],
                dates=[DateRef(text="in 2022", value="2022")],
            )
        )
    await store.ensure_guild(G)


Lookup = Callable[[SqlStore], Awaitable[object]]

CASES: list[tuple[str, Lookup, str]] = [
    ("search", lambda s: s.search("sanctions", guild_id=G), "articles_fts|search_vector"),
    ("actor", lambda s: s.articles_by_actor("Putin", guild_id=G), "ix_name_terms_key_article"),
    ("actor keys", lambda s: s.articles_by_actor("Putin"), "ix_name_terms_term_key"),
    ("quotes by speaker", lambda s: s.quotes(speaker="Putin"), "ix_quotes_speaker_article"),
    (
        "quotes by topic",
        lambda s: s.quotes(topic="energy", guild_id=G),
        "ix_article_topics_topic_article",
    ),
    ("quotes", lambda s: s.quotes(guild_id=G), "ix_quotes_article"),
    ("timeline of a topic", lambda s: s.timeline("energy"), "ix_article_topics_topic_article"),
    ("timeline of an actor", lambda s: s.timeline("Putin"), "ix_name_terms_key_article"),
]


async def _plans(store: SqlStore, lookup: Lookup) -> list[str]:
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, params))

    sa.event.listen(store.engine.sync_engine, "before_cursor_execute", capture)
    try:
        await lookup(store)
    finally:
        sa.event.remove(store.engine.sync_engine, "before_cursor_execute", capture)
    plans = []
    async with store.engine.connect() as conn:
        if store.dialect.name == "postgresql":
            await conn.exec_driver_sql("SET enable_seqscan = off")
        explain = "EXPLAIN QUERY PLAN " if store.dialect.name == "sqlite" else "EXPLAIN "
        for statement, params in sent:
            rows = (await conn.exec_driver_sql(explain + statement, params)).all()
            plans.append("\n".join(str(r[-1]) for r in rows))
    return plans


# SQLite's "SCAN articles USING INDEX ..." walks an index in order: not a full scan.
_FULL_SCAN = re.compile(r"(SCAN|Seq Scan on) articles(?!_)(?!.* USING )")


def _scans_articles(plan: str) -> bool:
    return any(_FULL_SCAN.search(line) for line in plan.splitlines())


@pytest.mark.parametrize(("name", "lookup", "index"), CASES, ids=[c[0] for c in CASES])
async def test_lookup_plans_use_their_index(
    store: SqlStore, stored: None, name: str, lookup: Lookup, index: str
) -> None:
    plans = await _plans(store, lookup)
    assert plans, "the lookup sent no SELECT"
    assert not [p for p in plans if _scans_articles(p)], plans
    assert any(i in p for p in plans for i in index.split("|")), plans


@pytest.mark.postgres
async def test_postgresql_plans_each_lookup_for_its_own_words(pg_url: str) -> None:
    """asyncpg prepares each statement; after five runs PostgreSQL may keep one generic plan
    for every parameter, which for a common word scans all its matches. Every run of a
    search gets a plan for its own words (a custom plan), however often it is asked; other
    statements keep PostgreSQL's choice (the story candidate query's cached plan)."""
    store = await open_store(pg_url)
    assert isinstance(store, SqlStore)
    try:
        await _empty(store)
        await _store_three(store)
        for _ in range(8):
            await store.search("sanctions", guild_id=G)
        rows = await _plan_counts(store)
    finally:
        await store.close()
    assert rows, "the search was not a prepared statement on this connection"
    assert all(generic == 0 for generic, _ in rows), rows
    assert sum(custom for _, custom in rows) >= 8, rows


async def _plan_counts(store: SqlStore) -> list[Any]:
    async with store.engine.connect() as conn:
        rows = (
            await conn.exec_driver_sql(
                "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
                " WHERE statement LIKE '%plainto_tsquery%'"
                " AND statement NOT LIKE '%pg_prepared_statements%'"
            )
        ).all()
    return list(rows)
