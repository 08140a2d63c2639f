"""Retention: pruning old articles with all their parts; pruned stories stay known."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic import command

from store import NewArticle, SqlStore, open_store, retention_ops
from store.retention_ops import tombstone_cutoff
from store.schema import (
    actors,
    article_feeds,
    article_tombstones,
    article_topics,
    articles,
    dates,
    digest_posts,
    name_terms,
    quotes,
)
from store.sql_store import alembic_config
from summarizer.models import Actor, DateRef, Quote

from .factories import article, feed, person

# Every table holding a part of an article, by its article_id column.
PARTS = (actors, article_feeds, article_topics, dates, name_terms, quotes)


def rich(feed_id: int, key: str, title: str) -> NewArticle:
    return article(
        feed_id,
        key,
        title=title,
        text=f"{title}: negotiators met again.",
        topics=["Ukraine", "diplomacy"],
        actors=[
            person("Vladimir Putin", mentions=2, aliases=["Putin"]),
            Actor(name="United Nations", type="organization", aliases=["UN"]),
        ],
        quotes=[Quote(speaker="Vladimir Putin", text=f"We are ready to talk about {key}.")],
        dates=[DateRef(text="next March", value="2025-03", context="summit")],
    )


async def count(store: SqlStore, table: sa.Table, article_id: int | None = None) -> int:
    stmt = sa.select(sa.func.count()).select_from(table)
    if article_id is not None:
        stmt = stmt.where(table.c.article_id == article_id)
    async with store.engine.connect() as conn:
        return int((await conn.execute(stmt)).scalar_one())


async def fts_rows(store: SqlStore) -> set[int]:
    """SQLite's FTS5 rowids (no foreign key: the store must delete them itself)."""
    async with store.engine.connect() as conn:
        rows = await conn.execute(sa.text("SELECT rowid FROM articles_fts"))
        return {int(r) for r in rows.scalars()}


async def backdate(store: SqlStore, article_id: int, days: float) -> None:
    when = datetime.now(UTC) - timedelta(days=days)
    async with store.engine.begin() as conn:
        await conn.execute(
            articles.update().where(articles.c.id == article_id).values(stored_at=when)
        )


async def add_old(store: SqlStore, new: NewArticle, days: float = 100) -> int:
    article_id = await store.add_article(new)
    assert article_id is not None
    await backdate(store, article_id, days)
    return article_id


