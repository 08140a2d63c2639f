"""Feed alerts: which guilds still have to be told that a feed they follow was disabled."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from store.base import FeedAlert
from store.schema import feeds, guild_feeds, guilds, subscriptions
from store.sql_base import SqlBase, following


class AlertOps(SqlBase):
    async def pending_feed_alerts(self) -> list[FeedAlert]:
        # The first subscribed channel is the default: the one the guild set up first.
        first_channel = (
            sa.select(subscriptions.c.channel_id)
            .where(subscriptions.c.guild_id == guild_feeds.c.guild_id)
            .order_by(subscriptions.c.id)
            .limit(1)
            .correlate(guild_feeds)
            .scalar_subquery()
        )
        stmt = (
            sa.select(
                guild_feeds.c.guild_id,
                feeds.c.id,
                sa.func.coalesce(guild_feeds.c.name, feeds.c.name).label("name"),
                feeds.c.url,
                feeds.c.disabled_reason,
                feeds.c.disabled_at,
                sa.func.coalesce(guilds.c.alerts_channel_id, first_channel).label("channel"),
            )
            .join(feeds, feeds.c.id == guild_feeds.c.feed_id)
            .join(guilds, guilds.c.guild_id == guild_feeds.c.guild_id)
            .where(
                feeds.c.disabled_at.is_not(None),
                following(),
                sa.not_(guild_feeds.c.paused),
                sa.or_(
                    guild_feeds.c.alerted_at.is_(None),
                    guild_feeds.c.alerted_at < feeds.c.disabled_at,
                ),
            )
            .order_by(feeds.c.disabled_at, guild_feeds.c.guild_id, feeds.c.id)
        )
        async with self._read() as conn:
            rows = (await conn.execute(stmt)).all()
        return [
            FeedAlert(
                guild_id=int(guild_id),
                feed_id=int(feed_id),
                feed_name=name,
                url=url,
                reason=reason or "error",
                disabled_at=disabled_at,
                channel_id=None if channel is None else int(channel),
            )
            for guild_id, feed_id, name, url, reason, disabled_at, channel in rows
        ]

    async def mark_feed_alerted(self, guild_id: int, feed_id: int, disabled_at: datetime) -> None:
        async with self._write() as conn:
            await conn.execute(
                guild_feeds.update()
                .where(guild_feeds.c.guild_id == guild_id, guild_feeds.c.feed_id == feed_id)
                .values(alerted_at=disabled_at)
            )

    async def set_alerts_channel(self, guild_id: int, channel_id: int | None) -> None:
        async with self._write() as conn:
            await conn.execute(
                self.dialect.insert(guilds)
                .values(guild_id=guild_id, alerts_channel_id=channel_id, seen_at=datetime.now(UTC))
                .on_conflict_do_update(
                    index_elements=["guild_id"], set_={"alerts_channel_id": channel_id}
                )
            )

    async def get_alerts_channel(self, guild_id: int) -> int | None:
        stmt = sa.select(guilds.c.alerts_channel_id).where(guilds.c.guild_id == guild_id)
        async with self._read() as conn:
            channel = (await conn.execute(stmt)).scalar_one_or_none()
        return None if channel is None else int(channel)
