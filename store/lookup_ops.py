"""Name-based lookups (actors, speakers, timelines) and the autocomplete helpers.

Names match through ``name_terms``: canonical names, aliases and surnames, normalised in
Python (store.text.name_key), so "putin", "Putin" and "Vladimir Putin" find the same rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from store.base import DateHit, QuoteHit, StoredArticle
from store.schema import actors, article_topics, articles, dates, name_terms, quotes
from store.sql_base import SqlBase, article_columns, with_topic
from store.text import like_pattern, name_key


def _canonical(name: str) -> sa.Select[Any]:
    """Canonical name keys `name` stands for in any article.

    An alias or surname learnt from one article then finds the person in all of them."""
    return sa.select(name_terms.c.name_key).where(name_terms.c.term == name_key(name))


def _mentioning(name: str) -> sa.Select[Any]:
    return sa.select(name_terms.c.article_id).where(name_terms.c.name_key.in_(_canonical(name)))


class LookupOps(SqlBase):
    async def articles_by_actor(
        self,
        name: str,
        since: datetime | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[StoredArticle]:
        stmt = article_columns().where(
            articles.c.id.in_(_mentioning(name)), self._article_scope(articles.c.id, guild_id)
        )
        if since is not None:
            stmt = stmt.where(articles.c.stored_at >= since)
        stmt = stmt.order_by(articles.c.stored_at.desc(), articles.c.id.desc()).limit(limit)
        async with self._read() as conn:
            return await self._articles(conn, stmt)

    async def name_keys(self, name: str) -> set[str]:
        """Canonical name keys `name` stands for: a speaker matches it when
        ``name_key(speaker)`` is one of them (the rule `quotes` and `articles_by_actor` use)."""
        async with self._read() as conn:
            return set((await conn.execute(_canonical(name).distinct())).scalars())

    async def quotes(
        self,
        speaker: str | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[QuoteHit]:
        stmt = (
            sa.select(quotes, articles.c.title.label("article_title"), articles.c.published)
            .join(articles, articles.c.id == quotes.c.article_id)
            .where(self._article_scope(articles.c.id, guild_id))
        )
        if speaker is not None:
            stmt = stmt.where(quotes.c.speaker_key.in_(_canonical(speaker)))
        if topic is not None:
            stmt = stmt.where(quotes.c.article_id.in_(with_topic(topic)))
        stmt = stmt.order_by(
            articles.c.stored_at.desc(), articles.c.id.desc(), quotes.c.position
        ).limit(limit)
        async with self._read() as conn:
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
        about = sa.or_(
            dates.c.article_id.in_(with_topic(topic_or_actor)),
            dates.c.article_id.in_(_mentioning(topic_or_actor)),
        )
        stmt = (
            sa.select(dates, articles.c.title.label("article_title"))
            .join(articles, articles.c.id == dates.c.article_id)
            .where(about, self._article_scope(articles.c.id, guild_id))
            # ISO values of mixed precision sort correctly as text ("2024" < "2024-03").
            .order_by(dates.c.value, articles.c.published, dates.c.id)
            .limit(limit)
        )
        async with self._read() as conn:
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
