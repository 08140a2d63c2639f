"""Each `wirewatch run` says it is alive in the database (the `processes` table), so that
`wirewatch status` can list the processes sharing it: role, shards, host, pid, last
heartbeat and the feed leases each holds.

A process beats every HEARTBEAT and removes its row when it stops; one silent for LIVE_WITHIN
is taken for dead (killed: its row is dropped a day later by the others' beats).
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from bot.instance import instance_id
from bot.periodic import every
from store.base import ProcessRecord, ProcessStore

HEARTBEAT = timedelta(seconds=10)
LIVE_WITHIN = 3 * HEARTBEAT
FORGET_AFTER = timedelta(days=1)


def this_process(role: str, shards: str | None = None) -> ProcessRecord:
    now = datetime.now(UTC)
    return ProcessRecord(
        id=instance_id(),
        role=role,
        shards=shards,
        host=socket.gethostname(),
        pid=os.getpid(),
        started_at=now,
        heartbeat_at=now,
    )


@contextlib.asynccontextmanager
async def registered(store: ProcessStore, process: ProcessRecord) -> AsyncIterator[None]:
    """Registered (first beat before the block starts) and beating while the block runs."""

    async def beat() -> None:
        await store.heartbeat(process, datetime.now(UTC) - FORGET_AFTER)

    await beat()
    try:
        async with every(HEARTBEAT, beat, "process heartbeat"):
            yield
    finally:
        await store.remove_process(process.id)


def live_since(now: datetime | None = None) -> datetime:
    return (now or datetime.now(UTC)) - LIVE_WITHIN
