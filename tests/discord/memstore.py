"""An in-memory `Store` with the Protocol's guild scoping, for bot tests independent of SQL."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime

from store.base import (
    DateHit,
    FeedExists,
    FeedRecord,
    FeedSpec,
    NewArticle,
    QuoteHit,
    StoredArticle,
    Subscription,
    TokenUsage,
)
from summarizer.models import Summary


class MemStore:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.feeds: dict[int, FeedRecord] = {}
        self.guild_feeds: dict[int, set[int]] = {}
        self.articles: dict[int, tuple[StoredArticle, int]] = {}
        self.subs: dict[int, Subscription] = {}
        self.digests: dict[int, list[tuple[datetime, datetime, list[int]]]] = {}
        self.timezones: dict[int, str] = {}
        self.closed = False

    async def close(self) -> None:
        self.closed = True

    # -- feeds -------------------------------------------------------------------------------
    async def sync_default_feeds(self, feeds: Iterable[FeedSpec]) -> None:
        for spec in feeds:
            await self.add_feed(spec)

    async def ensure_guild(self, guild_id: int) -> None:
        if guild_id not in self.guild_feeds:
            self.guild_feeds[guild_id] = {f.id for f in self.feeds.values() if f.is_default}

    async def add_feed(self, spec: FeedSpec, guild_id: int | None = None) -> FeedRecord:
        existing = next((f for f in self.feeds.values() if f.url == spec.url), None)
        if existing is None:
            existing = FeedRecord(
                next(self._ids), spec.url, spec.name, list(spec.topics), guild_id is None, False
            )
            self.feeds[existing.id] = existing
        elif guild_id is None or existing.id in self.guild_feeds.get(guild_id, set()):
            raise FeedExists(spec.url)
        if guild_id is not None:
            await self.ensure_guild(guild_id)
            self.guild_feeds[guild_id].add(existing.id)
        return existing

    def _find(self, ref: str, guild_id: int | None) -> FeedRecord | None:
        for f in visible_feeds(self.feeds.values(), guild_id, self.guild_feeds):
            if ref in (str(f.id), f.url, f.name):
                return f
        return None

    async def remove_feed(self, ref: str, guild_id: int | None = None) -> bool:
        f = self._find(ref, guild_id)
        if f is None:
            return False
        if guild_id is None:
            del self.feeds[f.id]
        else:
            self.guild_feeds[guild_id].discard(f.id)
        return True

    async def set_feed_paused(self, ref: str, paused: bool, guild_id: int | None = None) -> bool:
        f = self._find(ref, guild_id)
        if f is None:
            return False
        self.feeds[f.id] = replace(f, paused=paused)
        return True

    async def list_feeds(self, guild_id: int | None = None) -> list[FeedRecord]:
        return visible_feeds(self.feeds.values(), guild_id, self.guild_feeds)

    async def get_feed(self, feed_id: int) -> FeedRecord | None:
        return self.feeds.get(feed_id)

    # -- articles ----------------------------------------------------------------------------
    async def add_article(self, article: NewArticle) -> int | None:
        aid = next(self._ids)
        source = self.feeds[article.feed_id].name if article.feed_id in self.feeds else None
        stored = StoredArticle(
            aid,
            article.dedupe_key,
            article.title,
            article.url,
            source,
            article.published,
            datetime.now(UTC),
            article.author,
            article.text,
            article.summary,
            list(article.topics),
            article.announce,
        )
        self.articles[aid] = (stored, article.feed_id)
        return aid

    def _visible(self, guild_id: int | None) -> list[StoredArticle]:
        allowed = None if guild_id is None else self.guild_feeds.get(guild_id, set())
        out = [a for a, feed in self.articles.values() if allowed is None or feed in allowed]
        return sorted(out, key=lambda a: a.stored_at, reverse=True)

    async def get_article(
        self, article_id: int, guild_id: int | None = None
    ) -> StoredArticle | None:
        return next((a for a in self._visible(guild_id) if a.id == article_id), None)

    async def recent_articles(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 50,
        announced_only: bool = False,
    ) -> list[StoredArticle]:
        return [
            a
            for a in self._visible(guild_id)
            if (since is None or a.stored_at > since)
            and (until is None or a.stored_at <= until)
            and (topic is None or topic in a.topics)
            and (a.announce or not announced_only)
        ][:limit]

    async def search(
        self, query: str, guild_id: int | None = None, limit: int = 20
    ) -> list[StoredArticle]:
        words = query.lower().split()
        return [
            a
            for a in self._visible(guild_id)
            if all(w in f"{a.title} {a.summary.summary}".lower() for w in words)
        ][:limit]

    async def articles_by_actor(
        self, name: str, since: datetime | None = None, guild_id: int | None = None, limit: int = 20
    ) -> list[StoredArticle]:
        return [
            a
            for a in self._visible(guild_id)
            if any(x.name.lower() == name.lower() for x in a.summary.actors)
            and (since is None or a.stored_at > since)
        ][:limit]

    async def quotes(
        self,
        speaker: str | None = None,
        topic: str | None = None,
        guild_id: int | None = None,
        limit: int = 20,
    ) -> list[QuoteHit]:
        return [
            QuoteHit(a.id, a.title, a.published, q.speaker, q.text)
            for a in self._visible(guild_id)
            if topic is None or topic in a.topics
            for q in a.summary.quotes
            if speaker is None or (q.speaker or "").lower() == speaker.lower()
        ][:limit]

    async def timeline(
        self, topic_or_actor: str, guild_id: int | None = None, limit: int = 50
    ) -> list[DateHit]:
        key = topic_or_actor.lower()
        hits = [
            DateHit(a.id, a.title, d.value, d.text, d.context)
            for a in self._visible(guild_id)
            if key in a.topics or any(x.name.lower() == key for x in a.summary.actors)
            for d in a.summary.dates
        ]
        return sorted(hits, key=lambda h: h.value)[:limit]

    async def topic_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        names = {
            t for a in self._visible(guild_id) for t in a.topics if t.startswith(prefix.lower())
        }
        return sorted(names)[:limit]

    async def actor_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        names = {x.name for a in self._visible(guild_id) for x in a.summary.actors}
        return sorted(n for n in names if n.lower().startswith(prefix.lower()))[:limit]

    async def speaker_names(
        self, prefix: str = "", guild_id: int | None = None, limit: int = 25
    ) -> list[str]:
        names = {q.speaker for a in self._visible(guild_id) for q in a.summary.quotes if q.speaker}
        return sorted(n for n in names if n.lower().startswith(prefix.lower()))[:limit]

    async def replace_summary(self, article_id: int, summary: Summary) -> None:
        a, feed = self.articles[article_id]
        self.articles[article_id] = (replace(a, summary=summary), feed)

    # -- subscriptions and digests -------------------------------------------------------------
    async def add_subscription(
        self, guild_id: int, channel_id: int, topic: str | None, schedule: str
    ) -> Subscription:
        sub = Subscription(
            next(self._ids), guild_id, channel_id, topic, schedule, created_at=datetime.now(UTC)
        )
        self.subs[sub.id] = sub
        return sub

    async def remove_subscription(self, guild_id: int, subscription_id: int) -> bool:
        sub = self.subs.get(subscription_id)
        if sub is None or sub.guild_id != guild_id:
            return False
        del self.subs[subscription_id]
        return True

    async def list_subscriptions(self, guild_id: int | None = None) -> list[Subscription]:
        return [s for s in self.subs.values() if guild_id is None or s.guild_id == guild_id]

    async def set_subscription_paused(
        self, subscription_id: int, paused: bool, reason: str | None = None
    ) -> None:
        self.subs[subscription_id] = replace(
            self.subs[subscription_id], paused=paused, paused_reason=reason
        )

    async def last_digest_window_end(self, subscription_id: int) -> datetime | None:
        windows = self.digests.get(subscription_id, [])
        return max((end for _, end, _ in windows), default=None)

    async def record_digest(
        self,
        subscription_id: int,
        window_start: datetime,
        window_end: datetime,
        message_ids: list[int],
    ) -> bool:
        windows = self.digests.setdefault(subscription_id, [])
        if any(s == window_start and e == window_end for s, e, _ in windows):
            return False
        windows.append((window_start, window_end, message_ids))
        return True

    async def get_guild_timezone(self, guild_id: int) -> str:
        return self.timezones.get(guild_id, "UTC")

    async def set_guild_timezone(self, guild_id: int, tz: str) -> None:
        self.timezones[guild_id] = tz

    async def token_usage(self, day: date) -> TokenUsage:
        return TokenUsage(day)


def visible_feeds(
    feeds: Iterable[FeedRecord], guild_id: int | None, guild_feeds: dict[int, set[int]]
) -> list[FeedRecord]:
    if guild_id is None:
        return list(feeds)
    allowed = guild_feeds.get(guild_id, set())
    return [f for f in feeds if f.id in allowed]
