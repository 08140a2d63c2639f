"""Several processes opening one fresh PostgreSQL database at once: one migrates, the others
wait on the advisory lock and find the schema at head (store.sql_store._upgrade)."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import pytest
import sqlalchemy as sa

from store import SqlStore, open_store
from store.schema import metadata
from store.sql_store import head_revision

pytestmark = pytest.mark.postgres

PROCESSES = 6
# Each child waits on a pipe for the go-ahead, so all of them open within the same instant
# instead of in the order Python happened to start them.
_CHILD = """
import asyncio, sys
from store import open_store
print("ready", flush=True)
sys.stdin.read()
async def main():
    store = await open_store(sys.argv[1])
    await store.close()
asyncio.run(main())
"""


def test_processes_starting_at_once_migrate_once(fresh_pg: str) -> None:
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _CHILD, fresh_pg],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(PROCESSES)
    ]
    for child in children:  # every child has imported the store before any is let go
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n"
    for child in children:
        assert child.stdin is not None
        child.stdin.close()
    outputs = []
    for child in children:
        assert child.stdout is not None
        outputs.append(child.stdout.read().decode())
        child.wait(timeout=120)
    assert [c.returncode for c in children] == [0] * PROCESSES, "\n".join(outputs)

    async def check() -> tuple[list[str], set[str]]:
        store = await open_store(fresh_pg)
        assert isinstance(store, SqlStore)
        try:
            async with store.engine.connect() as conn:
                versions = list(
                    (await conn.execute(sa.text("SELECT version_num FROM alembic_version")))
                    .scalars()
                    .all()
                )
                tables = set(await conn.run_sync(lambda c: sa.inspect(c).get_table_names()))
        finally:
            await store.close()
        return versions, tables

    versions, tables = asyncio.run(check())
    assert versions == [head_revision()]
    assert set(metadata.tables) <= tables
