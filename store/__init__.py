"""Persistence and search behind one small async interface (store.base.Store).

``open_store(url)`` takes a SQLAlchemy URL, SQLite or PostgreSQL, and returns a store whose
schema has been migrated to the latest version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from store.base import (
    DateHit,
    FeedAlert,
    FeedExists,
    FeedRecord,
    FeedSpec,
    NewArticle,
    NotFound,
    PollOutcome,
    ProcessRecord,
    QuoteHit,
    Store,
    StoredArticle,
    StoreError,
    StoreUnavailable,
    StoryPost,
    StoryRecord,
    Subscription,
    TokenUsage,
)

if TYPE_CHECKING:
    from store.sql_store import SqlStore
    from stories.decide import Params


def __getattr__(name: str) -> Any:
    # SqlStore is loaded on first use: it pulls in SQLAlchemy and Alembic, which code that only
    # needs the records above (settings, the CLI's parser) must not pay for at start-up.
    if name == "SqlStore":
        from store.sql_store import SqlStore

        return SqlStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


async def open_store(url: str, stories: Params | None = None) -> Store:
    """Open (creating and migrating as needed) the database at a SQLAlchemy URL.

    ``sqlite:///path`` and ``postgresql://…`` are mapped to their async drivers; a SQLite
    file's parent directory is created. `stories` sets how articles cluster into stories
    (the default window is 72 hours).
    """
    from store.sql_store import SqlStore

    return await SqlStore.open(url, stories)


__all__ = [
    "DateHit",
    "FeedAlert",
    "FeedExists",
    "FeedRecord",
    "FeedSpec",
    "NewArticle",
    "NotFound",
    "PollOutcome",
    "ProcessRecord",
    "QuoteHit",
    "SqlStore",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredArticle",
    "StoryPost",
    "StoryRecord",
    "Subscription",
    "TokenUsage",
    "open_store",
]
