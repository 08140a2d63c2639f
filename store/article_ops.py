"""Articles: atomic insert with dedupe, listing, full-text search, re-summarization."""

from __future__ import annotations

from collections.abc import Iterable
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
from store.sql_base import article_columns, chunks, with_topic
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
                for article_id, key, url in rows:
                    found.update(_matched(key, url, by_key, key_of_url))
                    await self._link_feed(conn, article_id, feed_id)
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
        try:
            return await self._add_article(article)
        except _PrunedMeanwhile:
            return None

    async def _add_article(self, article: NewArticle) -> int | None:
        async with self._write() as conn:
            # First, so the stored time below is taken once this writer may cluster: a wait
            # for the lock after it could commit an article into an instant window already
            # posted (the window ends a few seconds before now).
            await self._lock_stories(conn)
            if await _pruned(conn, article.dedupe_key, article.url):
                return None  # an old story pruned meanwhile: storing it would announce it anew
            if article.url is not None:
                # Another feed may carry the story under its own guid: same canonical URL,
                # same article. Checked inside the write transaction to close the race with
                # a concurrent poll of that other feed.
                same_url = (
                    await conn.execute(
                        sa.select(articles.c.id)
                        .where(articles.c.url == article.url)
                        .limit(1)
                        .with_for_update(key_share=True)
                    )
                ).scalar_one_or_none()
                if same_url is not None:
                    await self._link_feed(conn, same_url, article.feed_id)
                    return None
            now = datetime.now(UTC)
            source = article.source
            if source is None:
                source = (
                    await conn.execute(sa.select(feeds.c.name).where(feeds.c.id == article.feed_id))
                ).scalar_one_or_none()
            # ON CONFLICT leans on the unique key: of two concurrent inserts of one key, the
            # second waits for the first and then inserts nothing, instead of failing.
            inserted = await conn.execute(
                self.dialect.insert(articles)
                .values(
                    dedupe_key=article.dedupe_key,
                    title=article.title,
                    url=article.url,
                    source=source,
                    published=article.published,
                    author=article.author,
                    text=article.text,
                    stored_at=now,
                    announce=article.announce,
                    **_summary_columns(article.summary),
                )
                .on_conflict_do_nothing(index_elements=["dedupe_key"])
                .returning(articles.c.id)
            )
            article_id = inserted.scalar_one_or_none()
            if article_id is None:
                existing = (
                    await conn.execute(
                        sa.select(articles.c.id)
                        .where(articles.c.dedupe_key == article.dedupe_key)
                        .with_for_update(key_share=True)
                    )
                ).scalar_one_or_none()
                if existing is not None:  # else pruned since the insert saw it: known anyway
                    await self._link_feed(conn, existing, article.feed_id)
                return None
            # PostgreSQL: a prune that deleted this key's old row and committed while the
            # insert waited on it left a tombstone the first check could not see yet.
            # (SQLite's writers run one at a time, so nothing can have changed there.)
            if self.dialect.name == "postgresql" and await _pruned(
                conn, article.dedupe_key, article.url
            ):
                raise _PrunedMeanwhile  # rolls the insert back
            topics = dict.fromkeys(t.strip().casefold() for t in article.topics if t.strip())
            if topics:
                await conn.execute(
                    article_topics.insert(),
                    [
                        {"article_id": article_id, "topic": t, "position": i}
                        for i, t in enumerate(topics)
                    ],
                )
            await self._insert_parts(conn, article_id, article.title, article.summary)
            await self._link_feed(conn, article_id, article.feed_id)
            vector = article.vector
            if vector is None:
                vector = article_vector(article.title, article.text)
            await self._cluster(conn, article_id, dict(vector), article.published or now)
        return int(article_id)

    async def _link_feed(self, conn: AsyncConnection, article_id: int, feed_id: int) -> None:
        await conn.execute(
            self.dialect.insert(article_feeds)
            .values(article_id=article_id, feed_id=feed_id)
            .on_conflict_do_nothing(index_elements=["article_id", "feed_id"])
        )

    async def _insert_parts(
        self, conn: AsyncConnection, article_id: int, title: str, summary: Summary
    ) -> None:
        """The summary's queryable parts and the search index entry."""
        rows = [
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
        if rows:
            await conn.execute(actors.insert(), rows)
        terms = [
            {"article_id": article_id, "term": term, "name_key": key}
            for term, key in sorted(lookup_terms(summary))
        ]
        if terms:
            await conn.execute(name_terms.insert(), terms)
        quote_rows = [
            {
                "article_id": article_id,
                "position": i,
                "speaker": q.speaker,
                "speaker_key": name_key(q.speaker) if q.speaker else None,
                "text": q.text,
            }
            for i, q in enumerate(summary.quotes)
        ]
        if quote_rows:
            await conn.execute(quotes.insert(), quote_rows)
        date_rows = [
            {"article_id": article_id, "value": d.value, "text": d.text, "context": d.context}
            for d in summary.dates
        ]
        if date_rows:
            await conn.execute(dates.insert(), date_rows)
        await self.dialect.index_article(conn, article_id, title, search_body(summary))

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
        stmt = article_columns().where(self._article_scope(articles.c.id, guild_id))
        stmt = self.dialect.apply_search(stmt, words)
        stmt = stmt.order_by(articles.c.stored_at.desc(), articles.c.id.desc()).limit(limit)
        async with self._read() as conn:
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


async def _pruned(conn: AsyncConnection, key: str, url: str | None) -> bool:
    match = article_tombstones.c.dedupe_key == key
    if url is not None:
        match = match | (article_tombstones.c.url == url)
    found = await conn.execute(sa.select(article_tombstones.c.id).where(match).limit(1))
    return found.first() is not None


def _summary_columns(summary: Summary) -> dict[str, str | None]:
    return {
        "summary": summary.model_dump_json(),
        "backend": summary.backend,
        "fallback_reason": summary.fallback_reason,
    }
