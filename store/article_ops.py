"""Articles: atomic insert with dedupe, listing, full-text search, re-summarization."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from store.base import NewArticle, NotFound, StoredArticle
from store.schema import (
    actors,
    article_feeds,
    article_tombstones,
    article_topics,
    articles,
    dates,
    feeds,
    name_terms,
    quotes,
)
from store.sql_base import LOOKUP_DEPTH, article_columns, chunks, insert_rows, with_topic
from store.story_ops import StoryOps
from store.text import lookup_terms, name_key, search_body, search_words
from stories import article_vector
from summarizer.models import Summary


class _PrunedMeanwhile(Exception):
    """Internal: the story was pruned while it was being stored; undo the insert."""


class ArticleOps(StoryOps):
    async def known_keys(self, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        async with self._read() as conn:
            for chunk in chunks(dict.fromkeys(keys)):
                # A pruned article's key is known too, or it would be stored again as new.
                for table in (articles, article_tombstones):
                    rows = await conn.execute(
                        sa.select(table.c.dedupe_key).where(table.c.dedupe_key.in_(chunk))
                    )
                    found.update(rows.scalars())
        return found

    async def link_known(
        self, feed_id: int, candidates: Iterable[tuple[str, str | None]]
    ) -> set[str]:
        found: set[str] = set()
        async with self._write() as conn:
            for chunk in chunks(dict.fromkeys(candidates)):
                by_key = {key: url for key, url in chunk}
                key_of_url = {url: key for key, url in chunk if url}
                rows = await conn.execute(
                    sa.select(articles.c.id, articles.c.dedupe_key, articles.c.url)
                    .where(articles.c.dedupe_key.in_(by_key) | articles.c.url.in_(key_of_url))
                    # PostgreSQL: a prune deleting one of these waits, or is waited for, so
                    # the link below never points at a deleted row (SQLite writers queue).
                    .with_for_update(key_share=True)
                )
                links = []
                for article_id, key, url in rows:
                    found.update(_matched(key, url, by_key, key_of_url))
                    links.append((int(article_id), feed_id))
                await self._link_feeds(conn, links)
                # A pruned story still listed by a feed is not new: report it known, although
                # there is no article left to link the feed to.
                pruned = await conn.execute(
                    sa.select(article_tombstones.c.dedupe_key, article_tombstones.c.url).where(
                        article_tombstones.c.dedupe_key.in_(by_key)
                        | article_tombstones.c.url.in_(key_of_url)
                    )
                )
                for key, url in pruned:
                    found.update(_matched(key, url, by_key, key_of_url))
        return found

    async def add_article(self, article: NewArticle) -> int | None:
        return (await self.add_articles([article]))[0]

    async def add_articles(self, batch: Sequence[NewArticle]) -> list[int | None]:
        """What add_article does for each, in one transaction of set-based statements: a
        feed's new entries are stored together, and each statement costs a round trip to
        the database (about 0.3 ms through aiosqlite) whatever its rows. All or nothing."""
        if not batch:
            return []
        try:
            return await self._add_articles(batch)
        except _PrunedMeanwhile:  # PostgreSQL, rare: one by one sorts out which
            if len(batch) == 1:
                return [None]  # pruned meanwhile: known, and not to be announced anew
            return [(await self.add_articles([a]))[0] for a in batch]

    async def _add_articles(self, batch: Sequence[NewArticle]) -> list[int | None]:
        keys = [a.dedupe_key for a in batch]
        urls = [a.url for a in batch if a.url]
        async with self._write() as conn:
            await self._admit_article_writer(conn, [*keys, *urls])
            gone_keys, gone_urls = await _tombstoned(conn, keys, urls)
            by_url, by_key = await _existing(conn, keys, urls)
            result: list[int | None] = [None] * len(batch)
            links: list[tuple[int, int]] = []  # (article id, feed id)
            fresh: list[int] = []  # indexes into batch, in order
            first_with_url: dict[str, int] = {}
            fresh_keys: dict[str, int] = {}
            for i, a in enumerate(batch):
                if a.dedupe_key in gone_keys or (a.url and a.url in gone_urls):
                    continue  # pruned: storing it would announce it anew
                known = by_url.get(a.url) if a.url else None
                known = known if known is not None else by_key.get(a.dedupe_key)
                if known is not None:
                    links.append((known, a.feed_id))
                elif (a.url and a.url in first_with_url) or a.dedupe_key in fresh_keys:
                    continue  # the same story twice in this batch: linked below
                else:
                    fresh.append(i)
                    fresh_keys[a.dedupe_key] = i
                    if a.url:
                        first_with_url[a.url] = i
            now = datetime.now(UTC)
            names = await self._feed_names(conn, {a.feed_id for a in batch if a.source is None})
            inserted: dict[str, int] = {}
            if fresh:
                rows = await conn.execute(
                    self.dialect.insert(articles)
                    .on_conflict_do_nothing(index_elements=["dedupe_key"])
                    .returning(articles.c.id, articles.c.dedupe_key),
                    [
                        _article_row(batch[i], batch[i].source or names.get(batch[i].feed_id), now)
                        for i in fresh
                    ],
                )
                inserted = {key: int(article_id) for article_id, key in rows}
            if self.dialect.name == "postgresql" and fresh:
                # A prune that committed while the insert waited on one of its rows.
                late_keys, late_urls = await _tombstoned(conn, keys, urls)
                if any(
                    batch[i].dedupe_key in late_keys or (batch[i].url or "") in late_urls
                    for i in fresh
                ):
                    raise _PrunedMeanwhile
            # Index in batch -> new article id (a key taken meanwhile inserts nothing).
            ids = {
                i: inserted[batch[i].dedupe_key] for i in fresh if batch[i].dedupe_key in inserted
            }
            for i, article_id in ids.items():
                result[i] = article_id
            for i, a in enumerate(batch):  # twins in the batch join the first one's article
                first = first_with_url.get(a.url) if a.url else None
                first = first if first is not None else fresh_keys.get(a.dedupe_key)
                if first is not None and first != i and first in ids:
                    links.append((ids[first], a.feed_id))
            await self._insert_details(conn, [(aid, batch[i]) for i, aid in ids.items()])
            links += [(aid, batch[i].feed_id) for i, aid in ids.items()]
            await self._link_feeds(conn, links)
            if ids:
                await self._lock_stories(conn)
                now = await self._stamp_stored(conn, list(ids.values()), now)
            for i, aid in ids.items():  # in order: one may join a story the one before opened
                a = batch[i]
                vector = a.vector if a.vector is not None else article_vector(a.title, a.text)
                await self._cluster(conn, aid, dict(vector), a.published or now)
        return result

    @staticmethod
    async def _feed_names(conn: AsyncConnection, feed_ids: set[int]) -> dict[int, str]:
        if not feed_ids:
            return {}
        rows = await conn.execute(
            sa.select(feeds.c.id, feeds.c.name).where(feeds.c.id.in_(feed_ids))
        )
        return {int(fid): name for fid, name in rows}

    async def _link_feeds(self, conn: AsyncConnection, links: Iterable[tuple[int, int]]) -> None:
        """(article id, feed id) pairs, each once, in one statement."""
        rows = [{"article_id": a, "feed_id": f} for a, f in dict.fromkeys(links)]
        if rows:
            await conn.execute(
                self.dialect.insert(article_feeds).on_conflict_do_nothing(
                    index_elements=["article_id", "feed_id"]
                ),
                rows,
            )

    async def _insert_details(
        self, conn: AsyncConnection, items: Sequence[tuple[int, NewArticle]], index: bool = True
    ) -> None:
        """New articles' topics, summary parts and (unless `index` is False: the insert made
        them) search entries: a statement per table."""
        topic_rows = [
            {"article_id": article_id, "topic": t, "position": n}
            for article_id, a in items
            for n, t in enumerate(
                dict.fromkeys(t.strip().casefold() for t in a.topics if t.strip())
            )
        ]
        if topic_rows:
            await insert_rows(conn, article_topics, topic_rows)
        parts = [(aid, a.title, a.summary) for aid, a in items]
        if index:
            await self._insert_parts_many(conn, parts)
        else:
            await self._insert_part_rows(conn, parts)

    async def _insert_parts(
        self, conn: AsyncConnection, article_id: int, title: str, summary: Summary
    ) -> None:
        await self._insert_parts_many(conn, [(article_id, title, summary)])

    async def _insert_parts_many(
        self, conn: AsyncConnection, items: Sequence[tuple[int, str, Summary]]
    ) -> None:
        """The summaries' queryable parts and search index entries: a statement per table,
        whatever the number of articles."""
        await self._insert_part_rows(conn, items)
        await self.dialect.index_articles(
            conn,
            [(article_id, title, search_body(summary)) for article_id, title, summary in items],
        )

    @staticmethod
    async def _insert_part_rows(
        conn: AsyncConnection, items: Sequence[tuple[int, str, Summary]]
    ) -> None:
        """The summaries' actors, name terms, quotes and dates: a statement per table."""
        actor_rows, term_rows, quote_rows, date_rows = [], [], [], []
        for article_id, _, summary in items:
            actor_rows += [
                {
                    "article_id": article_id,
                    "name": a.name,
                    "name_key": name_key(a.name),
                    "type": a.type,
                    "role": a.role,
                    "key": a.key,
                    "mentions": a.mentions,
                    "aliases": list(a.aliases),
                }
                for a in summary.actors
            ]
            term_rows += [
                {"article_id": article_id, "term": term, "name_key": key}
                for term, key in sorted(lookup_terms(summary))
            ]
            quote_rows += [
                {
                    "article_id": article_id,
                    "position": i,
                    "speaker": q.speaker,
                    "speaker_key": name_key(q.speaker) if q.speaker else None,
                    "text": q.text,
                }
                for i, q in enumerate(summary.quotes)
            ]
            date_rows += [
                {"article_id": article_id, "value": d.value, "text": d.text, "context": d.context}
                for d in summary.dates
            ]
        for table, rows in (
            (actors, actor_rows),
            (name_terms, term_rows),
            (quotes, quote_rows),
            (dates, date_rows),
        ):
            await insert_rows(conn, table, rows)

    async def replace_summary(self, article_id: int, summary: Summary) -> None:
        async with self._write() as conn:
            title = (
                await conn.execute(sa.select(articles.c.title).where(articles.c.id == article_id))
            ).scalar_one_or_none()
            if title is None:
                raise NotFound(f"article {article_id}")
            await conn.execute(
                articles.update()
                .where(articles.c.id == article_id)
                .values(**_summary_columns(summary))
            )
            for table in (actors, name_terms, quotes, dates):
                await conn.execute(table.delete().where(table.c.article_id == article_id))
            await self._insert_parts(conn, article_id, title, summary)
            # The story shows this summary's actors and quotes: its readers' copies are stale.
            await self._touch_story_of(conn, article_id)

    async def get_article(
        self, article_id: int, guild_id: int | None = None
    ) -> StoredArticle | None:
        stmt = article_columns().where(
            articles.c.id == article_id, self._article_scope(articles.c.id, guild_id)
        )
        async with self._read() as conn:
            found = await self._articles(conn, stmt)
        return found[0] if found else None

    async def recent_articles(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 50,
        announced_only: bool = False,
    ) -> list[StoredArticle]:
        """Stored in [since, until), newest first."""
        stmt = article_columns().where(self._article_scope(articles.c.id, guild_id))
        if since is not None:
            stmt = stmt.where(articles.c.stored_at >= since)
        if until is not None:
            stmt = stmt.where(articles.c.stored_at < until)
        if topic is not None:
            stmt = stmt.where(articles.c.id.in_(with_topic(topic)))
        if announced_only:
            stmt = stmt.where(articles.c.announce)
        stmt = stmt.order_by(articles.c.stored_at.desc(), articles.c.id.desc()).limit(limit)
        async with self._read() as conn:
            return await self._articles(conn, stmt)

    async def search(
        self, query: str, guild_id: int | None = None, limit: int = 20
    ) -> list[StoredArticle]:
        words = search_words(query)
        if not words:
            return []
        hits = self.dialect.search_hits(
            words, lambda article_id: self._article_scope(article_id, guild_id), LOOKUP_DEPTH
        )
        stmt = (
            article_columns()
            .join(hits, hits.c.article_id == articles.c.id)
            .order_by(hits.c.rank, articles.c.stored_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        async with self._read() as conn:
            await self.dialect.plan_each_run(conn)
            return await self._articles(conn, stmt)

    async def fallback_articles(self, limit: int = 100) -> list[StoredArticle]:
        stmt = (
            article_columns()
            .where(articles.c.fallback_reason.is_not(None))
            .order_by(articles.c.stored_at.desc(), articles.c.id.desc())
            .limit(limit)
        )
        async with self._read() as conn:
            return await self._articles(conn, stmt)

    async def count_fallback_articles(self, limit: int) -> int:
        capped = (
            sa.select(articles.c.id)
            .where(articles.c.fallback_reason.is_not(None))
            .limit(limit)
            .subquery()
        )
        async with self._read() as conn:
            found = await conn.execute(sa.select(sa.func.count()).select_from(capped))
            return int(found.scalar_one())


def _matched(
    key: str, url: str | None, by_key: dict[str, str | None], key_of_url: dict[str, str]
) -> set[str]:
    """The candidate keys a stored (key, url) answers: one stored article may answer two
    candidates, one by key and another by URL."""
    return {k for k in (key if key in by_key else None, key_of_url.get(url or "")) if k}


async def _tombstoned(
    conn: AsyncConnection, keys: Sequence[str], urls: Sequence[str]
) -> tuple[set[str], set[str]]:
    """Of these keys and URLs, the ones of pruned articles."""
    gone_keys: set[str] = set()
    gone_urls: set[str] = set()
    for chunk in chunks(keys):
        rows = await conn.execute(
            sa.select(article_tombstones.c.dedupe_key).where(
                article_tombstones.c.dedupe_key.in_(chunk)
            )
        )
        gone_keys.update(rows.scalars())
    for chunk in chunks(urls):
        rows = await conn.execute(
            sa.select(article_tombstones.c.url).where(article_tombstones.c.url.in_(chunk))
        )
        gone_urls.update(u for u in rows.scalars() if u)
    return gone_keys, gone_urls


async def _existing(
    conn: AsyncConnection, keys: Sequence[str], urls: Sequence[str]
) -> tuple[dict[str, int], dict[str, int]]:
    """Stored articles with these URLs and these keys (the first by id for a URL)."""
    by_url: dict[str, int] = {}
    by_key: dict[str, int] = {}
    for chunk in chunks(urls):
        rows = await conn.execute(
            sa.select(articles.c.id, articles.c.url)
            .where(articles.c.url.in_(chunk))
            .order_by(articles.c.id)
            .with_for_update(key_share=True)
        )
        for article_id, url in rows:
            by_url.setdefault(url, int(article_id))
    for chunk in chunks(keys):
        rows = await conn.execute(
            sa.select(articles.c.id, articles.c.dedupe_key)
            .where(articles.c.dedupe_key.in_(chunk))
            .with_for_update(key_share=True)
        )
        by_key.update((key, int(article_id)) for article_id, key in rows)
    return by_url, by_key


def _article_row(article: NewArticle, source: str | None, now: datetime) -> dict[str, object]:
    return {
        "dedupe_key": article.dedupe_key,
        "title": article.title,
        "url": article.url,
        "source": source,
        "published": article.published,
        "author": article.author,
        "text": article.text,
        "stored_at": now,
        "announce": article.announce,
        **_summary_columns(article.summary),
    }


def _summary_columns(summary: Summary) -> dict[str, str | None]:
    return {
        "summary": summary.model_dump_json(),
        "backend": summary.backend,
        "fallback_reason": summary.fallback_reason,
    }
