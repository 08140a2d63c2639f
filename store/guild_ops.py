"""Per-guild state: subscriptions, posted digest windows and the guild's time zone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from store.base import DigestProgress, NotFound, Subscription
from store.schema import digest_posts, digest_progress, guilds, subscriptions
from store.sql_base import SqlBase


class GuildOps(SqlBase):
    async def add_subscription(
        self, guild_id: int, channel_id: int, topic: str | None, schedule: str
    ) -> Subscription:
        """A new subscription, or the existing one for the same channel and topic (unchanged:
        callers change its schedule or pause state explicitly)."""
        topic = topic.strip().casefold() if topic else None
        async with self._write() as conn:
            inserted = (
                (
                    await conn.execute(
                        self.dialect.insert(subscriptions)
                        .values(
                            guild_id=guild_id,
                            channel_id=channel_id,
                            topic=topic,
                            schedule=schedule,
                            paused=False,
                            created_at=datetime.now(UTC),
                        )
                        .on_conflict_do_nothing()
                        .returning(*subscriptions.c)
                    )
                )
                .mappings()
                .first()
            )
            if inserted is None:
                same_topic = (
                    subscriptions.c.topic.is_(None)
                    if topic is None
                    else subscriptions.c.topic == topic
                )
                inserted = (
                    (
                        await conn.execute(
                            sa.select(subscriptions).where(
                                subscriptions.c.guild_id == guild_id,
                                subscriptions.c.channel_id == channel_id,
                                same_topic,
                            )
                        )
                    )
                    .mappings()
                    .one()
                )
        return _subscription(inserted)

    async def remove_subscription(self, guild_id: int, subscription_id: int) -> bool:
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.delete().where(
                    subscriptions.c.id == subscription_id, subscriptions.c.guild_id == guild_id
                )
            )
        return bool(result.rowcount)

    async def list_subscriptions(self, guild_id: int | None = None) -> list[Subscription]:
        stmt = sa.select(subscriptions).order_by(subscriptions.c.id)
        if guild_id is not None:
            stmt = stmt.where(subscriptions.c.guild_id == guild_id)
        async with self._read() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [_subscription(r) for r in rows]

    async def set_subscription_paused(
        self, subscription_id: int, paused: bool, reason: str | None = None
    ) -> None:
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.id == subscription_id)
                .values(paused=paused, paused_reason=reason if paused else None)
            )
        if not result.rowcount:
            raise NotFound(f"subscription {subscription_id}")

    async def set_subscription_schedule(self, subscription_id: int, schedule: str) -> None:
        async with self._write() as conn:
            result = await conn.execute(
                subscriptions.update()
                .where(subscriptions.c.id == subscription_id)
                .values(schedule=schedule)
            )
        if not result.rowcount:
            raise NotFound(f"subscription {subscription_id}")

    async def last_digest_window_end(self, subscription_id: int) -> datetime | None:
        stmt = sa.select(sa.func.max(digest_posts.c.window_end)).where(
            digest_posts.c.subscription_id == subscription_id
        )
        async with self._read() as conn:
            return (await conn.execute(stmt)).scalar_one_or_none()

    async def save_digest_progress(
        self,
        subscription_id: int,
        window_start: datetime,
        window_end: datetime,
        message_ids: list[int],
        article_ids: list[int] | None = None,
    ) -> None:
        values = {
            "window_start": window_start,
            "window_end": window_end,
            "message_ids": list(message_ids),
            "article_ids": None if article_ids is None else list(article_ids),
        }
        async with self._write() as conn:
            await conn.execute(
                self.dialect.insert(digest_progress)
                .values(subscription_id=subscription_id, **values)
                .on_conflict_do_update(index_elements=["subscription_id"], set_=values)
            )

    async def digest_progress(self, subscription_id: int) -> DigestProgress | None:
        stmt = sa.select(digest_progress).where(
            digest_progress.c.subscription_id == subscription_id
        )
        async with self._read() as conn:
            row = (await conn.execute(stmt)).mappings().first()
        if row is None:
            return None
        ids = row["article_ids"]
        return DigestProgress(
            row["window_start"],
            row["window_end"],
            list(row["message_ids"]),
            None if ids is None else [int(i) for i in ids],
        )

    async def record_digest(
        self,
        subscription_id: int,
        window_start: datetime,
        window_end: datetime,
        message_ids: list[int],
    ) -> bool:
        # The unique (subscription, window_end) is what stops a restarted bot re-posting.
        async with self._write() as conn:
            # The window is done: its partial progress, if any, goes in the same transaction.
            await conn.execute(
                digest_progress.delete().where(digest_progress.c.subscription_id == subscription_id)
            )
            result = await conn.execute(
                self.dialect.insert(digest_posts)
                .values(
                    subscription_id=subscription_id,
                    window_start=window_start,
                    window_end=window_end,
                    message_ids=list(message_ids),
                    posted_at=datetime.now(UTC),
                )
                .on_conflict_do_nothing(index_elements=["subscription_id", "window_end"])
                .returning(digest_posts.c.id)
            )
            return result.first() is not None

    async def get_guild_timezone(self, guild_id: int) -> str:
        stmt = sa.select(guilds.c.timezone).where(guilds.c.guild_id == guild_id)
        async with self._read() as conn:
            tz = (await conn.execute(stmt)).scalar_one_or_none()
        return tz or "UTC"

    async def set_guild_timezone(self, guild_id: int, tz: str) -> None:
        async with self._write() as conn:
            await conn.execute(
                self.dialect.insert(guilds)
                .values(guild_id=guild_id, timezone=tz, seen_at=datetime.now(UTC))
                .on_conflict_do_update(index_elements=["guild_id"], set_={"timezone": tz})
            )


def _subscription(row: Any) -> Subscription:
    return Subscription(
        id=row["id"],
        guild_id=row["guild_id"],
        channel_id=row["channel_id"],
        topic=row["topic"],
        schedule=row["schedule"],
        paused=row["paused"],
        paused_reason=row["paused_reason"],
        created_at=row["created_at"],
    )
