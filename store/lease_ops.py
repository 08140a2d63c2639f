"""Leases on feeds and subscriptions: the one way processes sharing a database split the work.

A lease is an owner (bot.instance.instance_id) and an expiry on the row. Its owner renews it
while working and releases it when done; one that dies stops renewing, and the lease lapses.
Due feeds are claimed by FeedOps.claim_due_feeds, beside the rule that says which are due.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from store.base import Leased
from store.schema import feeds, subscriptions
from store.sql_base import SqlBase

_TABLES: dict[Leased, sa.Table] = {"feeds": feeds, "subscriptions": subscriptions}


def lapsed(table: sa.Table, at: datetime) -> sa.ColumnElement[bool]:
    """The row's lease (if it ever had one) has ended by `at`."""
    return sa.or_(table.c.lease_expires_at.is_(None), table.c.lease_expires_at <= at)


class LeaseOps(SqlBase):
    async def claim_subscription(self, subscription_id: int, owner: str, lease: timedelta) -> bool:
        at = datetime.now(UTC)
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(
                    subscriptions.c.id == subscription_id,
                    sa.or_(lapsed(subscriptions, at), subscriptions.c.lease_owner == owner),
                )
                .values(lease_owner=owner, lease_expires_at=at + lease)
            )
        return bool(result.rowcount)

    async def renew_leases(self, owner: str, lease: timedelta, kind: Leased) -> int:
        table = _TABLES[kind]
        async with self._write() as conn:
            result = await conn.execute(
                table.update()
                .where(table.c.lease_owner == owner)
                .values(lease_expires_at=datetime.now(UTC) + lease)
            )
        return int(result.rowcount)

    async def release_leases(self, owner: str, kind: Leased, ids: list[int] | None = None) -> None:
        table = _TABLES[kind]
        stmt = table.update().where(table.c.lease_owner == owner)
        if ids is not None:
            stmt = stmt.where(table.c.id.in_(ids))
        async with self._write() as conn:
            await conn.execute(stmt.values(lease_owner=None, lease_expires_at=None))
