"""Stories: each stored article joins the story it reports (or opens one) in its own write
transaction, through the one rule in stories.decide; stories merge when an article bridges
them; pruning takes articles out of their stories. Also the instant-post links of stories.

Candidates come from `story_terms` (each story's heaviest centroid terms), so an article is
compared with the few stories sharing its key terms inside the time window, never with all.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from store.base import StoredArticle, StoryPost, StoryRecord
from store.schema import UTCDateTime, articles, stories, story_posts, story_terms
from store.sql_base import SqlBase, article_columns, chunks, with_topic
from stories import StoryState, assign, cosine
from stories.decide import MAX_CANDIDATES, POSTING_DEPTH
from stories.vectors import LOOKUP_TERMS, Vector, add, index_terms, subtract

# Any constant will do: PostgreSQL writers cluster one article at a time, so two outlets'
# articles of one event stored at once cannot both open a story (SQLite writers queue anyway).
_CLUSTER_LOCK = 0x73746F72
# Article writers hold it shared, pruning exclusively: a prune waits for the writers in flight
# and they for it, so a prune never deletes a row a writer is linking to (and no writer waits
# for the cluster lock while holding what a prune needs: no deadlock).
_PRUNE_LOCK = 0x7072756E
# Stories a listing ranks at most (the most recently stored first): a digest shows 50.
_RANK_SCAN = 2000


class StoryOps(SqlBase):
    async def _lock_stories(self, conn: AsyncConnection) -> None:
        """PostgreSQL: one writer of stories at a time (clustering, merges, prunes, post
        links), held to the end of the transaction; SQLite's writers queue anyway. Taking it
        twice in one transaction is harmless."""
        if self.dialect.name == "postgresql":
            await conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({_CLUSTER_LOCK})"))

    async def _admit_article_writer(self, conn: AsyncConnection, names: Sequence[str]) -> None:
        """PostgreSQL: before an article writer reads what is stored. It takes a share of the
        prune lock and a lock on each of its entries' keys and URLs (in hash order, so two
        writers never wait on each other in a cycle): two feeds carrying one story store it
        once and link the second feed, while writers of other entries run side by side.
        Only clustering is one at a time (_lock_stories, taken later)."""
        if self.dialect.name != "postgresql":
            return  # SQLite's write transactions are serial already
        await conn.execute(sa.text(f"SELECT pg_advisory_xact_lock_shared({_PRUNE_LOCK})"))
        if names:
            await conn.execute(
                sa.text(
                    "SELECT pg_advisory_xact_lock(h) FROM (SELECT DISTINCT"
                    " hashtextextended(n, 0) AS h FROM unnest(CAST(:names AS text[])) AS n"
                    " ORDER BY h) AS locks"
                ),
                {"names": sorted(set(names))},
            )

    async def _exclude_article_writers(self, conn: AsyncConnection) -> None:
        """PostgreSQL: wait for the article writers in flight, and keep new ones out."""
        if self.dialect.name == "postgresql":
            await conn.execute(sa.text(f"SELECT pg_advisory_xact_lock({_PRUNE_LOCK})"))

    async def _stamp_stored(
        self, conn: AsyncConnection, article_ids: Sequence[int], stored: datetime
    ) -> datetime:
        """The stored time, read once this writer holds the cluster lock: an instant window
        posted while it waited for the lock must not gain an article afterwards (the window
        ends a few seconds before now). PostgreSQL rewrites the rows' time; SQLite's writer
        held its lock all along, so the time it stored (`stored`) is already that."""
        if self.dialect.name != "postgresql" or not article_ids:
            return stored
        now = datetime.now(UTC)
        await conn.execute(
            articles.update().where(articles.c.id.in_(article_ids)).values(stored_at=now)
        )
        return now

    # -- clustering (inside the article's write transaction) ----------------------------
    async def _cluster(
        self, conn: AsyncConnection, article_id: int, vector: Vector, published: datetime
    ) -> int:
        """Put the article into its story; returns the story id."""
        await self._lock_stories(conn)
        now = datetime.now(UTC)
        candidates = await self._candidates(conn, vector, published)
        decision = assign(vector, published, candidates, self.story_params)
        if decision.story is None:
            centroid, first, last = add({}, vector), published, published
            story_id = (
                await conn.execute(
                    stories.insert()
                    .values(
                        centroid=centroid,
                        first_published=first,
                        last_published=last,
                        article_count=1,
                        version=1,
                        posted=False,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(stories.c.id)
                )
            ).scalar_one()
        else:
            story_id = decision.story
            for other in decision.merged:
                await self._fold(conn, other, into=story_id, now=now)
            if decision.merged:  # the survivor's centroid and span changed in the fold
                row = (
                    await conn.execute(
                        sa.select(
                            stories.c.centroid, stories.c.first_published, stories.c.last_published
                        ).where(stories.c.id == story_id)
                    )
                ).one()
                base = StoryState(story_id, row.centroid, row.first_published, row.last_published)
            else:  # the candidate as just read: no second read of its centroid
                base = next(c for c in candidates if c.id == story_id)
            centroid = add(base.centroid, vector)
            first = min(base.first_published, published)
            last = max(base.last_published, published)
            await conn.execute(
                stories.update()
                .where(stories.c.id == story_id)
                .values(
                    centroid=centroid,
                    first_published=first,
                    last_published=last,
                    article_count=stories.c.article_count + 1,
                    version=stories.c.version + 1,
                    updated_at=now,
                )
            )
        await conn.execute(
            articles.update()
            .where(articles.c.id == article_id)
            .values(story_id=story_id, story_vector=vector)
        )
        await self._write_terms(conn, story_id, centroid, now, first, last)
        return int(story_id)

    async def _candidates(
        self, conn: AsyncConnection, vector: Vector, published: datetime
    ) -> list[StoryState]:
        """The stories MemoryIndex would compare the article with: for each of its lookup
        terms, the POSTING_DEPTH stories in the window updated last; of those, the
        MAX_CANDIDATES sharing the most terms (newest first on ties). Each term is one range
        of ix_story_terms_recent, so the work does not grow with the stories stored."""
        window = self.story_params.window
        terms = index_terms(vector, LOOKUP_TERMS)
        if not terms:
            return []
        params: dict[str, object] = {f"t{i}": t for i, t in enumerate(terms)}
        params.update(lo=published - window, hi=published + window)
        rows = await conn.execute(_candidates_query(len(terms)), params)
        return [
            StoryState(r.id, r.centroid, r.first_published, r.last_published, r.posted)
            for r in rows
        ]

    async def _fold(self, conn: AsyncConnection, other: int, *, into: int, now: datetime) -> None:
        """Merge story `other` into `into`: its articles, centroid, bounds and instant posts;
        `other` stays as a pointer so its id still resolves."""
        a = (await conn.execute(sa.select(stories).where(stories.c.id == into))).one()
        b = (await conn.execute(sa.select(stories).where(stories.c.id == other))).one()
        await conn.execute(
            articles.update().where(articles.c.story_id == other).values(story_id=into)
        )
        await conn.execute(
            stories.update()
            .where(stories.c.id == into)
            .values(
                centroid=add(a.centroid, b.centroid),
                first_published=min(a.first_published, b.first_published),
                last_published=max(a.last_published, b.last_published),
                article_count=a.article_count + b.article_count,
                version=a.version + b.version,
                posted=a.posted or b.posted,
                updated_at=now,
            )
        )
        # Pointers at `other` now point at the survivor: chains stay one hop long.
        await conn.execute(
            stories.update().where(stories.c.merged_into == other).values(merged_into=into)
        )
        await conn.execute(
            stories.update()
            .where(stories.c.id == other)
            .values(merged_into=into, article_count=0, centroid={}, updated_at=now)
        )
        await conn.execute(story_terms.delete().where(story_terms.c.story_id == other))
        # A subscription that announced `other` but not the survivor keeps its message, now
        # the survivor's (later articles edit it); one that announced both keeps the first.
        taken = sa.select(story_posts.c.subscription_id).where(story_posts.c.story_id == into)
        await conn.execute(
            story_posts.update()
            .where(
                story_posts.c.story_id == other,
                story_posts.c.subscription_id.not_in(taken.scalar_subquery()),
            )
            .values(story_id=into, version=0)
        )
        await conn.execute(story_posts.delete().where(story_posts.c.story_id == other))

    async def _reindex(self, conn: AsyncConnection, story_id: int) -> None:
        """Rewrite the story's index rows from its stored centroid and span."""
        row = (
            await conn.execute(
                sa.select(
                    stories.c.centroid,
                    stories.c.updated_at,
                    stories.c.first_published,
                    stories.c.last_published,
                ).where(stories.c.id == story_id)
            )
        ).one()
        await self._write_terms(
            conn, story_id, row.centroid, row.updated_at, row.first_published, row.last_published
        )

    async def _write_terms(
        self,
        conn: AsyncConnection,
        story_id: int,
        centroid: Mapping[str, float],
        updated_at: datetime,
        first: datetime,
        last: datetime,
    ) -> None:
        await conn.execute(story_terms.delete().where(story_terms.c.story_id == story_id))
        terms = index_terms(centroid)
        if terms:
            await conn.execute(
                story_terms.insert(),
                [
                    {
                        "term": t,
                        "story_id": story_id,
                        "updated_at": updated_at,
                        "first_published": first,
                        "last_published": last,
                    }
                    for t in terms
                ],
            )

    async def _touch_story_of(self, conn: AsyncConnection, article_id: int) -> None:
        story_id = sa.select(articles.c.story_id).where(articles.c.id == article_id)
        await conn.execute(
            stories.update()
            .where(stories.c.id == story_id.scalar_subquery())
            .values(version=stories.c.version + 1, updated_at=datetime.now(UTC))
        )

    async def _leave_stories(self, conn: AsyncConnection, article_ids: Sequence[int]) -> None:
        """Articles about to be deleted leave their stories; a story left empty goes."""
        rows = (
            await conn.execute(
                sa.select(articles.c.id, articles.c.story_id, articles.c.story_vector).where(
                    articles.c.id.in_(article_ids), articles.c.story_id.is_not(None)
                )
            )
        ).all()
        leaving: dict[int, list[Mapping[str, float]]] = defaultdict(list)
        for r in rows:
            leaving[r.story_id].append(r.story_vector or {})
        for story_id, vectors in sorted(leaving.items()):
            row = (await conn.execute(sa.select(stories).where(stories.c.id == story_id))).first()
            if row is None:
                continue  # already gone (an interrupted earlier prune): nothing to take out
            left = row.article_count - len(vectors)
            if left <= 0:
                # Pointers to it (merged stories) go with it by ON DELETE CASCADE.
                await conn.execute(stories.delete().where(stories.c.id == story_id))
                continue
            centroid: Vector = dict(row.centroid)
            for v in vectors:
                centroid = subtract(centroid, v)
            bounds = (
                await conn.execute(
                    sa.select(sa.func.min(_article_time()), sa.func.max(_article_time())).where(
                        articles.c.story_id == story_id, articles.c.id.not_in(article_ids)
                    )
                )
            ).one()
            # Neither the version nor the update time moves: a story losing an old article is
            # no news (its posted messages are not edited for it), and it must not move ahead
            # of live stories in the candidate index.
            await conn.execute(
                stories.update()
                .where(stories.c.id == story_id)
                .values(
                    centroid=centroid,
                    article_count=left,
                    first_published=bounds[0] or row.first_published,
                    last_published=bounds[1] or row.last_published,
                )
            )
            await self._reindex(conn, story_id)

    async def cluster_unassigned(self, batch: int = 50) -> int:
        """Articles stored before stories existed (or whose clustering was interrupted) join
        their stories, oldest first; returns how many did."""
        from stories import article_vector

        done = 0
        while True:
            async with self._write() as conn:
                # Before reading: two processes opening the store at once must not both
                # cluster the same articles.
                await self._lock_stories(conn)
                rows = (
                    await conn.execute(
                        sa.select(articles.c.id, articles.c.title, articles.c.text, _article_time())
                        .where(articles.c.story_id.is_(None))
                        .order_by(_article_time(), articles.c.id)
                        .limit(batch)
                    )
                ).all()
                for r in rows:
                    await self._cluster(conn, r[0], article_vector(r[1], r[2]), r[3])
            done += len(rows)
            if len(rows) < batch:
                return done

    # -- reading --------------------------------------------------------------------------
    async def list_stories(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 50,
        announced_only: bool = False,
    ) -> list[StoryRecord]:
        in_window = sa.select(articles.c.story_id).where(
            articles.c.story_id.is_not(None), self._article_scope(articles.c.id, guild_id)
        )
        if since is not None:
            in_window = in_window.where(articles.c.stored_at >= since)
        if until is not None:
            in_window = in_window.where(articles.c.stored_at < until)
        if topic is not None:
            in_window = in_window.where(articles.c.id.in_(with_topic(topic)))
        if announced_only:
            in_window = in_window.where(articles.c.announce)
        in_window = (
            in_window.group_by(articles.c.story_id)
            .order_by(sa.func.max(articles.c.stored_at).desc(), articles.c.story_id.desc())
            .limit(_RANK_SCAN)
        )
        async with self._read() as conn:
            ids = list((await conn.execute(in_window)).scalars())
            records = await self._records(conn, ids, guild_id)
        records.sort(key=_importance)
        return records[:limit]

    async def get_story(self, story_id: int, guild_id: int | None = None) -> StoryRecord | None:
        async with self._read() as conn:
            resolved = (
                await conn.execute(
                    sa.select(sa.func.coalesce(stories.c.merged_into, stories.c.id)).where(
                        stories.c.id == story_id
                    )
                )
            ).scalar_one_or_none()
            if resolved is None:
                return None
            found = await self._records(conn, [resolved], guild_id)
        return found[0] if found else None

    async def stories_of(
        self, article_ids: Iterable[int], guild_id: int | None = None
    ) -> list[StoryRecord]:
        wanted = list(dict.fromkeys(article_ids))
        async with self._read() as conn:
            story_of: dict[int, int] = {}
            for chunk in chunks(wanted):
                rows = await conn.execute(
                    sa.select(articles.c.id, articles.c.story_id).where(
                        articles.c.id.in_(chunk), articles.c.story_id.is_not(None)
                    )
                )
                story_of.update({r.id: r.story_id for r in rows})
            ids = list(dict.fromkeys(story_of[a] for a in wanted if a in story_of))
            return await self._records(conn, ids, guild_id)

    async def _records(
        self, conn: AsyncConnection, story_ids: Sequence[int], guild_id: int | None
    ) -> list[StoryRecord]:
        """Records for the ids, in their order; stories with no visible article are left out."""
        heads: dict[int, Any] = {}
        members: dict[int, list[StoredArticle]] = defaultdict(list)
        vectors: dict[int, Mapping[str, float]] = {}
        for chunk in chunks(story_ids):
            for row in await conn.execute(sa.select(stories).where(stories.c.id.in_(chunk))):
                heads[row.id] = row
            stmt = article_columns().where(
                articles.c.story_id.in_(chunk), self._article_scope(articles.c.id, guild_id)
            )
            stmt = stmt.order_by(_article_time(), articles.c.id)
            for a in await self._articles(conn, stmt):
                assert a.story_id is not None
                members[a.story_id].append(a)
            rows = await conn.execute(
                sa.select(articles.c.id, articles.c.story_vector).where(
                    articles.c.story_id.in_(chunk)
                )
            )
            vectors.update({r.id: r.story_vector or {} for r in rows})
        out: list[StoryRecord] = []
        for sid in story_ids:
            head, arts = heads.get(sid), members.get(sid)
            if head is None or not arts:
                continue
            lead = max(arts, key=lambda a: (cosine(vectors.get(a.id, {}), head.centroid), -a.id))
            out.append(
                StoryRecord(
                    id=sid,
                    version=head.version,
                    articles=arts,
                    lead_article_id=lead.id,
                    first_published=head.first_published,
                    last_published=head.last_published,
                    posted=head.posted,
                )
            )
        return out

    # -- posting --------------------------------------------------------------------------
    async def mark_stories_posted(self, story_ids: Iterable[int]) -> None:
        ids = list(dict.fromkeys(story_ids))
        async with self._write() as conn:
            for chunk in chunks(ids):
                await conn.execute(
                    stories.update().where(stories.c.id.in_(chunk)).values(posted=True)
                )

    async def story_posts(
        self, subscription_id: int, story_ids: Iterable[int] | None = None
    ) -> dict[int, StoryPost]:
        stmt = sa.select(story_posts).where(story_posts.c.subscription_id == subscription_id)
        if story_ids is not None:
            stmt = stmt.where(story_posts.c.story_id.in_(list(story_ids)))
        async with self._read() as conn:
            return {r.story_id: _post(r) for r in await conn.execute(stmt)}

    async def record_story_post(self, post: StoryPost) -> None:
        async with self._write() as conn:
            await self._lock_stories(conn)
            # The story may have merged while its message was being sent: link the message to
            # the survivor (version 0: the next run edits it to the survivor's content).
            found = (
                await conn.execute(
                    sa.select(stories.c.id, stories.c.merged_into).where(
                        stories.c.id == post.story_id
                    )
                )
            ).first()
            if found is None:  # pruned meanwhile: nothing left to link the message to
                return
            story_id = found.merged_into or found.id
            version = post.version if story_id == post.story_id else 0
            if story_id != post.story_id:
                linked = await conn.execute(
                    sa.select(story_posts.c.story_id).where(
                        story_posts.c.subscription_id == post.subscription_id,
                        story_posts.c.story_id == story_id,
                    )
                )
                if linked.first() is not None:  # the survivor's own message stays the link
                    return
            insert = self.dialect.insert(story_posts).values(
                subscription_id=post.subscription_id,
                story_id=story_id,
                channel_id=post.channel_id,
                message_id=post.message_id,
                version=version,
                posted_at=datetime.now(UTC),
            )
            await conn.execute(
                insert.on_conflict_do_update(
                    index_elements=["subscription_id", "story_id"],
                    set_={
                        "channel_id": insert.excluded.channel_id,
                        "message_id": insert.excluded.message_id,
                        "version": insert.excluded.version,
                    },
                )
            )
            await conn.execute(stories.update().where(stories.c.id == story_id).values(posted=True))

    async def forget_story_post(self, subscription_id: int, story_id: int) -> None:
        async with self._write() as conn:
            await conn.execute(
                story_posts.delete().where(
                    story_posts.c.subscription_id == subscription_id,
                    story_posts.c.story_id == story_id,
                )
            )

    async def stale_story_posts(self, since: datetime) -> list[StoryPost]:
        stmt = (
            sa.select(story_posts)
            .join(stories, stories.c.id == story_posts.c.story_id)
            .where(
                stories.c.updated_at >= since,
                stories.c.version != story_posts.c.version,
                stories.c.merged_into.is_(None),
            )
            .order_by(story_posts.c.subscription_id, story_posts.c.story_id)
        )
        async with self._read() as conn:
            return [_post(r) for r in await conn.execute(stmt)]


