"""A coroutine run every so often while a block runs: lease renewals and heartbeats."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def every(
    interval: timedelta, fn: Callable[[], Awaitable[object]], what: str
) -> AsyncIterator[None]:
    """Call `fn` every `interval` until the block ends. A failed call is logged, not raised:
    the intervals are short against what they protect (a lease, a heartbeat's lifetime), so
    the next call comes in time."""

    async def loop() -> None:
        while True:
            await asyncio.sleep(interval.total_seconds())
            try:
                await fn()
            except Exception:
                log.exception("%s failed", what)

    task = asyncio.create_task(loop(), name=what)
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