def cutoff(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


async def test_prune_removes_old_articles_and_every_part_keeps_newer(store: SqlStore) -> None:
    wire, other = await feed(store, "Wire"), await feed(store, "Other")
    old_ids = [
        await add_old(store, rich(wire, "old1", "Ceasefire talks in Geneva")),
        await add_old(store, rich(wire, "old2", "Geneva summit postponed")),
    ]
    await store.link_known(other, [("old1", None)])  # a second feed link to cascade
    kept = await store.add_article(rich(wire, "new", "Geneva envoy returns"))
    assert kept is not None
    for table in PARTS:  # the old articles really have rows in every part table
        assert await count(store, table, old_ids[0]) > 0, table.name
    kept_parts = {t.name: await count(store, t, kept) for t in PARTS}
    assert len(await store.search("Geneva")) == 3

    assert await store.count_articles_before(cutoff(90)) == 2
    assert await store.prune_articles(cutoff(90)) == 2

    assert await count(store, articles) == 1
    assert {t.name: await count(store, t) for t in PARTS} == kept_parts
    assert [a.id for a in await store.search("Geneva")] == [kept]
    assert await store.search("postponed") == []
    if store.dialect.name == "sqlite":
        assert await fts_rows(store) == {kept}
    remaining = await store.get_article(kept)
    assert remaining is not None and remaining.topics == ["ukraine", "diplomacy"]
    assert await store.get_article(old_ids[0]) is None
    assert await store.count_articles_before(cutoff(90)) == 0


async def test_pruned_key_and_url_stay_known(store: SqlStore) -> None:
    wire, other = await feed(store, "Wire"), await feed(store, "Other")
    old = rich(wire, "guid:old", "Old story")
    await add_old(store, old)
    assert await store.prune_articles(cutoff(90)) == 1
    assert await count(store, articles) == 0

    assert await store.known_keys(["guid:old", "guid:fresh"]) == {"guid:old"}
    found = await store.link_known(
        other,
        [
            ("guid:old", None),  # by key
            ("guid:other-feeds-guid", old.url),  # the same story by canonical URL
            ("guid:fresh", "https://example.org/fresh"),
        ],
    )
    assert found == {"guid:old", "guid:other-feeds-guid"}
    assert await count(store, article_feeds) == 0  # nothing left to link

    assert await store.add_article(rich(other, "guid:old", "Old story")) is None
    same_url = NewArticle(**{**rich(other, "guid:new-guid", "Old story").__dict__, "url": old.url})
    assert await store.add_article(same_url) is None
    assert await count(store, articles) == 0
    # A story never pruned is still new.
    assert await store.add_article(rich(other, "guid:fresh", "Fresh story")) is not None


@pytest.mark.parametrize("old", [4, 5])  # a full last batch, and a partial one
async def test_prune_works_in_batches(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch, old: int
) -> None:
    monkeypatch.setattr(retention_ops, "PRUNE_BATCH", 2)
    wire = await feed(store, "Wire")
    for i in range(old):
        await add_old(store, rich(wire, f"old{i}", f"Story {i}"), days=100 + i)
    kept = await store.add_article(rich(wire, "new", "New story"))

    batches: list[int] = []
    write = store._write

    def counting_write() -> object:
        batches.append(1)
        return write()

    monkeypatch.setattr(store, "_write", counting_write)
    assert await store.prune_articles(cutoff(90)) == old
    # One transaction for expired tombstones, then one per batch of 2 (a full last batch
    # needs one more look to see nothing is left).
    assert len(batches) == 1 + old // 2 + 1

    assert [a.id for a in await store.recent_articles()] == [kept]
    assert await count(store, article_tombstones) == old
    assert await store.known_keys([f"old{i}" for i in range(old)]) == {
        f"old{i}" for i in range(old)
    }
    assert await count(store, quotes) == 1


async def test_prune_of_an_empty_database_returns_0(store: SqlStore) -> None:
    assert await store.count_articles_before(cutoff(-1)) == 0
    assert await store.prune_articles(cutoff(-1)) == 0
    assert await count(store, article_tombstones) == 0


async def test_count_articles_before_deletes_nothing(store: SqlStore) -> None:
    wire = await feed(store, "Wire")
    await add_old(store, rich(wire, "old", "Old story"))
    await store.add_article(rich(wire, "new", "New story"))
    assert await store.count_articles_before(cutoff(90)) == 1
    assert await store.count_articles_before(cutoff(-1)) == 2
    assert await count(store, articles) == 2 and await count(store, article_tombstones) == 0


async def age_tombstones(store: SqlStore, days: float) -> None:
    async with store.engine.begin() as conn:
        await conn.execute(article_tombstones.update().values(pruned_at=cutoff(days)))


@pytest.mark.parametrize(
    ("retention_days", "tombstone_age", "forgotten"),
    [
        (10, 25, False),  # twice 10 days is less than the 30-day floor
        (10, 35, True),
        (40, 70, False),  # kept twice the retention: 80 days
        (40, 85, True),
    ],
)
async def test_tombstones_are_forgotten_after_twice_the_retention(
    store: SqlStore, retention_days: int, tombstone_age: int, forgotten: bool
) -> None:
    wire = await feed(store, "Wire")
    await add_old(store, rich(wire, "old", "Old story"), days=retention_days + 1)
    assert await store.prune_articles(cutoff(retention_days)) == 1
    await age_tombstones(store, tombstone_age)

    assert await store.prune_articles(cutoff(retention_days)) == 0
    assert await store.known_keys(["old"]) == (set() if forgotten else {"old"})
    # Once forgotten, the story may be stored again (it left the feed long ago).
    stored_again = await store.add_article(rich(wire, "old", "Old story"))
    assert (stored_again is not None) == forgotten


async def test_an_explicit_bound_forgets_tombstones_but_not_the_ones_just_made(
    store: SqlStore,
) -> None:
    wire = await feed(store, "Wire")
    await add_old(store, rich(wire, "first", "First story"))
    assert await store.prune_articles(cutoff(90)) == 1
    await add_old(store, rich(wire, "second", "Second story"))
    # Everything before now is forgotten: the earlier tombstone, not this prune's own.
    assert await store.prune_articles(cutoff(90), forget_before=cutoff(-1)) == 1
    assert await store.known_keys(["first", "second"]) == {"second"}


def test_tombstone_cutoff_is_twice_the_retention_at_least_30_days() -> None:
    now = datetime(2026, 6, 1, tzinfo=UTC)
    assert tombstone_cutoff(now, now - timedelta(days=90)) == now - timedelta(days=180)
    assert tombstone_cutoff(now, now - timedelta(days=5)) == now - timedelta(days=30)
    # A bound in the future (prune everything) is a zero retention, not a negative one.
    assert tombstone_cutoff(now, now + timedelta(days=5)) == now - timedelta(days=30)


async def test_tombstones_survive_reopening_and_migrations_round_trip(
    store: SqlStore, db_url: str
) -> None:
    wire = await feed(store, "Wire")
    await add_old(store, rich(wire, "old", "Old story"))
    assert await store.prune_articles(cutoff(90)) == 1
    await store.close()

    again = await open_store(db_url)  # already at head: a no-op that keeps the tombstone
    assert isinstance(again, SqlStore)
    try:
        assert await again.known_keys(["old"]) == {"old"}

        def down_and_up(sync_conn: sa.Connection) -> list[bool]:
            config = alembic_config()
            config.attributes["connection"] = sync_conn
            command.downgrade(config, "0003")
            seen = [sa.inspect(sync_conn).has_table("article_tombstones")]
            command.upgrade(config, "head")
            return [*seen, sa.inspect(sync_conn).has_table("article_tombstones")]

        async with again.engine.begin() as conn:
            assert await conn.run_sync(down_and_up) == [False, True]
        assert await again.known_keys(["old"]) == set()  # the downgrade dropped the table
        assert await again.prune_articles(cutoff(90)) == 0
    finally:
        await again.close()


async def _prune_held_open(store: SqlStore, stored: NewArticle, article_id: int) -> sa.Connection:
    """What a prune batch does, on its own connection, left uncommitted."""
    conn = await store.engine.connect()
    await conn.begin()
    await conn.execute(
        article_tombstones.insert().values(
            dedupe_key=stored.dedupe_key, url=stored.url, pruned_at=datetime.now(UTC)
        )
    )
    await conn.execute(articles.delete().where(articles.c.id == article_id))
    return conn  # type: ignore[return-value]


async def test_a_story_pruned_while_it_is_stored_again_is_not_stored(store: SqlStore) -> None:
    import asyncio

    f = await feed(store, "F")
    old = article(f, "k1")
    article_id = await store.add_article(old)
    assert article_id is not None
    prune = await _prune_held_open(store, old, article_id)
    again = asyncio.create_task(store.add_article(article(f, "k1")))
    await asyncio.sleep(0.3)  # the store now waits on the prune's rows or write lock
    await prune.commit()
    await prune.close()
    assert await again is None
    assert await store.recent_articles() == []


async def test_linking_a_story_being_pruned_reports_it_known(store: SqlStore) -> None:
    import asyncio

    f, g = await feed(store, "F"), await feed(store, "G")
    old = article(f, "k1")
    article_id = await store.add_article(old)
    assert article_id is not None
    prune = await _prune_held_open(store, old, article_id)
    linking = asyncio.create_task(store.link_known(g, [("k1", old.url)]))
    await asyncio.sleep(0.3)
    await prune.commit()
    await prune.close()
    assert await linking == {"k1"}  # no foreign-key error, and not new


async def test_prune_drops_old_window_records_but_each_subscriptions_latest(
    store: SqlStore,
) -> None:
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    busy = await store.add_subscription(1, 10, None, "instant")
    quiet = await store.add_subscription(1, 11, None, "daily 08:00")
    for i in range(5):
        start = t0 + timedelta(minutes=i)
        await store.record_digest(busy.id, start, start + timedelta(minutes=1), [i])
    await store.record_digest(quiet.id, t0 - timedelta(days=1), t0, [99])
    await store.prune_articles(t0 + timedelta(days=30))
    async with store.engine.connect() as conn:
        rows = (
            await conn.execute(sa.select(digest_posts.c.subscription_id, digest_posts.c.window_end))
        ).all()
    assert sorted(rows) == sorted([(busy.id, t0 + timedelta(minutes=5)), (quiet.id, t0)])
    # The next windows still start where the last ones ended.
    assert await store.last_digest_window_end(busy.id) == t0 + timedelta(minutes=5)
    assert await store.last_digest_window_end(quiet.id) == t0
