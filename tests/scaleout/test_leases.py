"""Several real `wirewatch run --role poller` processes on one PostgreSQL database share the
due feeds through leases: each feed is polled once a cycle and never by two at once, and a
poller killed with kill -9 loses its feeds to another once its leases lapse.

The loopback feeds hold every request behind a gate until the test opens it, so a poller is
caught holding feeds (its fetches in flight) without racing the clock.
"""

from __future__ import annotations

import signal
from collections import Counter

import pytest

from tests.live import Feeds, Service
from tests.pg import query
from tests.scaleout.pollers import CONCURRENCY, FEEDS, count, start_fetching

pytestmark = pytest.mark.postgres


async def _all_polled(url: str) -> bool:
    return await count(url, "SELECT count(*) FROM feeds WHERE initialized") == FEEDS


async def _stored_once(feeds: Feeds, url: str) -> None:
    """Every item served is stored exactly once, and none announced (first polls)."""
    rows = await query(url, "SELECT url, announce FROM articles")
    assert Counter(r["url"] for r in rows) == Counter(i.link for i in feeds.served())
    assert not any(r["announce"] for r in rows)


async def test_two_pollers_share_a_cycle_each_feed_polled_once(
    feeds: Feeds, fresh_pg: str, pollers: tuple[Service, Service]
) -> None:
    a, b = pollers
    await start_fetching(a, feeds)
    await start_fetching(b, feeds)
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
    assert await count(fresh_pg, "SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL") == 0


async def test_a_killed_pollers_feeds_go_to_another_once_its_leases_lapse(
    feeds: Feeds, fresh_pg: str, pollers: tuple[Service, Service]
) -> None:
    a, b = pollers
    await start_fetching(a, feeds)
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
