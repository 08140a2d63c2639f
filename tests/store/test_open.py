"""Opening a store: URL forms, migrations to head, reopening keeps data."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from store import FeedSpec, SqlStore, StoreUnavailable, open_store
from store.dialects import async_url
from store.sql_store import alembic_config, head_revision


async def test_reopen_keeps_data_and_schema_version(store: SqlStore, db_url: str) -> None:
    await store.add_feed(FeedSpec(url="https://a.example/rss", name="A"))
    again = await open_store(db_url)  # migrations already at head: must be a no-op
    try:
        assert [f.name for f in await again.list_feeds()] == ["A"]
        assert isinstance(again, SqlStore)
        async with again.engine.connect() as conn:
            version = (
                await conn.execute(sa.text("SELECT version_num FROM alembic_version"))
            ).scalar_one()
    finally:
        await again.close()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_fast_open_path_knows_alembics_head() -> None:
    # An up-to-date database opens without alembic when its version is this head.
    assert head_revision() == ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_plain_sqlite_url_creates_parent_directory(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "w.db"
    store = await open_store(f"sqlite:///{path}")
    try:
        await store.add_feed(FeedSpec(url="https://a.example/rss", name="A"))
    finally:
        await store.close()
    assert path.exists()
    reopened = await open_store(f"sqlite+aiosqlite:///{path}")
    try:
        assert len(await reopened.list_feeds()) == 1
    finally:
        await reopened.close()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("sqlite:///./data/x.db", "sqlite+aiosqlite"),
        ("postgresql://postgres@127.0.0.1:5432/test", "postgresql+asyncpg"),
        ("postgres://postgres@127.0.0.1/test", "postgresql+asyncpg"),
        ("postgresql+asyncpg://postgres@127.0.0.1/test", "postgresql+asyncpg"),
    ],
)
def test_urls_map_to_async_drivers(url: str, driver: str) -> None:
    assert async_url(url).drivername == driver


async def test_unsupported_database_is_refused() -> None:
    with pytest.raises(StoreUnavailable, match="unsupported database 'mysql'"):
        await open_store("mysql://u@localhost/db")
