"""New stories, told to the processes that post them: PostgreSQL's LISTEN/NOTIFY.

A poller notifies after it committed announced articles; bots listen and bring their digest
run forward. A notification is only a hint: a bot that was not listening (starting, or its
listening connection dropped) finds the stories at its next scheduled check all the same. On
SQLite (one process) the pipeline's in-process listener does this instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import sqlalchemy as sa

from store.sql_base import SqlBase

CHANNEL = "wirewatch_new_stories"


class NotifyOps(SqlBase):
    async def notify_new_stories(self) -> None:
        if self.shared:
            async with self._read() as conn:  # NOTIFY outside a transaction is sent at once
                await conn.execute(sa.text("SELECT pg_notify(:c, '')"), {"c": CHANNEL})
                await conn.commit()

    @asynccontextmanager
    async def listen_new_stories(self, callback: Callable[[], None]) -> AsyncIterator[None]:
        if not self.shared:
            yield
            return
        async with self.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            listening = raw.driver_connection  # the asyncpg connection
            assert listening is not None

            def heard(*_: Any) -> None:
                callback()

            await listening.add_listener(CHANNEL, heard)
            try:
                yield
            finally:
                await listening.remove_listener(CHANNEL, heard)
