"""The SQL store: one class for SQLite and PostgreSQL, opened with migrations applied."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from store.alert_ops import AlertOps
from store.article_ops import ArticleOps
from store.base import StoreUnavailable
from store.bulk_ops import BulkOps
from store.dialects import WRITE_OPTION, Dialect, async_url, dialect_for
from store.feed_ops import FeedOps
from store.guild_ops import GuildOps
from store.lease_ops import LeaseOps
from store.lookup_ops import LookupOps
from store.notify_ops import NotifyOps
from store.process_ops import ProcessOps
from store.retention_ops import RetentionOps
from store.story_ops import StoryOps
from store.usage_ops import UsageOps
from stories.decide import Params

if TYPE_CHECKING:
    from alembic.config import Config

_MIGRATIONS = Path(__file__).with_name("migrations")
# Any constant will do: it only has to be the same for every wirewatch process.
_MIGRATION_LOCK = 0x77697265


class SqlStore(
    FeedOps,
    AlertOps,
    BulkOps,
    ArticleOps,
    LookupOps,
    RetentionOps,
    StoryOps,
    GuildOps,
    UsageOps,
    ProcessOps,
    LeaseOps,
    NotifyOps,
):
    """Implements store.base.Store."""

    @classmethod
    async def open(cls, url: str, stories: Params | None = None) -> SqlStore:
        """Raises StoreUnavailable, worded for users and without the URL's password."""
        try:
            parsed = async_url(url)
            dialect = dialect_for(parsed)
            engine = dialect.create_engine(parsed)
        except (sa.exc.ArgumentError, ValueError, OSError, ImportError) as e:
            raise StoreUnavailable(f"database URL {_redacted(url)}: {_reason(e)}") from None
        try:
            await _upgrade(engine, dialect)
        except (sa.exc.DBAPIError, OSError) as e:
            await engine.dispose()
            where = parsed.render_as_string(hide_password=True)
            raise StoreUnavailable(f"cannot open the database {where}: {_reason(e)}") from None
        except BaseException:
            await engine.dispose()
            raise
        store = cls(engine, dialect)
        if stories is not None:
            store.story_params = stories
        await store.cluster_unassigned()  # articles stored before stories existed
        return store


def _reason(e: BaseException) -> str:
    """The driver's own first line: SQLAlchemy's wrapper adds SQL and a docs link."""
    cause = getattr(e, "orig", None) or e
    text = str(cause).strip().splitlines()
    return text[0] if text else type(cause).__name__


def _redacted(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return repr(url.split("@")[-1]) if "@" in url else repr(url)


def alembic_config() -> Config:
    """Alembic settings built in code, so no alembic.ini is needed anywhere."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest migration's id, from the file names: revisions are numbered in order (a
    test holds this to alembic's own head), so an up-to-date database opens without
    importing alembic, a sixth of a CLI command's start-up."""
    return max(p.name.split("_", 1)[0] for p in (_MIGRATIONS / "versions").glob("[0-9]*_*.py"))


async def _current_revision(engine: AsyncEngine) -> str | None:
    try:
        async with engine.connect() as conn:
            row = (await conn.execute(sa.text("SELECT version_num FROM alembic_version"))).first()
    except sa.exc.DBAPIError:
        return None  # a new database: no version table yet
    return None if row is None else str(row[0])


async def _upgrade(engine: AsyncEngine, dialect: Dialect) -> None:
    """Migrate to head in one transaction (DDL is transactional on both dialects)."""
    if await _current_revision(engine) == head_revision():
        return
    from alembic import command

    async with engine.execution_options(**{WRITE_OPTION: True}).begin() as conn:
        # Two processes starting at once must not both create the tables: one migrates, the
        # others wait here, and then alembic finds the schema at head.
        await dialect.serialize(conn, _MIGRATION_LOCK)

        def run(sync_conn: sa.Connection) -> None:
            config = alembic_config()
            config.attributes["connection"] = sync_conn
            command.upgrade(config, "head")

        await conn.run_sync(run)
