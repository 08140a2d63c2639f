"""The `store` fixture: every store test runs on a SQLite file and on PostgreSQL.

PostgreSQL gets one uniquely named database per test session (migrated once, truncated
between tests), so parallel runs never collide and the suite stays fast.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import asyncpg
import pytest
import sqlalchemy as sa

from store import SqlStore, open_store
from store.schema import metadata

PG_HOST = os.environ.get("WIREWATCH_TEST_PG_HOST", "127.0.0.1")
PG_ADMIN_DSN = f"postgresql://postgres@{PG_HOST}:5432/test"


async def _admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    name = f"wirewatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(_admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as e:
        pytest.skip(f"PostgreSQL at {PG_HOST}:5432 is not reachable ({e}); postgres tests skipped")
    url = f"postgresql+asyncpg://postgres@{PG_HOST}:5432/{name}"

    async def migrate() -> None:
        store = await open_store(url)
        await store.close()

    asyncio.run(migrate())
    yield url
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _truncate(store: SqlStore) -> None:
    names = ", ".join(t.name for t in metadata.sorted_tables)
    async with store.engine.begin() as conn:
        await conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: object) -> str:
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/wirewatch.db"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SqlStore]:
    opened = await open_store(db_url)
    assert isinstance(opened, SqlStore)
    if opened.dialect.name == "postgresql":
        await _truncate(opened)
    yield opened
    await opened.close()
