"""Shared plumbing of the SQL store: transactions, guild scoping and row → record conversion."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from store.base import StoredArticle
from store.dialects import WRITE_OPTION, Dialect
from store.schema import article_feeds, article_topics, articles, feeds, guild_feeds
from stories.decide import Params
from summarizer.models import Summary

T = TypeVar("T")

# SQLite allows 32766 bound parameters per statement; stay far below for IN (...) lists.
CHUNK = 500
# The matching articles a lookup (search, actor, quotes, timeline) reads, newest first, before
# it orders them: its cost stays that of a few hundred rows at a million stored. Newest by id:
# ids grow with the stored time (a writer reads the clock under the write lock).
LOOKUP_DEPTH = 500


def following() -> sa.ColumnElement[bool]:
    """A guild_feeds row (joined to its feed) that means the guild follows the feed: a
    default it has not removed, or one it added itself. The one rule for every query."""
    return sa.and_(sa.not_(guild_feeds.c.removed), sa.or_(guild_feeds.c.own, feeds.c.is_default))


class SqlBase:
    def __init__(self, engine: AsyncEngine, dialect: Dialect) -> None:
        self.engine = engine
        self.dialect = dialect
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        # How articles cluster into stories (the window is a setting: see bot.settings).
        self.story_params = Params()
        # SQLite serves one process (store/process_lock.py); PostgreSQL any number.
        self.shared = dialect.name == "postgresql"

    async def close(self) -> None:
        await self.engine.dispose()

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        async with self._write_engine.begin() as conn:
            yield conn

    @asynccontextmanager
    async def _read(self) -> AsyncIterator[AsyncConnection]:
        async with self.engine.connect() as conn:
            yield conn

    # -- guild scoping ------------------------------------------------------------------
    @staticmethod
    def _followed_feed_ids(guild_id: int) -> sa.Select[Any]:
        """Feeds a guild follows: defaults it has not removed, plus the ones it added."""
        return (
            sa.select(guild_feeds.c.feed_id)
            .join(feeds, feeds.c.id == guild_feeds.c.feed_id)
            .where(guild_feeds.c.guild_id == guild_id, following())
            .correlate(None)  # used as IN (...) inside queries over these same tables
        )

    def _article_scope(
        self, article_id: sa.ColumnElement[int], guild_id: int | None
    ) -> sa.ColumnElement[bool]:
        """True for articles the guild may see (any article when guild_id is None)."""
        if guild_id is None:
            return sa.true()
        # A probe of article_feeds' key per article the query reaches, not `id IN (every
        # article of the guild's feeds)`: that set is built in full first, a million rows
        # once a million are stored, however few articles the query reads.
        link = article_feeds.alias("scope_link")
        return (
            sa.select(link.c.article_id)
            .where(
                link.c.article_id == article_id,
                link.c.feed_id.in_(self._followed_feed_ids(guild_id)),
            )
            .exists()
        )

    # -- loading articles ---------------------------------------------------------------
    async def _articles(self, conn: AsyncConnection, stmt: sa.Select[Any]) -> list[StoredArticle]:
        """Run a select over `articles` columns and build records, keeping its order."""
        rows = (await conn.execute(stmt)).mappings().all()
        topics = await self._topics(conn, [r["id"] for r in rows])
        return [_stored_article(r, topics.get(r["id"], [])) for r in rows]

    @staticmethod
    async def _topics(conn: AsyncConnection, ids: Sequence[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for chunk in chunks(ids):
            rows = await conn.execute(
                sa.select(article_topics.c.article_id, article_topics.c.topic)
                .where(article_topics.c.article_id.in_(chunk))
                .order_by(article_topics.c.article_id, article_topics.c.position)
            )
            for article_id, topic in rows:
                found[article_id].append(topic)
        return found


def article_columns() -> sa.Select[Any]:
    # The story vector is only for re-clustering; readers never need its few kilobytes.
    return sa.select(*(c for c in articles.c if c.name != "story_vector"))


def with_topic(topic: str) -> sa.Select[Any]:
    """Ids of the articles tagged with `topic` (any case)."""
    return sa.select(article_topics.c.article_id).where(
        article_topics.c.topic == topic.strip().casefold()
    )


def _stored_article(row: Any, topics: list[str]) -> StoredArticle:
    return StoredArticle(
        id=row["id"],
        dedupe_key=row["dedupe_key"],
        title=row["title"],
        url=row["url"],
        source=row["source"],
        published=row["published"],
        stored_at=row["stored_at"],
        author=row["author"],
        text=row["text"],
        summary=Summary.model_validate_json(row["summary"]),
        topics=topics,
        announce=row["announce"],
        story_id=row["story_id"],
    )


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterable[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def insert_rows(
    conn: AsyncConnection, table: sa.Table, rows: Sequence[dict[str, Any]]
) -> None:
    """``conn.execute(table.insert(), rows)``, each column's values converted by its type
    once per column and handed to the driver's executemany as tuples. SQLAlchemy's own
    executemany builds and processes a parameter dict per row: py-spy of the bulk import had
    that (DefaultExecutionContext._init_compiled) at about a quarter of its samples.
    Every row has the same keys, the first row's."""
    if not rows:
        return
    dialect = conn.dialect
    keys = list(rows[0])
    # inline(): no RETURNING of the new ids (PostgreSQL would add one).
    compiled = table.insert().inline().compile(dialect=dialect, column_keys=keys)
    order = list(compiled.positiontup or keys)
    convert = [table.c[k].type.dialect_impl(dialect).bind_processor(dialect) for k in order]
    columns = [
        [r[k] for r in rows] if f is None else [f(r[k]) for r in rows]
        for k, f in zip(order, convert, strict=True)
    ]
    await conn.exec_driver_sql(compiled.string, list(zip(*columns, strict=True)))
