"""The process registry: which wirewatch processes share the database, and what they hold."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from store.base import ProcessRecord
from store.schema import feeds, processes
from store.sql_base import SqlBase


class ProcessOps(SqlBase):
    async def heartbeat(self, process: ProcessRecord, forget_before: datetime) -> None:
        now = datetime.now(UTC)
        row = {
            "id": process.id,
            "role": process.role,
            "shards": process.shards,
            "host": process.host,
            "pid": process.pid,
            "started_at": process.started_at,
            "heartbeat_at": now,
        }
        async with self._write() as conn:
            await conn.execute(
                self.dialect.insert(processes)
                .values(row)
                .on_conflict_do_update(index_elements=["id"], set_={"heartbeat_at": now})
            )
            await conn.execute(processes.delete().where(processes.c.heartbeat_at < forget_before))

    async def remove_process(self, process_id: str) -> None:
        async with self._write() as conn:
            await conn.execute(processes.delete().where(processes.c.id == process_id))

    async def live_processes(self, since: datetime) -> list[ProcessRecord]:
        leases = (
            sa.select(sa.func.count())
            .where(
                feeds.c.lease_owner == processes.c.id,
                feeds.c.lease_expires_at > datetime.now(UTC),
            )
            .correlate(processes)
            .scalar_subquery()
            .label("leases")
        )
        stmt = (
            sa.select(processes, leases)
            .where(processes.c.heartbeat_at >= since)
            .order_by(processes.c.role, processes.c.host, processes.c.pid)
        )
        async with self._read() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [ProcessRecord(**row) for row in rows]
