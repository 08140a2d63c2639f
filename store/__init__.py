"""Persistence and search behind one small async interface (store.base.Store).

``open_store(url)`` takes a SQLAlchemy URL, SQLite or PostgreSQL, and returns a store whose
schema has been migrated to the latest version.
"""

from __future__ import annotations

from store.base import (
    DateHit,
    FeedExists,
    FeedRecord,
    FeedSpec,
    NewArticle,
    NotFound,
    PollOutcome,
    QuoteHit,
    Store,
    StoredArticle,
    StoreError,
    StoreUnavailable,
    Subscription,
    TokenUsage,
)
from store.sql_store import SqlStore


async def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the database at a SQLAlchemy URL.

    ``sqlite:///path`` and ``postgresql://…`` are mapped to their async drivers; a SQLite
    file's parent directory is created.
    """
    return await SqlStore.open(url)


__all__ = [
    "DateHit",
    "FeedExists",
    "FeedRecord",
    "FeedSpec",
    "NewArticle",
    "NotFound",
    "PollOutcome",
    "QuoteHit",
    "SqlStore",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredArticle",
    "Subscription",
    "TokenUsage",
    "open_store",
]
