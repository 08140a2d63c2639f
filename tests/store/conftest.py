"""The `store` fixture: every store test runs on a SQLite file and on PostgreSQL.

PostgreSQL gets one uniquely named database per test session (tests/pg.py; migrated once,
emptied between tests), so parallel runs never collide and the suite stays fast.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from store import SqlStore, open_store
from store.schema import metadata
from tests.pg import fresh_database


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    with fresh_database() as url:

        async def migrate() -> None:
            store = await open_store(url)
            await store.close()

        asyncio.run(migrate())
        yield url


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
