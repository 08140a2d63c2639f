"""Name-based lookups (actors, speakers, timelines) and the autocomplete helpers.

Names match through ``name_terms``: canonical names, aliases and surnames, normalised in
Python (store.text.name_key), so "putin", "Putin" and "Vladimir Putin" find the same rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from store.base import DateHit, QuoteHit, StoredArticle
from store.dialects import Scope
from store.schema import actors, article_topics, articles, dates, name_terms, quotes
from store.sql_base import LOOKUP_DEPTH, SqlBase, article_columns
from store.text import like_pattern, name_key

# The distinct name keys of one term, one index seek each on ix_name_terms_term_key: a
# common surname has a row per article (a hundred thousand) but only a few keys.
_KEYS_OF_TERM = sa.text(
    "WITH RECURSIVE k(name_key) AS ("
    " SELECT min(name_key) FROM name_terms WHERE term = :term"
    " UNION ALL SELECT (SELECT min(name_key) FROM name_terms"
    "  WHERE term = :term AND name_key > k.name_key) FROM k WHERE k.name_key IS NOT NULL"
    ") SELECT name_key FROM k WHERE name_key IS NOT NULL"
)


def _newest(article_id: sa.ColumnElement[int], *where: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """The LOOKUP_DEPTH newest article ids of one index range (an index on (key, article_id)
    walked backwards, stopping at the depth)."""
    return (
        sa.select(article_id.label("article_id"))
        .where(*where)
        .group_by(article_id)
        .order_by(article_id.desc())
        .limit(LOOKUP_DEPTH)
    )


def _newest_of(sources: list[sa.Select[Any]]) -> sa.Select[Any]:
    """The LOOKUP_DEPTH newest ids of several ranges (one per name key, say)."""
    if len(sources) == 1:
        return sources[0]
    # Each range is cut at the depth first (a subquery each: SQLite allows no LIMIT on a
    # compound's parts), so a common name never reads more than its newest rows.
    parts = [sa.select(s.subquery().c.article_id) for s in sources]
    union = sa.union(*parts).subquery()
    return sa.select(union.c.article_id).order_by(union.c.article_id.desc()).limit(LOOKUP_DEPTH)


def _has(table: sa.Table, article_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    return sa.select(table.c.article_id).where(table.c.article_id == article_id).exists()


def _tagged(topic: str, article_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
    tag = article_topics.alias("tag")
    return (
        sa.select(tag.c.article_id)
        .where(tag.c.article_id == article_id, tag.c.topic == topic.strip().casefold())
        .exists()
    )


class LookupOps(SqlBase):
    """Each lookup first takes the newest LOOKUP_DEPTH matching articles through an index on
    (key, article_id), then orders and cuts those: the same few hundred rows whether a name
    is in five articles or in a hundred thousand."""

    async def _keys(self, conn: AsyncConnection, name: str) -> list[str]:
        """Canonical name keys `name` stands for in any article: an alias or surname learnt
        from one article then finds the person in all of them."""
        found = await conn.execute(_KEYS_OF_TERM, {"term": name_key(name)})
        return [str(k) for k in found.scalars()]

    def _scope(self, guild_id: int | None) -> Scope:
        return lambda article_id: self._article_scope(article_id, guild_id)

    def _mentioning(self, keys: list[str], where: Scope) -> list[sa.Select[Any]]:
        col = name_terms.c
        return [_newest(col.article_id, col.name_key == k, where(col.article_id)) for k in keys]

    async def articles_by_actor(
        self,
        name: str,
        since: datetime | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[StoredArticle]:
        async with self._read() as conn:
            keys = await self._keys(conn, name)
            if not keys:
                return []
            found = _newest_of(self._mentioning(keys, self._scope(guild_id)))
            stmt = article_columns().where(articles.c.id.in_(found))
            if since is not None:
                stmt = stmt.where(articles.c.stored_at >= since)
            stmt = stmt.order_by(articles.c.stored_at.desc(), articles.c.id.desc()).limit(limit)
            return await self._articles(conn, stmt)

    async def name_keys(self, name: str) -> set[str]:
        """Canonical name keys `name` stands for: a speaker matches it when
        ``name_key(speaker)`` is one of them (the rule `quotes` and `articles_by_actor` use)."""
        async with self._read() as conn:
            return set(await self._keys(conn, name))

    async def quotes(
        self,
        speaker: str | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[QuoteHit]:
        scope = self._scope(guild_id)
        col = quotes.c
        async with self._read() as conn:
            stmt = sa.select(
                quotes, articles.c.title.label("article_title"), articles.c.published
            ).join(articles, articles.c.id == col.article_id)
            if speaker is not None:
                keys = await self._keys(conn, speaker)
                if not keys:
                    return []
                sources = [
                    _newest(
                        col.article_id,
                        col.speaker_key == k,
                        scope(col.article_id),
                        *([_tagged(topic, col.article_id)] if topic is not None else []),
                    )
                    for k in keys
                ]
                stmt = stmt.where(col.speaker_key.in_(keys))
            elif topic is not None:
                tag = article_topics.c
                sources = [
                    _newest(
                        tag.article_id,
                        tag.topic == topic.strip().casefold(),
                        _has(quotes, tag.article_id),
                        scope(tag.article_id),
                    )
                ]
            else:
                sources = [_newest(col.article_id, scope(col.article_id))]
            stmt = (
                stmt.where(col.article_id.in_(_newest_of(sources)))
                .order_by(articles.c.stored_at.desc(), articles.c.id.desc(), col.position)
                .limit(limit)
            )
            rows = (await conn.execute(stmt)).mappings().all()
        return [
            QuoteHit(
                article_id=r["article_id"],
                article_title=r["article_title"],
                published=r["published"],
                speaker=r["speaker"],
                text=r["text"],
            )
            for r in rows
        ]

    async def timeline(
        self, topic_or_actor: str, guild_id: int | None = None, limit: int = 50
    ) -> list[DateHit]:
        """The dated events of the newest LOOKUP_DEPTH articles of the topic or actor."""
        scope = self._scope(guild_id)

        def dated(article_id: sa.ColumnElement[int]) -> sa.ColumnElement[bool]:
            return sa.and_(_has(dates, article_id), scope(article_id))

        tag = article_topics.c
        async with self._read() as conn:
            keys = await self._keys(conn, topic_or_actor)
            about = [
                _newest(
                    tag.article_id,
                    tag.topic == topic_or_actor.strip().casefold(),
                    dated(tag.article_id),
                ),
                *self._mentioning(keys, dated),
            ]
            stmt = (
                sa.select(dates, articles.c.title.label("article_title"))
                .join(articles, articles.c.id == dates.c.article_id)
                .where(dates.c.article_id.in_(_newest_of(about)))
                # ISO values of mixed precision sort correctly as text ("2024" < "2024-03").
                .order_by(dates.c.value, articles.c.published, dates.c.id)
                .limit(limit)
            )
            rows = (await conn.execute(stmt)).mappings().all()
        return [
            DateHit(
                article_id=r["article_id"],
                article_title=r["article_title"],
                value=r["value"],
                text=r["text"],
                context=r["context"],
            )
            for r in rows
        ]

    async def topic_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        col = article_topics.c
        return await self._names(
            col.topic, col.topic, sa.func.count(), col.article_id, prefix, guild_id, limit
        )

    async def actor_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        col = actors.c
        weight = sa.func.sum(col.mentions)
        return await self._names(
            col.name_key, col.name, weight, col.article_id, prefix, guild_id, limit
        )

    async def speaker_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        col = quotes.c
        return await self._names(
            col.speaker_key, col.speaker, sa.func.count(), col.article_id, prefix, guild_id, limit
        )

    async def _names(
        self,
        key: sa.ColumnElement[Any],
        display: sa.ColumnElement[Any],
        weight: sa.ColumnElement[Any],
        article_id: sa.ColumnElement[Any],
        prefix: str,
        guild_id: int | None,
        limit: int,
    ) -> list[str]:
        """Distinct names containing `prefix`: those starting with it first, then by weight."""
        wanted = name_key(prefix)
        starts = key.like(like_pattern(wanted, prefix=True), escape="\\")
        stmt = (
            sa.select(sa.func.min(display))
            .where(
                key.is_not(None),
                key.like(like_pattern(wanted, prefix=False), escape="\\"),
                self._article_scope(article_id, guild_id),
            )
            .group_by(key)
            .order_by(sa.case((starts, 0), else_=1), weight.desc(), key)
            .limit(limit)
        )
        async with self._read() as conn:
            return [str(name) for name in (await conn.execute(stmt)).scalars()]
