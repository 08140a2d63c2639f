"""Real `wirewatch run --role poller` processes on a fresh PostgreSQL database, polling the
loopback feeds behind a gate (tests/live.py): the test decides when their fetches finish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from store import open_store
from tests.live import Feeds, Service, Stories, clean_env
from tests.pg import query

FEEDS = 16
CONCURRENCY = 2
LEASE_SECONDS = 3


async def start_fetching(poller: Service, feeds: Feeds) -> None:
    """Start `poller` and wait until it holds feeds: its fetches in flight at the gate."""
    await poller.start()
    await poller.until("its fetches", lambda: feeds.busy[poller.name] == CONCURRENCY)


async def seed(feeds: Feeds, url: str) -> None:
    stories = Stories()
    feeds.items = {
        n: [stories.make(f"f{n}-{k}", feeds.base) for k in range(2)] for n in range(FEEDS)
    }
    feeds.gate = asyncio.Event()
    store = await open_store(url)
    try:
        await store.sync_default_feeds(feeds.specs())
    finally:
        await store.close()


def poller(feeds: Feeds, tmp_path: Path, url: str, name: str) -> Service:
    env = clean_env() | {
        "WIREWATCH_CONFIG": str(feeds.write_config(tmp_path)),
        "WIREWATCH_DATABASE_URL": url,
        "WIREWATCH_POLL_INTERVAL_MINUTES": "60",  # polled once, unless a lease lapses
        "WIREWATCH_POLL_CHECK_SECONDS": "0.5",
        "WIREWATCH_POLL_LEASE_SECONDS": str(LEASE_SECONDS),
        "WIREWATCH_POLL_CONCURRENCY": str(CONCURRENCY),
        "WIREWATCH_FETCH_USER_AGENT": name,  # tells the feed server who is asking
    }
    return Service(env, tmp_path, ("run", "--role", "poller"), name=name)


async def count(url: str, sql: str) -> int:
    return int((await query(url, sql))[0][0])


@pytest.fixture
async def pollers(
    feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> AsyncIterator[tuple[Service, Service]]:
    """Two pollers (not started) of the seeded feeds, killed at the end whatever happened."""
    await seed(feeds, fresh_pg)
    a, b = (poller(feeds, tmp_path, fresh_pg, name) for name in ("poller-a", "poller-b"))
    yield a, b
    a.kill()
    b.kill()
