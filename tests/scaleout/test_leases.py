"""Several real `wirewatch run --role poller` processes on one PostgreSQL database share the
due feeds through leases: each feed is polled once a cycle and never by two at once, and a
poller killed with kill -9 loses its feeds to another once its leases lapse.

The loopback feeds hold every request behind a gate until the test opens it, so a poller is
caught holding feeds (its fetches in flight) without racing the clock.
"""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from store import open_store
from tests.live import Feeds, Service, Stories, clean_env
from tests.pg import query

pytestmark = pytest.mark.postgres

FEEDS = 16
CONCURRENCY = 2
LEASE_SECONDS = 3


@pytest.fixture
async def pollers(
    feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> AsyncIterator[tuple[Service, Service]]:
    """Two pollers (not started) of the seeded feeds, killed at the end whatever happened."""
    await _seed(feeds, fresh_pg)
    a, b = (_poller(feeds, tmp_path, fresh_pg, name) for name in ("poller-a", "poller-b"))
    yield a, b
    a.kill()
    b.kill()


async def _start_fetching(poller: Service, feeds: Feeds) -> None:
    """Start `poller` and wait until it holds feeds: its fetches in flight at the gate."""
    await poller.start()
    await poller.until("its fetches", lambda: feeds.busy[poller.name] == CONCURRENCY)


async def _seed(feeds: Feeds, url: str) -> None:
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


def _poller(feeds: Feeds, tmp_path: Path, url: str, name: str) -> Service:
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


async def _count(url: str, sql: str) -> int:
    return int((await query(url, sql))[0][0])


async def _all_polled(url: str) -> bool:
    return await _count(url, "SELECT count(*) FROM feeds WHERE initialized") == FEEDS


async def _stored_once(feeds: Feeds, url: str) -> None:
    """Every item served is stored exactly once, and none announced (first polls)."""
    rows = await query(url, "SELECT url, announce FROM articles")
    assert Counter(r["url"] for r in rows) == Counter(i.link for i in feeds.served())
    assert not any(r["announce"] for r in rows)


async def test_two_pollers_share_a_cycle_each_feed_polled_once(
    feeds: Feeds, fresh_pg: str, pollers: tuple[Service, Service]
) -> None:
    a, b = pollers
    await _start_fetching(a, feeds)
    await _start_fetching(b, feeds)
    assert feeds.gate is not None
    feeds.gate.set()
    await a.until("every feed polled", lambda: _all_polled(fresh_pg))
    assert await a.stop(signal.SIGTERM) == 0, a.tail()
    assert await b.stop(signal.SIGTERM) == 0, b.tail()
    assert feeds.hits == Counter(range(FEEDS))  # every feed once, none twice
    assert feeds.overlaps == []
    by = Counter(agent for _, agent in feeds.agents)
    assert set(by) == {"poller-a", "poller-b"} and sum(by.values()) == FEEDS
    await _stored_once(feeds, fresh_pg)
    assert await _count(fresh_pg, "SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL") == 0


async def test_a_killed_pollers_feeds_go_to_another_once_its_leases_lapse(
    feeds: Feeds, fresh_pg: str, pollers: tuple[Service, Service]
) -> None:
    a, b = pollers
    await _start_fetching(a, feeds)
    assert a.proc is not None
    owner = f"%:{a.proc.pid}:%"
    assert await a.stop(signal.SIGKILL) == -signal.SIGKILL
    held = {
        r["id"]: r["lease_expires_at"]
        for r in await query(
            fresh_pg, "SELECT id, lease_expires_at FROM feeds WHERE lease_owner LIKE $1", owner
        )
    }
    assert len(held) >= CONCURRENCY  # its fetches' feeds, and the rest of its batch
    assert feeds.gate is not None
    feeds.gate.set()  # a's requests end (nobody reads them); b's go through at once

    await b.start()
    await b.until("every feed polled", lambda: _all_polled(fresh_pg))
    rows = await query(
        fresh_pg,
        "SELECT id, last_polled_at, lease_owner FROM feeds WHERE id = ANY($1)",
        list(held),
    )
    # b took a's feeds only after a's leases lapsed, and polled every one of them.
    assert all(r["last_polled_at"] >= held[r["id"]] for r in rows)
    assert all(r["lease_owner"] is None for r in rows)
    assert await b.stop(signal.SIGTERM) == 0, b.tail()
    assert feeds.overlaps == []
    b_polled = Counter(n for n, agent in feeds.agents if agent == "poller-b")
    assert b_polled == Counter(range(FEEDS))  # a stored nothing: b polled everything once
    await _stored_once(feeds, fresh_pg)
