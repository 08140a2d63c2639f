"""Feeds: config defaults, per-guild lists, pausing and poll state.

A feed is followed by the global view when it is a config default or was added without a
guild (the CLI), and by a guild through its ``guild_feeds`` row (see store/schema.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from store.base import FeedExists, FeedRecord, FeedSpec, PollOutcome
from store.lease_ops import lapsed
from store.schema import article_feeds, feeds, guild_feeds, guilds
from store.sql_base import SqlBase, chunks, following

# Processes starting at once (several pollers) sync the config's feeds one after the other:
# two inserting the same new feed would fail on its unique URL. Any constant will do.
_SYNC_LOCK = 0x77697266

_article_count = (
    sa.select(sa.func.count())
    .where(article_feeds.c.feed_id == feeds.c.id)
    .correlate(feeds)
    .scalar_subquery()
    .label("article_count")
)


# A success clears the failure record. Only a poll that stored its whole backlog ends the
# silent first phase (`initialized`): what a cut-short first poll left behind must not be
# announced as new later.
_SUCCESS = {
    complete: feeds.update()
    .where(feeds.c.id == sa.bindparam("fid"))
    .values(
        last_polled_at=sa.bindparam("polled"),
        next_poll_at=sa.bindparam("next"),
        etag=sa.bindparam("b_etag"),
        last_modified=sa.bindparam("b_modified"),
        last_success_at=sa.bindparam("polled"),
        last_error=None,
        error_count=0,
        failing_since=None,
        lease_owner=None,
        lease_expires_at=None,
        **({"initialized": True} if complete else {}),
    )
    for complete in (True, False)
}


def _due(now: datetime) -> tuple[sa.ColumnElement[bool], ...]:
    """The one rule for "this feed is due by `now`": followed by someone (a default, an
    operator's, or a guild's that has not paused it), not paused or disabled, its next poll
    time reached (a new feed has none). Listed (one process) or claimed (several)."""
    active_follower = sa.exists().where(
        guild_feeds.c.feed_id == feeds.c.id,
        following(),
        sa.not_(guild_feeds.c.paused),
    )
    return (
        sa.not_(feeds.c.paused),
        feeds.c.disabled_at.is_(None),
        sa.or_(feeds.c.next_poll_at.is_(None), feeds.c.next_poll_at <= now),
        sa.or_(feeds.c.is_default, feeds.c.operator, active_follower),
    )


# New feeds first, then the longest overdue.
_DUE_ORDER = (feeds.c.next_poll_at.is_(None).desc(), feeds.c.next_poll_at, feeds.c.id)


class FeedOps(SqlBase):
    async def sync_default_feeds(self, feeds_: Iterable[FeedSpec]) -> None:
        """In a handful of statements whatever the number of feeds: a thousand configured
        feeds are synced at every start, and a statement per feed took about a second."""
        specs = list({spec.url: spec for spec in feeds_}.values())
        async with self._write() as conn:
            await self.dialect.serialize(conn, _SYNC_LOCK)
            known = (
                await conn.execute(sa.select(feeds.c.id, feeds.c.url, feeds.c.added_url))
            ).all()
            by_url = {url: fid for fid, url, _ in known}
            by_added: dict[str, int] = {}
            for fid, _, added in sorted(known):  # the lowest id wins, as _find_feed_id
                by_added.setdefault(added, fid)
            default_ids: list[int] = []
            updates: list[dict[str, Any]] = []
            for spec in specs:
                feed_id = by_url.get(spec.url, by_added.get(spec.url))
                if feed_id is None:
                    feed_id = await self._insert_feed(conn, spec, is_default=True)
                else:
                    updates.append({"fid": feed_id, "n": spec.name, "t": list(spec.topics)})
                default_ids.append(feed_id)
            if updates:
                await conn.execute(
                    feeds.update()
                    .where(feeds.c.id == sa.bindparam("fid"))
                    .values(name=sa.bindparam("n"), topics=sa.bindparam("t"), is_default=True),
                    updates,
                )
            demoted = feeds.update().where(feeds.c.is_default)
            for chunk in chunks(default_ids):
                demoted = demoted.where(feeds.c.id.not_in(chunk))
            await conn.execute(demoted.values(is_default=False))
            await self._seed_defaults(conn, guild_id=None)

    async def ensure_guild(self, guild_id: int) -> None:
        async with self._write() as conn:
            await self._ensure_guild(conn, guild_id)

    async def _ensure_guild(self, conn: AsyncConnection, guild_id: int) -> None:
        await conn.execute(
            self.dialect.insert(guilds)
            .values(guild_id=guild_id, seen_at=datetime.now(UTC))
            .on_conflict_do_nothing(index_elements=["guild_id"])
        )
        await self._seed_defaults(conn, guild_id)

    async def _seed_defaults(self, conn: AsyncConnection, guild_id: int | None) -> None:
        """Give guilds a row for every default feed they have never had.

        A row the guild already has (a removed default included) is left alone, which is what
        keeps a removed default removed across restarts and config syncs."""
        pairs = (
            sa.select(
                guilds.c.guild_id,
                feeds.c.id,
                sa.false(),
                sa.false(),
                sa.false(),
            )
            .select_from(sa.join(guilds, feeds, sa.true()))
            .where(feeds.c.is_default)
        )
        if guild_id is not None:
            pairs = pairs.where(guilds.c.guild_id == guild_id)
        await conn.execute(
            self.dialect.insert(guild_feeds)
            .from_select(["guild_id", "feed_id", "paused", "removed", "own"], pairs)
            .on_conflict_do_nothing(index_elements=["guild_id", "feed_id"])
        )

    async def add_feed(self, spec: FeedSpec, guild_id: int | None = None) -> FeedRecord:
        async with self._write() as conn:
            feed_id = await self._find_feed_id(conn, spec.url)
            if guild_id is None:
                if feed_id is None:
                    feed_id = await self._insert_feed(conn, spec, operator=True)
                else:
                    row = (await conn.execute(sa.select(feeds).where(feeds.c.id == feed_id))).one()
                    if row.is_default or row.operator:
                        raise FeedExists(spec.url)
                    await conn.execute(
                        feeds.update().where(feeds.c.id == feed_id).values(operator=True)
                    )
            else:
                await self._ensure_guild(conn, guild_id)
                if feed_id is None:
                    feed_id = await self._insert_feed(conn, spec)
                elif feed_id in await self._followed(conn, guild_id):
                    raise FeedExists(spec.url)
                await self._follow(conn, guild_id, feed_id, spec)
            records = await self._feed_records(conn, guild_id, [feed_id])
        return records[0]

    async def _follow(
        self, conn: AsyncConnection, guild_id: int, feed_id: int, spec: FeedSpec
    ) -> None:
        feed = (await conn.execute(sa.select(feeds).where(feeds.c.id == feed_id))).one()
        # The guild's own name/topics only where they differ from the feed's.
        values: dict[str, Any] = {
            "paused": False,
            "removed": False,
            "own": True,
            "name": spec.name if spec.name != feed.name else None,
            "topics": list(spec.topics) if list(spec.topics) != feed.topics else None,
        }
        await conn.execute(
            self.dialect.insert(guild_feeds)
            .values(guild_id=guild_id, feed_id=feed_id, **values)
            .on_conflict_do_update(index_elements=["guild_id", "feed_id"], set_=values)
        )

    async def remove_feed(self, ref: str, guild_id: int | None = None) -> bool:
        async with self._write() as conn:
            found = await self._resolve(conn, ref, guild_id)
            if found is None:
                return False
            feed_id = found.id
            if guild_id is None:
                await conn.execute(feeds.delete().where(feeds.c.id == feed_id))
            else:
                await conn.execute(
                    guild_feeds.update()
                    .where(guild_feeds.c.guild_id == guild_id, guild_feeds.c.feed_id == feed_id)
                    .values(removed=True, own=False, paused=False)
                )
        return True

    async def set_feed_paused(self, ref: str, paused: bool, guild_id: int | None = None) -> bool:
        async with self._write() as conn:
            found = await self._resolve(conn, ref, guild_id)
            if found is None:
                return False
            feed_id = found.id
            if guild_id is None:
                stmt = feeds.update().where(feeds.c.id == feed_id)
            else:
                stmt = guild_feeds.update().where(
                    guild_feeds.c.guild_id == guild_id, guild_feeds.c.feed_id == feed_id
                )
            await conn.execute(stmt.values(paused=paused))
        return True

    async def list_feeds(self, guild_id: int | None = None) -> list[FeedRecord]:
        async with self._read() as conn:
            return await self._feed_records(conn, guild_id)

    async def find_feed(self, ref: str, guild_id: int | None = None) -> FeedRecord | None:
        async with self._read() as conn:
            return await self._resolve(conn, ref, guild_id)

    async def get_feed(self, feed_id: int) -> FeedRecord | None:
        async with self._read() as conn:
            records = await self._feed_records(conn, None, [feed_id])
        return records[0] if records else None

    async def due_feeds(self, now: datetime) -> list[FeedRecord]:
        stmt = sa.select(feeds, _article_count).where(*_due(now)).order_by(*_DUE_ORDER)
        async with self._read() as conn:
            rows = (await conn.execute(stmt)).mappings().all()
        return [_feed_record(r, paused=False) for r in rows]

    async def claim_due_feeds(
        self, owner: str, now: datetime, limit: int, lease: timedelta
    ) -> list[FeedRecord]:
        """Up to `limit` feeds due by `now` that no live lease holds, leased to `owner` until
        `lease` from the present. Several processes claim at once without waiting on each
        other or taking the same feed (PostgreSQL's SKIP LOCKED: a row another transaction
        is claiming is passed over, not waited for). The poll's record ends the lease."""
        at = datetime.now(UTC)
        pick = (
            sa.select(feeds.c.id)
            .where(*_due(now), lapsed(feeds, at))
            .order_by(*_DUE_ORDER)
            .limit(limit)
            .with_for_update(skip_locked=True, of=feeds)
        )
        async with self._write() as conn:
            ids = list((await conn.execute(pick)).scalars())
            if not ids:
                return []
            await conn.execute(
                feeds.update()
                .where(feeds.c.id.in_(ids))
                .values(lease_owner=owner, lease_expires_at=at + lease)
            )
            rows = (
                (
                    await conn.execute(
                        sa.select(feeds, _article_count)
                        .where(feeds.c.id.in_(ids))
                        .order_by(*_DUE_ORDER)
                    )
                )
                .mappings()
                .all()
            )
        return [_feed_record(r, paused=False) for r in rows]

    async def record_poll(self, feed_id: int, outcome: PollOutcome) -> None:
        await self.record_polls([(feed_id, outcome)])

    async def record_polls(self, outcomes: Sequence[tuple[int, PollOutcome]]) -> None:
        async with self._write() as conn:
            # Successes (the bulk of a warm cycle: 304s) in one executemany each way.
            for complete in (True, False):
                rows = [
                    {
                        "fid": fid,
                        "polled": o.polled_at,
                        "next": o.next_poll_at,
                        "b_etag": o.etag,
                        "b_modified": o.last_modified,
                    }
                    for fid, o in outcomes
                    if o.error is None and o.complete is complete
                ]
                if rows:
                    await conn.execute(_SUCCESS[complete], rows)
            for feed_id, outcome in outcomes:
                if outcome.error is not None:
                    await self._record_error(conn, feed_id, outcome)
                if outcome.url:
                    await self._move_feed(conn, feed_id, outcome.url)

    @staticmethod
    async def _record_error(conn: AsyncConnection, feed_id: int, outcome: PollOutcome) -> None:
        values: dict[str, Any] = {
            "last_polled_at": outcome.polled_at,
            "next_poll_at": outcome.next_poll_at,
            "etag": outcome.etag,
            "last_modified": outcome.last_modified,
            "last_error": outcome.error,
            "error_count": feeds.c.error_count + 1,
            "failing_since": sa.func.coalesce(feeds.c.failing_since, outcome.polled_at),
            "lease_owner": None,
            "lease_expires_at": None,
        }
        if outcome.disable is not None:
            values.update(disabled_at=outcome.polled_at, disabled_reason=outcome.disable)
        await conn.execute(feeds.update().where(feeds.c.id == feed_id).values(values))

    async def resume_feed(self, feed_id: int) -> None:
        async with self._write() as conn:
            await conn.execute(
                feeds.update()
                .where(feeds.c.id == feed_id)
                .values(
                    disabled_at=None,
                    disabled_reason=None,
                    failing_since=None,
                    error_count=0,
                    last_error=None,
                    next_poll_at=None,
                )
            )

    @staticmethod
    async def _move_feed(conn: AsyncConnection, feed_id: int, url: str) -> None:
        """Apply a permanent redirect, unless another feed already has that URL."""
        try:
            async with conn.begin_nested():
                await conn.execute(feeds.update().where(feeds.c.id == feed_id).values(url=url))
        except IntegrityError:
            pass  # both addresses now serve one feed; keep polling the old one's record

    # -- helpers ------------------------------------------------------------------------
    @staticmethod
    async def _find_feed_id(conn: AsyncConnection, url: str) -> int | None:
        row = (
            await conn.execute(
                sa.select(feeds.c.id)
                .where(sa.or_(feeds.c.url == url, feeds.c.added_url == url))
                .order_by((feeds.c.url == url).desc(), feeds.c.id)
                .limit(1)
            )
        ).first()
        return None if row is None else int(row[0])

    @staticmethod
    async def _insert_feed(
        conn: AsyncConnection, spec: FeedSpec, *, is_default: bool = False, operator: bool = False
    ) -> int:
        result = await conn.execute(
            feeds.insert()
            .values(
                url=spec.url,
                added_url=spec.url,
                name=spec.name,
                topics=list(spec.topics),
                is_default=is_default,
                operator=operator,
                paused=False,
                error_count=0,
                initialized=False,
            )
            .returning(feeds.c.id)
        )
        return int(result.scalar_one())

    async def _followed(self, conn: AsyncConnection, guild_id: int) -> set[int]:
        rows = await conn.execute(self._followed_feed_ids(guild_id))
        return {int(feed_id) for feed_id in rows.scalars()}

    async def _resolve(
        self, conn: AsyncConnection, ref: str, guild_id: int | None
    ) -> FeedRecord | None:
        """A feed reference within the caller's view: its id, its URL or the URL it was added
        with (before a permanent redirect moved it), or its name in any case. The one matching
        rule; callers go through ``find_feed`` and the ref-taking methods."""
        ref = ref.strip()
        candidates = await self._feed_records(conn, guild_id)
        if ref.isdigit():
            return next((f for f in candidates if f.id == int(ref)), None)
        by_url = await self._find_feed_id(conn, ref)
        found = next((f for f in candidates if f.id == by_url), None)
        if found is not None:
            return found
        wanted = ref.casefold()
        return next((f for f in candidates if f.name.casefold() == wanted), None)

    async def _feed_records(
        self, conn: AsyncConnection, guild_id: int | None, ids: list[int] | None = None
    ) -> list[FeedRecord]:
        if guild_id is None:
            stmt = sa.select(feeds, _article_count)
        else:
            stmt = (
                sa.select(
                    feeds,
                    _article_count,
                    guild_feeds.c.paused.label("guild_paused"),
                    guild_feeds.c.name.label("guild_name"),
                    guild_feeds.c.topics.label("guild_topics"),
                )
                .join(guild_feeds, guild_feeds.c.feed_id == feeds.c.id)
                .where(
                    guild_feeds.c.guild_id == guild_id,
                    feeds.c.id.in_(self._followed_feed_ids(guild_id)),
                )
            )
        if ids is not None:
            stmt = stmt.where(feeds.c.id.in_(ids))
        rows = (await conn.execute(stmt.order_by(feeds.c.id))).mappings().all()
        if guild_id is None:
            return [_feed_record(r, paused=r["paused"]) for r in rows]
        return [
            _feed_record(
                r,
                paused=r["guild_paused"],
                name=r["guild_name"],
                topics=r["guild_topics"],
            )
            for r in rows
        ]


def _feed_record(
    row: Any, *, paused: bool, name: str | None = None, topics: list[str] | None = None
) -> FeedRecord:
    return FeedRecord(
        id=row["id"],
        url=row["url"],
        name=name or row["name"],
        topics=list(topics if topics is not None else row["topics"]),
        is_default=row["is_default"],
        paused=paused,
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_polled_at=row["last_polled_at"],
        last_success_at=row["last_success_at"],
        last_error=row["last_error"],
        error_count=row["error_count"],
        next_poll_at=row["next_poll_at"],
        initialized=row["initialized"],
        article_count=row["article_count"] or 0,
        operator=bool(row["is_default"] or row["operator"]),
        added_url=row["added_url"],
        failing_since=row["failing_since"],
        disabled_at=row["disabled_at"],
        disabled_reason=row["disabled_reason"],
    )
