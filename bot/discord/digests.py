"""Subscription posts: pick the window, build its messages, post them, record the window.

Every schedule is a series of windows, `instant` included: its window runs from the last posted
one to (nearly) now, and each story in it is posted as its own embed. So scheduled and instant
posts share one path with the same guarantees:

* Each posted window is recorded in the store, so a restart neither re-posts nor skips one.
* A transient failure leaves the window unrecorded: the next run retries it. A permanent one
  (missing permission, deleted channel) pauses the subscription with the reason for `/status`.
  A message Discord rejects (a 4xx about the message itself) is skipped, counted as done.
* A window posted only in part is saved as progress (its bounds, the ids of the messages
  posted and of the stories it was built from). The next run — in this process or after a
  restart — rebuilds the digest from those same stories and posts only the missing parts, so
  readers never see a part twice; stories stored in the window meanwhile only add to "+N more".
  If the rebuilt digest has no part left to post (its stories were pruned), the window is
  recorded as finished rather than retried for ever.
* A busy window is never cut silently: up to `max_stories` stories are posted, and a last line
  says how many more there were and where to read them.

Posting never happens inside the poll: the pipeline listener only brings the digest job (an
APScheduler job, see bot/service.py) forward, so a slow or rate-limited Discord cannot stall
polling.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import discord

from bot.digest import Digest, group_by_topic, story_from_article
from bot.discord.embeds import digest_messages, more_stories_embed, pack, story_embed
from bot.discord.schedule import Schedule, due_window, parse_schedule
from bot.discord.sender import REJECTED, Delivered, Outgoing, SendQueue
from store.base import Store, StoredArticle, Subscription

log = logging.getLogger(__name__)

# Stories one window posts at most: a busy window is several messages (10 embeds and 6000
# characters each), and past this a channel is flooded rather than informed.
MAX_WINDOW_STORIES = 50
# Stories a window reads at most; only to say how many were left out ("+N more").
SCAN_LIMIT = 1000
# Windows end at least this long before now: a story being stored right now (its stored time
# already set, its transaction not yet committed) must not fall into a window already posted.
# So an instant window ends `settle` before now, and a scheduled one is due `settle` after its
# boundary.
INSTANT_SETTLE = timedelta(seconds=5)


class DigestPoster:
    def __init__(
        self, store: Store, sender: SendQueue, *, max_stories: int = MAX_WINDOW_STORIES
    ) -> None:
        self.store = store
        self.sender = sender
        self.max_stories = max_stories
        self.settle = INSTANT_SETTLE
        self._lock = asyncio.Lock()  # one run at a time: two runs must never post one window twice
        # Called (never awaited) when a new story is stored; the service points it at the
        # digest job's next run, so instant posts go out within seconds, not a minute.
        self.on_new_story: Callable[[], None] | None = None

    async def run_due(self, now: datetime | None = None) -> int:
        """Post every due window of every active subscription; returns the posts made."""
        now = now or datetime.now(UTC)
        posted = 0
        async with self._lock:
            for sub in await self.store.list_subscriptions():
                if sub.paused:
                    continue
                try:
                    posted += await self._run_one(sub, now)
                except Exception:  # one bad subscription must not stop the others
                    log.exception("digest for subscription %s failed", sub.id)
        return posted

    async def on_article(self, article: StoredArticle) -> None:
        """Pipeline listener: ask for a run soon. It never waits on Discord, so a slow or
        rate-limited Discord cannot hold up the poll."""
        if self.on_new_story is not None:
            self.on_new_story()

    async def _run_one(self, sub: Subscription, now: datetime) -> int:
        schedule = parse_schedule(sub.schedule)
        progress = await self.store.digest_progress(sub.id)
        if progress is not None:
            # Finish the partly posted window first; later windows follow from its end.
            start, end = progress.window_start, progress.window_end
            posted = list(progress.message_ids)
        else:
            window = await self._window(sub, schedule, now)
            if window is None:
                return 0
            start, end = window
            posted = []
        shown, more, more_at_least = await self._stories(
            sub, start, end, progress.article_ids if progress else None
        )
        messages = self._messages(sub, schedule, start, end, shown, more, more_at_least)
        if not messages and schedule.kind == "instant" and progress is None:
            # Not recorded: an instant subscription would otherwise add a row every minute.
            # The next window simply starts at the same place.
            return 0
        # Parts past the rebuilt digest's end (its stories were pruned since, say) cannot be
        # posted: an empty `remaining` finishes the window instead of retrying it for ever.
        remaining = messages[len(posted) :]
        if not await self._still_active(sub):
            # Removed or paused while this run read the store: /unsubscribe and /pause must
            # mean no more posts. A paused window stays unrecorded, posted on resume.
            return 0
        sent: list[int] = []
        if remaining:
            result = await self._post(sub, remaining)
            sent = result.message_ids
            posted += sent
            if not result.ok:
                if sent:  # the retry, even after a restart, resumes after these parts
                    await self.store.save_digest_progress(
                        sub.id, start, end, posted, article_ids=[a.id for a in shown]
                    )
                return 0
        # An empty scheduled window is recorded too, so the next one starts where it ended;
        # so is one whose parts Discord rejected (REJECTED in `posted`): retrying them would
        # fail the same way and hold the subscription up for good.
        await self.store.record_digest(sub.id, start, end, posted)
        return 1 if any(i != REJECTED for i in sent) else 0

    async def _still_active(self, sub: Subscription) -> bool:
        current = await self.store.list_subscriptions(sub.guild_id)
        return any(s.id == sub.id and not s.paused for s in current)

    async def _window(
        self, sub: Subscription, schedule: Schedule, now: datetime
    ) -> tuple[datetime, datetime] | None:
        last_end = await self.store.last_digest_window_end(sub.id)
        settled = now - self.settle  # every story stored before this is committed by now
        if schedule.kind != "instant":
            tz = await self.store.get_guild_timezone(sub.guild_id)
            return due_window(schedule, tz, settled, last_end, sub.created_at)
        end = settled
        start = last_end or sub.created_at
        if start is None:
            # No creation time (a row from before it was kept): anchor here, so stories from
            # now on are posted and the backlog is not.
            await self.store.record_digest(sub.id, end, end, [])
            return None
        return (start, end) if end > start else None

    async def _stories(
        self, sub: Subscription, start: datetime, end: datetime, article_ids: list[int] | None
    ) -> tuple[list[StoredArticle], int, bool]:
        """The window's stories to post (newest first), how many more there are, and whether
        that count is a lower bound.

        A resumed window passes the ids its first attempt was built from: stories stored,
        pruned or re-filtered since (a newer story, a lowered `max_stories`, a dropped feed)
        must not shift the parts still to post against the ones already posted."""
        articles = await self.store.recent_articles(
            since=start,
            until=end,
            topic=sub.topic,
            guild_id=sub.guild_id,
            limit=SCAN_LIMIT,
            announced_only=True,
        )
        more_at_least = len(articles) >= SCAN_LIMIT
        if article_ids is None:
            shown = articles[: self.max_stories]  # newest first: the newest are kept
        else:
            in_window = {a.id: a for a in articles}
            shown = []
            for article_id in article_ids:
                # Not filtered by guild: these were chosen under the guild's view already.
                article = in_window.get(article_id) or await self.store.get_article(article_id)
                if article is not None:  # a pruned story cannot be rebuilt
                    shown.append(article)
        ids = {a.id for a in shown}
        return shown, sum(1 for a in articles if a.id not in ids), more_at_least

    def _messages(
        self,
        sub: Subscription,
        schedule: Schedule,
        start: datetime,
        end: datetime,
        shown: list[StoredArticle],
        more: int,
        more_at_least: bool,
    ) -> list[list[discord.Embed]]:
        """The window's messages; a function of its stories only, so a retry after a restart
        rebuilds the very messages the first attempt posted part of."""
        stories = [story_from_article(a) for a in shown]
        if not stories:
            return []
        if schedule.kind == "instant":
            # Oldest first, as they happened; packed several to a message when many.
            embeds = [story_embed(s, topic=sub.topic) for s in reversed(stories)]
            if more:
                embeds.append(more_stories_embed(more, at_least=more_at_least))
            return pack(embeds)
        digest = Digest(since=start, until=end, groups=group_by_topic(stories, only=sub.topic))
        return digest_messages(
            digest, _title(schedule, sub), more=more, more_at_least=more_at_least
        )

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
