"""`wirewatch status` lists the live processes sharing the database, with their leases."""

from __future__ import annotations

import asyncio
import signal
import socket

import pytest

from tests.live import WIREWATCH, Feeds, Service
from tests.scaleout.pollers import CONCURRENCY, count, start_fetching

pytestmark = pytest.mark.postgres


async def _status(env: dict[str, str]) -> str:
    proc = await asyncio.create_subprocess_exec(
        str(WIREWATCH), "status", env=env, stdout=asyncio.subprocess.PIPE
    )
    out, _ = await proc.communicate()
    assert proc.returncode == 0
    return out.decode()


async def test_status_lists_running_pollers_and_their_leases(
    feeds: Feeds, fresh_pg: str, pollers: tuple[Service, Service]
) -> None:
    a, b = pollers
    await start_fetching(a, feeds)
    await start_fetching(b, feeds)
    assert a.proc is not None and b.proc is not None
    held = 2 * CONCURRENCY  # each claimed one batch and waits at the gate

    async def both_claimed() -> bool:
        sql = "SELECT count(*) FROM feeds WHERE lease_owner IS NOT NULL"
        return await count(fresh_pg, sql) == 2 * held

    await b.until("both batches claimed", both_claimed)

    status = await _status(a.env)
    assert "Processes: 2 running" in status
    host = socket.gethostname()
    for proc in (a.proc, b.proc):
        line = next(x for x in status.splitlines() if f" pid {proc.pid}:" in x)
        assert line.startswith(f"  poller on {host} pid {proc.pid}: up since ")
        assert line.endswith(f", {held} feed leases")

    assert feeds.gate is not None
    feeds.gate.set()
    assert await a.stop(signal.SIGTERM) == 0, a.tail()
    status = await _status(a.env)
    assert "Processes: 1 running" in status and f" pid {a.proc.pid}:" not in status
    assert await b.stop(signal.SIGTERM) == 0, b.tail()
    assert "Processes: none running" in await _status(a.env)
