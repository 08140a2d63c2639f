"""Retention: prune old articles in batches, leaving tombstones so they are never new again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from store.schema import article_tombstones, articles, digest_posts
from store.story_ops import StoryOps

# Articles deleted per transaction: a big prune must not hold SQLite's write lock (and stall
# a poll) for long; each batch commits on its own, so an interrupted prune keeps its progress.
PRUNE_BATCH = 500
# A feed may keep listing an entry for weeks; however short the retention, remember a pruned
# key at least this long so the entry is not announced again.
TOMBSTONE_MIN_KEEP = timedelta(days=30)


def tombstone_cutoff(now: datetime, older_than: datetime) -> datetime:
    """Tombstones recorded before this are forgotten: they are kept twice as long as the
    retention that `older_than` stands for (now - older_than), and at least 30 days."""
    retention = max(now - older_than, timedelta(0))
    return now - max(2 * retention, TOMBSTONE_MIN_KEEP)


# A second name for digest_posts: the subquery for "the same subscription's latest window"
# reads through it while the DELETE works on the table itself.
_later = digest_posts.alias("later")


class RetentionOps(StoryOps):
    async def count_articles_before(self, older_than: datetime) -> int:
        async with self._read() as conn:
            found = await conn.execute(
                sa.select(sa.func.count())
                .select_from(articles)
                .where(articles.c.stored_at < older_than)
            )
            return int(found.scalar_one())

    async def prune_articles(
        self, older_than: datetime, forget_before: datetime | None = None
    ) -> int:
        now = datetime.now(UTC)
        if forget_before is None:
            forget_before = tombstone_cutoff(now, older_than)
        # Expired tombstones go first, so this prune never forgets what it prunes below.
        async with self._write() as conn:
            await conn.execute(
                article_tombstones.delete().where(article_tombstones.c.pruned_at < forget_before)
            )
            # Posted-window records age out too (an instant subscription adds one a minute),
            # except each subscription's latest: where its next window starts.
            latest = (
                sa.select(sa.func.max(_later.c.window_end))
                .where(_later.c.subscription_id == digest_posts.c.subscription_id)
                .scalar_subquery()
            )
            await conn.execute(
                digest_posts.delete().where(
                    digest_posts.c.window_end < older_than, digest_posts.c.window_end < latest
                )
            )
        removed = 0
        while True:
            async with self._write() as conn:
                # No article writer in flight (one may be linking a row this deletes), and
                # pruning changes stories: one story writer at a time (see _lock_stories).
                await self._exclude_article_writers(conn)
                await self._lock_stories(conn)
                batch = (
                    await conn.execute(
                        sa.select(articles.c.id, articles.c.dedupe_key, articles.c.url)
                        .where(articles.c.stored_at < older_than)
                        .order_by(articles.c.stored_at, articles.c.id)
                        .limit(PRUNE_BATCH)
                    )
                ).all()
                if not batch:
                    break
                ids = [row.id for row in batch]
                # Tombstone and delete in one transaction: a poll sees the article or its
                # tombstone, never neither (which would make the story new again).
                insert = self.dialect.insert(article_tombstones).values(
                    [{"dedupe_key": key, "url": url, "pruned_at": now} for _, key, url in batch]
                )
                await conn.execute(
                    insert.on_conflict_do_update(
                        index_elements=["dedupe_key"],
                        set_={"url": insert.excluded.url, "pruned_at": insert.excluded.pruned_at},
                    )
                )
                await self.dialect.unindex_articles(conn, ids)
                await self._leave_stories(conn, ids)
                # Actors, quotes, dates, topics, name terms and feed links go by ON DELETE
                # CASCADE (SQLite enforces it: every connection sets PRAGMA foreign_keys).
                deleted = await conn.execute(articles.delete().where(articles.c.id.in_(ids)))
                # The rows deleted, not selected: a concurrent prune may have taken some.
                removed += deleted.rowcount
            if len(batch) < PRUNE_BATCH:
                break
        return removed
