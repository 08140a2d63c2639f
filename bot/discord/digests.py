"""Scheduled and instant digests for subscriptions: pick the window, build, post, record.

Each posted window is recorded in the store, so a restart neither re-posts nor skips one; a
transient failure leaves the window unrecorded (the next run retries it); a permanent one
(missing permission, deleted channel) pauses the subscription with the reason for `/status`.

A digest of several messages that fails part-way keeps the messages already posted (in memory,
per subscription and window): the retry sends the same built messages from the first unposted
one, so readers never see a part twice. A restart in between forgets this and re-posts the
window whole — the rarer, louder failure is preferred to losing a window.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

import discord

from bot.digest import build_digest, story_from_article
from bot.discord.embeds import digest_messages, story_embed
from bot.discord.schedule import Schedule, due_window, parse_schedule
from bot.discord.sender import Delivered, Outgoing, SendQueue
from store.base import Store, StoredArticle, Subscription

log = logging.getLogger(__name__)


@dataclass
class _Progress:
    """A window's digest being delivered: its messages, built once, and the ids of those posted."""

    window_end: datetime
    messages: list[list[discord.Embed]]
    posted: list[int] = field(default_factory=list)


class DigestPoster:
    def __init__(self, store: Store, sender: SendQueue, *, max_stories: int = 25) -> None:
        self.store = store
        self.sender = sender
        self.max_stories = max_stories
        self._lock = asyncio.Lock()  # one run at a time: two runs must never post one window twice
        self._unfinished: dict[int, _Progress] = {}  # subscription id -> partly posted window

    async def run_due(self, now: datetime | None = None) -> int:
        """Post every due window of every active scheduled subscription; returns posts made."""
        now = now or datetime.now(UTC)
        posted = 0
        async with self._lock:
            for sub in await self.store.list_subscriptions():
                if sub.paused or sub.schedule == "instant":
                    continue
                try:
                    posted += await self._run_one(sub, now)
                except Exception:  # one bad subscription must not stop the others
                    log.exception("digest for subscription %s failed", sub.id)
        return posted

    def forget(self, subscription_id: int) -> None:
        """Drop a removed subscription's half-posted window (SQLite may reuse its id)."""
        self._unfinished.pop(subscription_id, None)

    async def _run_one(self, sub: Subscription, now: datetime) -> int:
        schedule = parse_schedule(sub.schedule)
        tz = await self.store.get_guild_timezone(sub.guild_id)
        last_end = await self.store.last_digest_window_end(sub.id)
        window = due_window(schedule, tz, now, last_end, sub.created_at)
        if window is None:
            return 0
        start, end = window
        progress = self._unfinished.pop(sub.id, None)
        if progress is not None and start < progress.window_end <= end:
            # Finish the partly posted window as it was built; later windows follow from its end.
            end = progress.window_end
        else:
            digest = await build_digest(
                self.store,
                since=start,
                until=end,
                topic=sub.topic,
                guild_id=sub.guild_id,
                max_stories=self.max_stories,
                announced_only=True,
            )
            messages = [] if digest.empty else digest_messages(digest, _title(schedule, sub))
            progress = _Progress(end, messages)
        if progress.messages:
            remaining = progress.messages[len(progress.posted) :]
            result = await self._post(sub, remaining)
            progress.posted += result.message_ids
            if not result.ok:
                self._unfinished[sub.id] = progress  # the retry resumes after the posted parts
                return 0
        # An empty window is recorded too, so the next one starts where this ended.
        await self.store.record_digest(sub.id, start, end, progress.posted)
        return 1 if progress.posted else 0

    async def on_article(self, article: StoredArticle) -> None:
        """Pipeline listener: post a new story to each matching `instant` subscription."""
        for sub in await self.store.list_subscriptions():
            if sub.paused or sub.schedule != "instant":
                continue
            if sub.topic and sub.topic not in article.topics:
                continue
            # The guild must follow a feed the story came from.
            if await self.store.get_article(article.id, guild_id=sub.guild_id) is None:
                continue
            embed = story_embed(story_from_article(article), topic=sub.topic)
            try:
                await self._post(sub, [[embed]])
            except Exception:
                log.exception("instant post for subscription %s failed", sub.id)

    async def _post(self, sub: Subscription, messages: list[list[discord.Embed]]) -> Delivered:
        result = await self.sender.send(Outgoing(sub.channel_id, messages))
        if result.permanent:
            log.warning("pausing subscription %s: %s", sub.id, result.error)
            await self.store.set_subscription_paused(sub.id, True, reason=result.error)
        elif not result.ok:
            log.warning(
                "digest post for subscription %s failed (%s); will retry", sub.id, result.error
            )
        return result


def _title(schedule: Schedule, sub: Subscription) -> str:
    # Topic names come from feed configuration: inert in a title that renders markdown.
    topic = discord.utils.escape_markdown(sub.topic) if sub.topic else None
    return f"{schedule} digest" + (f": {topic}" if topic else "")
