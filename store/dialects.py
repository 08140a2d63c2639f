"""Everything that differs between SQLite and PostgreSQL, in one place.

The store is written once against SQLAlchemy Core; it asks a ``Dialect`` for the few things
that cannot be portable: the driver URL, connection setup, upsert constructs and full-text
search.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

from store.schema import articles

# Set on the engine used for writes; SQLite then takes the write lock when the transaction
# begins, so two writers queue on the busy timeout instead of failing with "locked".
WRITE_OPTION = "wirewatch_write"

# A condition on an article id column (the guild's scope, in practice).
Scope = Callable[[sa.ColumnElement[int]], sa.ColumnElement[bool]]

_ASYNC_DRIVERS = {
    "sqlite": "sqlite+aiosqlite",
    "postgres": "postgresql+asyncpg",
    "postgresql": "postgresql+asyncpg",
}


def async_url(url: str) -> URL:
    """Plain ``sqlite:///`` and ``postgresql://`` URLs mapped to the async drivers."""
    parsed = make_url(url)
    driver = _ASYNC_DRIVERS.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver)


class Dialect:
    name = ""

    def create_engine(self, url: URL) -> AsyncEngine:
        return create_async_engine(url)

    async def plan_each_run(self, conn: AsyncConnection) -> None:
        """The rest of this transaction plans each statement for its own parameters, where
        one plan for all would be far off for some (a common word against a rare one)."""

    def insert(self, table: sa.Table) -> Any:
        """An INSERT that supports ``on_conflict_do_nothing/do_update`` (same API on both)."""
        raise NotImplementedError

    async def index_articles(
        self, conn: AsyncConnection, items: Sequence[tuple[int, str, str]]
    ) -> None:
        """Search entries for (article id, title, body) triples, in one statement each."""
        raise NotImplementedError

    def search_hits(self, words: list[str], where: Scope, depth: int) -> sa.Subquery:
        """(article_id, rank) of the `depth` newest articles matching every word that pass
        `where`; a lower rank is a better match. Only those are ranked: ranking every match
        of a common word costs a scan of a tenth of the store."""
        raise NotImplementedError

    async def unindex_articles(self, conn: AsyncConnection, article_ids: list[int]) -> None:
        """Drop deleted articles' search entries where no foreign key cascade does it."""
        raise NotImplementedError

    async def serialize(self, conn: AsyncConnection, key: int) -> None:
        """Wait until no other process's transaction holding `key` is open, then hold it
        until this transaction ends: for work that several processes starting at once must
        do one after the other. SQLite's write transactions are serial already."""

    async def insert_indexed(
        self, conn: AsyncConnection, rows: list[dict[str, Any]], bodies: list[str]
    ) -> dict[str, int]:
        """Insert new article rows with their search entries (`bodies`: store.text.search_body
        of each); the new id of each dedupe key. The entries are index_articles' own."""
        found = await conn.execute(
            articles.insert().returning(articles.c.id, articles.c.dedupe_key), rows
        )
        ids = {key: int(article_id) for article_id, key in found}
        await self.index_articles(
            conn, [(ids[r["dedupe_key"]], r["title"], b) for r, b in zip(rows, bodies, strict=True)]
        )
        return ids


class SQLiteDialect(Dialect):
    name = "sqlite"
    _fts = sa.table("articles_fts", sa.column("rowid", sa.Integer))

    def create_engine(self, url: URL) -> AsyncEngine:
        database = url.database or ""
        in_memory = database in ("", ":memory:") or database.startswith("file::memory:")
        if in_memory:
            # One shared connection, or every connection would see its own empty database.
            engine = create_async_engine(url, poolclass=StaticPool)
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_async_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine, wal=not in_memory)
        return engine

    def insert(self, table: sa.Table) -> Any:
        return sqlite.insert(table)

    async def index_articles(
        self, conn: AsyncConnection, items: Sequence[tuple[int, str, str]]
    ) -> None:
        if not items:
            return
        params = [{"id": i, "title": title, "body": body} for i, title, body in items]
        await conn.execute(sa.text("DELETE FROM articles_fts WHERE rowid = :id"), params)
        await conn.execute(
            sa.text("INSERT INTO articles_fts (rowid, title, body) VALUES (:id, :title, :body)"),
            params,
        )

    async def unindex_articles(self, conn: AsyncConnection, article_ids: list[int]) -> None:
        # The FTS5 table is keyed by rowid alone, with no foreign key to cascade from articles:
        # left behind, its rows would grow forever and answer for a reused article id.
        await conn.execute(self._fts.delete().where(self._fts.c.rowid.in_(article_ids)))

    def search_hits(self, words: list[str], where: Scope, depth: int) -> sa.Subquery:
        # Each word as an FTS5 string: nothing the user typed can be read as query syntax.
        match = " ".join(f'"{w}"' for w in words)
        rank = sa.func.bm25(sa.literal_column("articles_fts"), 10.0, 1.0)
        # FTS5 walks a match in rowid order without sorting, and computes bm25 only for the
        # rows the LIMIT keeps.
        return (
            sa.select(self._fts.c.rowid.label("article_id"), rank.label("rank"))
            .where(
                sa.text("articles_fts MATCH :fts_match").bindparams(fts_match=match),
                where(self._fts.c.rowid),
            )
            .order_by(self._fts.c.rowid.desc())
            .limit(depth)
            .subquery("hits")
        )