@cache
def _candidates_query(n_terms: int) -> sa.TextualSelect:
    """The candidate query for n lookup terms, built once: composing it from Core constructs
    for every article spent ~20 ms in SQLAlchemy's compiler (64 sub-selects), the database
    itself ~2 ms. Each sub-select is one range of ix_story_terms_recent."""
    per_term = " UNION ALL ".join(
        f"SELECT * FROM (SELECT story_id FROM story_terms WHERE term = :t{i}"
        " AND last_published >= :lo AND first_published <= :hi"
        f" ORDER BY updated_at DESC, story_id DESC LIMIT {POSTING_DEPTH}) AS p{i}"
        for i in range(n_terms)
    )
    sql = (
        "SELECT s.id, s.centroid, s.first_published, s.last_published, s.posted FROM stories s"
        " JOIN (SELECT story_id, count(*) AS shared FROM (" + per_term + ") AS listed"
        f" GROUP BY story_id ORDER BY shared DESC, story_id DESC LIMIT {MAX_CANDIDATES})"
        " AS best ON best.story_id = s.id ORDER BY best.shared DESC, s.id DESC"
    )
    return (
        sa.text(sql)
        .bindparams(
            sa.bindparam("lo", type_=UTCDateTime()), sa.bindparam("hi", type_=UTCDateTime())
        )
        .columns(
            stories.c.id,
            stories.c.centroid,
            stories.c.first_published,
            stories.c.last_published,
            stories.c.posted,
        )
    )


def _article_time() -> sa.ColumnElement[datetime]:
    """When an article happened, for the story window: published, else stored."""
    return sa.func.coalesce(articles.c.published, articles.c.stored_at)


def _importance(r: StoryRecord) -> tuple[int, float, int]:
    latest = max(a.stored_at for a in r.articles)
    return (-len(r.outlets), -latest.timestamp(), -r.id)


def _post(r: Any) -> StoryPost:
    return StoryPost(r.subscription_id, r.story_id, r.channel_id, r.message_id, r.version)
