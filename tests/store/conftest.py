"""The `store` fixture: every store test runs on a SQLite file and on PostgreSQL.

PostgreSQL gets one uniquely named database per test session (migrated once, emptied
between tests), so parallel runs never collide and the suite stays fast.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest

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
        reason = f"PostgreSQL at {PG_HOST}:5432 is not reachable ({e})"
        if os.environ.get("WIREWATCH_REQUIRE_PG"):
            pytest.fail(f"{reason}; WIREWATCH_REQUIRE_PG is set")
        pytest.skip(f"{reason}; postgres tests skipped (shown in the run's skip summary)")
    url = f"postgresql+asyncpg://postgres@{PG_HOST}:5432/{name}"

    async def migrate() -> None:
        store = await open_store(url)
        await store.close()

    asyncio.run(migrate())
    yield url
    asyncio.run(_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _empty(store: SqlStore) -> None:
    # DELETE beats TRUNCATE on tables this small (TRUNCATE rewrites files and takes locks).
    async with store.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (cheaper than migrating each time)."""
    path = tmp_path_factory.mktemp("store") / "template.db"

    async def migrate() -> None:
        store = await open_store(f"sqlite:///{path}")
        await store.close()

    asyncio.run(migrate())
    return path


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "wirewatch.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[SqlStore]:
    opened = await open_store(db_url)
    assert isinstance(opened, SqlStore)
    if opened.dialect.name == "postgresql":
        await _empty(opened)
    yield opened
    await opened.close()