def _configure_sqlite(engine: AsyncEngine, *, wal: bool) -> None:
    @sa.event.listens_for(engine.sync_engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, emit BEGIN (see _begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        if wal:  # readers keep going while one writer commits
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @sa.event.listens_for(engine.sync_engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# An article's search entry on PostgreSQL: the title weighs more than the body.
_TSVECTOR = (
    "setweight(to_tsvector('english', :search_title), 'A')"
    " || setweight(to_tsvector('english', :body), 'B')"
)
# The articles table as PostgreSQL has it, for inserts that set the vector.
_articles_with_vector = sa.Table(
    "articles",
    sa.MetaData(),
    *(c._copy() for c in articles.c),
    sa.Column("search_vector", postgresql.TSVECTOR),
)


class PostgresDialect(Dialect):
    name = "postgresql"
    _vector: sa.ColumnElement[Any] = sa.literal_column("articles.search_vector")

    async def plan_each_run(self, conn: AsyncConnection) -> None:
        # asyncpg prepares every statement, and after five runs PostgreSQL may switch one to
        # a generic plan for all parameters. For search that plan bitmap-scans every match of
        # a common word (70-90 ms at 200k articles, EXPLAIN ANALYZE) where the custom plan
        # walks the newest ids (5 ms). Not for every statement: the story candidate query
        # (64 sub-selects) plans in 6 ms, and runs in 1 on its cached plan.
        await conn.exec_driver_sql("SET LOCAL plan_cache_mode = force_custom_plan")

    def insert(self, table: sa.Table) -> Any:
        return postgresql.insert(table)

    async def index_articles(
        self, conn: AsyncConnection, items: Sequence[tuple[int, str, str]]
    ) -> None:
        if not items:
            return
        await conn.execute(
            sa.text(f"UPDATE articles SET search_vector = {_TSVECTOR} WHERE id = :id"),
            [{"id": i, "search_title": title, "body": body} for i, title, body in items],
        )

    async def insert_indexed(
        self, conn: AsyncConnection, rows: list[dict[str, Any]], bodies: list[str]
    ) -> dict[str, int]:
        # The vector in the INSERT itself: an UPDATE after it writes every row twice (a new
        # version with all its index entries), half the time of a bulk import.
        stmt = (
            _articles_with_vector.insert()
            .values(search_vector=sa.text(_TSVECTOR))
            .returning(_articles_with_vector.c.id, _articles_with_vector.c.dedupe_key)
        )
        params = [
            {**r, "search_title": r["title"], "body": b} for r, b in zip(rows, bodies, strict=True)
        ]
        found = await conn.execute(stmt, params)
        return {key: int(article_id) for article_id, key in found}

    async def unindex_articles(self, conn: AsyncConnection, article_ids: list[int]) -> None:
        pass  # search_vector is a column of articles: it goes with the row

    async def serialize(self, conn: AsyncConnection, key: int) -> None:
        await conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})

    def search_hits(self, words: list[str], where: Scope, depth: int) -> sa.Subquery:
        # plainto_tsquery ANDs the words and has no operators, like the SQLite side.
        query = sa.func.plainto_tsquery(
            sa.literal_column("'english'::regconfig"), sa.literal(" ".join(words))
        )
        newest = (
            sa.select(articles.c.id.label("article_id"), self._vector.label("vector"))
            .where(self._vector.op("@@")(query), where(articles.c.id))
            .order_by(articles.c.id.desc())
            .limit(depth)
            .subquery("matched")
        )
        # Ranked outside the LIMIT: a plan that sorts the matches by id must not rank them all.
        rank = -sa.func.ts_rank(newest.c.vector, query)
        return sa.select(newest.c.article_id, rank.label("rank")).subquery("hits")


def dialect_for(url: URL) -> Dialect:
    backend = url.get_backend_name()
    if backend == "sqlite":
        return SQLiteDialect()
    if backend == "postgresql":
        return PostgresDialect()
    raise ValueError(f"unsupported database {backend!r}: use sqlite or postgresql")
