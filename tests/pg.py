"""The test PostgreSQL server: one helper to create (and drop) a uniquely named database.

Every test that needs PostgreSQL gets a database of its own, so parallel runs never collide.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import asyncpg
import pytest

PG_HOST = os.environ.get("WIREWATCH_TEST_PG_HOST", "127.0.0.1")
PG_ADMIN_DSN = f"postgresql://postgres@{PG_HOST}:5432/test"


async def admin(sql: str) -> None:
    conn = await asyncpg.connect(PG_ADMIN_DSN, timeout=10)
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


async def query(url: str, sql: str, *args: object) -> list[asyncpg.Record]:
    """Rows of one statement on a test database (its store URL), from outside the store."""
    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://"), timeout=10)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


@contextmanager
def fresh_database() -> Iterator[str]:
    """An empty (unmigrated) database's URL; skips, or fails under WIREWATCH_REQUIRE_PG,
    when the server is not reachable."""
    name = f"wirewatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        asyncio.run(admin(f'CREATE DATABASE "{name}"'))
    except (OSError, asyncpg.PostgresError, TimeoutError) as e:
        reason = f"PostgreSQL at {PG_HOST}:5432 is not reachable ({e})"
        if os.environ.get("WIREWATCH_REQUIRE_PG"):
            pytest.fail(f"{reason}; WIREWATCH_REQUIRE_PG is set")
        pytest.skip(f"{reason}; postgres tests skipped (shown in the run's skip summary)")
    try:
        yield f"postgresql+asyncpg://postgres@{PG_HOST}:5432/{name}"
    finally:
        asyncio.run(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
