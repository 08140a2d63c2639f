"""Where a poll cycle gets its feeds: listed once (one process), or claimed a batch at a time
under leases (several pollers on PostgreSQL).

Claimed feeds are leased to this process until polled (recording the poll ends the lease);
the leases are renewed while the cycle runs, so a slow poll keeps its feeds, and given back
when it ends. A poller that dies (kill -9) renews nothing: its leases lapse and another
poller's next cycle claims those feeds.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Iterable
from datetime import datetime, timedelta
from typing import Protocol

from bot.periodic import every
from store.base import FeedRecord, FeedStore

RENEWALS_PER_LEASE = 3  # a lease is renewed this often within its own length


class FeedSource(Protocol):
    async def next(self) -> FeedRecord | None:
        """The next feed to poll, or None when the cycle has no more."""

    def held(self) -> contextlib.AbstractAsyncContextManager[None]:
        """The cycle runs inside this (leases renewed meanwhile, returned after)."""


class Listed:
    def __init__(self, feeds: Iterable[FeedRecord]) -> None:
        self._feeds = iter(feeds)

    async def next(self) -> FeedRecord | None:
        return next(self._feeds, None)

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        yield


class Claimed:
    """Feeds due by `now` claimed `batch` at a time as the cycle's workers need them: a
    poller holds about one batch beyond what it is fetching, so the pollers share the due
    feeds by how fast each gets through them. `now` is fixed for the cycle: a feed polled in
    it is due again only after, so the cycle ends."""

    def __init__(
        self, store: FeedStore, owner: str, now: datetime, batch: int, lease: timedelta
    ) -> None:
        self.store, self.owner, self.now, self.batch, self.lease = store, owner, now, batch, lease
        self._queue: deque[FeedRecord] = deque()
        self._claiming = asyncio.Lock()
        self._exhausted = False

    async def next(self) -> FeedRecord | None:
        async with self._claiming:
            if not self._queue and not self._exhausted:
                claimed = await self.store.claim_due_feeds(
                    self.owner, self.now, self.batch, self.lease
                )
                self._queue.extend(claimed)
                self._exhausted = not claimed
            return self._queue.popleft() if self._queue else None

    @contextlib.asynccontextmanager
    async def held(self) -> AsyncIterator[None]:
        try:
            async with every(self.lease / RENEWALS_PER_LEASE, self._renew, "feed lease renewal"):
                yield
        finally:
            # Claimed but not polled (a stop mid-cycle): free for the others at once.
            await self.store.release_leases(self.owner, "feeds")

    async def _renew(self) -> None:
        await self.store.renew_leases(self.owner, self.lease, "feeds")
