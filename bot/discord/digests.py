"""Subscription posts: pick the window, build its messages, post them, record the window; and
keep instant posts of stories up to date.

Every schedule is a series of windows, `instant` included: its window runs from the last posted
one to (nearly) now. Readers see stories (one event across outlets, see stories/), not
articles: a window holds the stories with an article stored in it, most important first.

* Each posted window is recorded in the store, so a restart neither re-posts nor skips one.
* A transient failure leaves the window unrecorded: the next run retries it. A permanent one
  (missing permission, deleted channel) pauses the subscription with the reason for `/status`.
  A message Discord rejects (a 4xx about the message itself) is skipped, counted as done.
* A scheduled window of several messages is posted one message at a time, and saved as
  progress (its bounds, the ids of the messages posted and the lead article ids of the
  stories it was built from) before each next message is sent; it is recorded as done only
  with every message's id. The next run — in this process, after a restart or a kill, or on
  the bot taking over the subscription — rebuilds the digest from those same stories, in the
  same order, each as it stood at the window's end, and posts only the missing parts, so
  readers never see a part twice; stories stored in the window meanwhile only add to "+N
  more". If the rebuilt digest has no part left to post (its stories were pruned), the window
  is recorded as finished rather than retried for ever.
* A busy window is never cut silently: up to `max_stories` stories are posted, and a last line
  says how many more there were and where to read them.
* An instant subscription announces each story once, in a message of its own, linked to the
  story in the store (`record_story_post`). A later article of an announced story posts
  nothing new: each run edits the messages of stories changed since they were posted (more
  outlets, new voices) within EDIT_HORIZON of the change. A message deleted meanwhile is
  forgotten; a channel the bot lost pauses the subscription; a transient failure is retried on
  the next run. The links live in the database: a restart neither re-posts nor loses them, and
  a story whose instant window failed half-way is not posted twice on the retry.
* Every message carries a nonce that is the same on each attempt to post it (see
  `message_nonce`): a message Discord created just before a crash, whose id the bot never
  learned, is answered on the retry with that message rather than posted a second time.

Posting never happens inside the poll: the pipeline listener only brings the digest job (an
APScheduler job, see bot/service.py) forward, so a slow or rate-limited Discord cannot stall
polling.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol

import discord

from bot.digest import STORY_SUMMARY_OUTLETS, Digest, Story, group_by_topic, story_from_record
from bot.discord.embeds import digest_messages, more_stories_embed, story_embed
from bot.discord.schedule import Schedule, due_window, parse_schedule
from bot.discord.sender import REJECTED, Delivered, Edit, Outgoing, SendQueue, message_nonce
from bot.instance import instance_id
from bot.periodic import every
from store.base import Store, StoredArticle, StoryPost, StoryRecord, Subscription

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
# How long after a story changed its instant messages are still brought up to date: edits of
# a message read days ago help no one, and the bound keeps each run's look-up small.
EDIT_HORIZON = timedelta(days=1)
# Several bots: how long a bot that died holds the subscriptions it was posting.
DELIVERY_LEASE = timedelta(seconds=60)


class StorySummaries(Protocol):
    """A model-written story summary (OpenAIBackend.story_summary); None keeps the rules pick.
    `cached_only`: reuse an earlier answer, never ask the model."""

    async def __call__(self, record: StoryRecord, *, cached_only: bool = False) -> str | None: ...


@dataclass(frozen=True)
class _Window:
    """The stories of a window to post, in order, and how many more it holds."""

    shown: list[StoryRecord]
    more: int
    more_at_least: bool


class DigestPoster:
    def __init__(
        self,
        store: Store,
        sender: SendQueue,
        *,
        max_stories: int = MAX_WINDOW_STORIES,
        story_summary: StorySummaries | None = None,
        lease: timedelta = DELIVERY_LEASE,
        owns: Callable[[int], bool] | None = None,
    ) -> None:
        self.store = store
        self.lease = lease
        # Which guilds this process posts for (its Discord shards': see bot/shards.py).
        self.owns = owns or (lambda guild_id: True)
        self.sender = sender
        self.max_stories = max_stories
        # With the OpenAI backend: summaries of stories of 3+ outlets (see bot/llm/stories.py).
        self.story_summary = story_summary
        self.settle = INSTANT_SETTLE
        self.edit_horizon = EDIT_HORIZON
        self._lock = asyncio.Lock()  # one run at a time: two runs must never post one window twice
        # Called (never awaited) when a new story is stored; the service points it at the
        # digest job's next run, so instant posts go out within seconds, not a minute.
        self.on_new_story: Callable[[], None] | None = None
        self.edits_made = 0  # instant messages brought up to date (for logs and tests)

    async def run_due(self, now: datetime | None = None) -> int:
        """Post every due window of every active subscription, then bring changed instant posts
        up to date; returns the posts made (edits are not counted)."""
        now = now or datetime.now(UTC)
        posted = 0
        async with self._lock, self._leases_kept():
            for sub in await self.store.list_subscriptions():
                if sub.paused or not self.owns(sub.guild_id) or not await self._claim(sub):
                    continue
                try:
                    posted += await self._run_one(sub, now)
                except Exception:  # one bad subscription must not stop the others
                    log.exception("digest for subscription %s failed", sub.id)
                finally:
                    await self._release(sub)
            try:
                await self._refresh_posts(now)
            except Exception:
                log.exception("updating instant posts failed")
        return posted

    # -- several bots (PostgreSQL) --------------------------------------------------------
    # A subscription is worked by one bot at a time, under a lease renewed while it posts:
    # two bots never post one window, and a bot killed mid-post leaves the window (its
    # progress and the story posts recorded so far, each message's id recorded before the
    # next is sent) to whichever bot claims it once the lease lapses. That bot resumes with
    # the same nonces, so a message Discord created before the kill is not posted twice.
    def _leases_kept(self) -> contextlib.AbstractAsyncContextManager[None]:
        if not self.store.shared:
            return contextlib.nullcontext()
        renew = partial(self.store.renew_leases, instance_id(), self.lease, "subscriptions")
        return every(self.lease / 3, renew, "subscription lease renewal")

    async def _claim(self, sub: Subscription) -> bool:
        if not self.store.shared:
            return True  # one process: the lock above is enough
        return await self.store.claim_subscription(sub.id, instance_id(), self.lease)

    async def _release(self, sub: Subscription) -> None:
        if self.store.shared:
            await self.store.release_leases(instance_id(), "subscriptions", [sub.id])

    async def on_article(self, article: StoredArticle) -> None:
        """Pipeline listener: ask for a run soon. It never waits on Discord, so a slow or
        rate-limited Discord cannot hold up the poll."""
        self.nudge()

    def nudge(self) -> None:
        """New stories were stored (here, or by a poller elsewhere): ask for a run soon."""
        if self.on_new_story is not None:
            self.on_new_story()

    # -- windows --------------------------------------------------------------------------
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
        if schedule.kind == "instant":
            return await self._run_instant(sub, start, end, resumed=progress is not None)
        stories = await self._stories(sub, start, end, progress.article_ids if progress else None)
        # A resumed window reuses only the story summaries its first attempt cached, so its
        # messages come out as they did then (a model asked anew could answer differently).
        summaries = await self._summaries(stories.shown, cached_only=progress is not None)
        messages = self._messages(sub, schedule, start, end, stories, summaries)
        # Parts past the rebuilt digest's end (its stories were pruned since, say) cannot be
        # posted: an empty `remaining` finishes the window instead of retrying it for ever.
        remaining = messages[len(posted) :]
        if not await self._still_active(sub):
            # Removed or paused while this run read the store: /unsubscribe and /pause must
            # mean no more posts. A paused window stays unrecorded, posted on resume.
            return 0
        sent: list[int] = []
        story_ids = [r.id for r in stories.shown]
        lead_ids = [r.lead.id for r in stories.shown]
        # One part at a time, the ids posted so far saved as progress before the next part is
        # sent: a bot killed between parts (kill -9 runs no failure path) leaves them to the
        # retry, here or on the bot taking over the lease, which posts only the rest even once
        # Discord has forgotten their nonces. The nonces still cover the gap between Discord
        # creating a part and this save.
        for i, message in enumerate(remaining, start=len(posted)):
            if sent:
                await self.store.save_digest_progress(
                    sub.id, start, end, posted, article_ids=lead_ids
                )
            nonce = message_nonce(sub.id, sub.channel_id, start, end, i)
            result = await self._post(sub, [message], [nonce])
            sent += result.message_ids
            posted += result.message_ids
            if not result.ok:
                if sent:
                    await self.store.mark_stories_posted(story_ids)
                return 0
        # An empty scheduled window is recorded too, so the next one starts where it ended;
        # so is one whose parts Discord rejected (REJECTED in `posted`): retrying them would
        # fail the same way and hold the subscription up for good.
        await self.store.record_digest(sub.id, start, end, posted)
        if any(i != REJECTED for i in sent):
            await self.store.mark_stories_posted(story_ids)
            return 1
        return 0

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

    async def _in_window(
        self, sub: Subscription, start: datetime, end: datetime
    ) -> list[StoryRecord]:
        return await self.store.list_stories(
            since=start,
            until=end,
            topic=sub.topic,
            guild_id=sub.guild_id,
            limit=SCAN_LIMIT,
            announced_only=True,
        )

    async def _stories(
        self, sub: Subscription, start: datetime, end: datetime, lead_ids: list[int] | None
    ) -> _Window:
        """The window's stories to post (most important first), how many more there are, and
        whether that count is a lower bound.

        A resumed window passes the lead article ids its first attempt was built from:
        stories stored, pruned or re-filtered since (a newer story, a lowered `max_stories`, a
        dropped feed) must not shift the parts still to post against the ones already posted.
        Each story shows the articles stored before the window's end, so a story that grew
        meanwhile is rebuilt as the first attempt built it."""
        records = await self._in_window(sub, start, end)
        more_at_least = len(records) >= SCAN_LIMIT
        if lead_ids is None:
            shown = records[: self.max_stories]
        else:
            # A pruned story cannot be rebuilt; it is left out. Each keeps the headline it
            # was posted under, whichever article leads the story now.
            rebuilt = await self.store.stories_of(lead_ids, guild_id=sub.guild_id)
            shown = [_led_by(r, lead_ids) for r in rebuilt]
        shown = [r for r in (_as_of(r, end) for r in shown) if r is not None]
        ids = {r.id for r in shown}
        return _Window(shown, sum(1 for r in records if r.id not in ids), more_at_least)

    def _messages(
        self,
        sub: Subscription,
        schedule: Schedule,
        start: datetime,
        end: datetime,
        window: _Window,
        summaries: dict[int, str | None] | None = None,
    ) -> list[list[discord.Embed]]:
        """The window's messages; a function of its stories (and their cached summaries) only,
        so a retry after a restart rebuilds the very messages the first attempt posted part of."""
        summaries = summaries or {}
        stories = [story_from_record(r, summary=summaries.get(r.id)) for r in window.shown]
        if not stories:
            return []
        digest = Digest(since=start, until=end, groups=group_by_topic(stories, only=sub.topic))
        return digest_messages(
            digest, _title(schedule, sub), more=window.more, more_at_least=window.more_at_least
        )

    async def _summaries(
        self, records: Sequence[StoryRecord], *, cached_only: bool = False
    ) -> dict[int, str | None]:
        """Model-written summaries of the stories of 3+ outlets, by story id; none without a
        story summarizer (the rules backend) or where it fails."""
        if self.story_summary is None:
            return {}
        ask = self.story_summary
        wanted = [r for r in records if len(r.outlets) >= STORY_SUMMARY_OUTLETS]
        answers = await asyncio.gather(
            *(ask(r, cached_only=cached_only) for r in wanted), return_exceptions=True
        )
        out: dict[int, str | None] = {}
        for r, answer in zip(wanted, answers, strict=True):
            if isinstance(answer, BaseException):
                log.error("story %s: story summary failed: %r", r.id, answer)
            out[r.id] = answer if isinstance(answer, str) and answer else None
        return out

    async def _post(
        self, sub: Subscription, messages: list[list[discord.Embed]], nonces: list[str]
    ) -> Delivered:
        result = await self.sender.send(Outgoing(sub.channel_id, messages, nonces=nonces))
        if result.permanent:
            await self._pause(sub, result.error)
        elif not result.ok:
            log.warning(
                "digest post for subscription %s failed (%s); will retry", sub.id, result.error
            )
        return result

    async def _pause(self, sub: Subscription, reason: str | None) -> None:
        log.warning("pausing subscription %s: %s", sub.id, reason)
        await self.store.set_subscription_paused(sub.id, True, reason=reason)

    # -- instant subscriptions ------------------------------------------------------------
    async def _run_instant(
        self, sub: Subscription, start: datetime, end: datetime, *, resumed: bool
    ) -> int:
        """Announce the window's stories this subscription has not announced yet, oldest first,
        one message each; the stories it has (a later article) are edited, not posted again."""
        records = await self._in_window(sub, start, end)
        announced = await self.store.story_posts(sub.id, [r.id for r in records])
        new = [r for r in records if r.id not in announced]
        shown = new[: self.max_stories]  # the most important, when a window is this busy
        more = len(new) - len(shown)
        shown.sort(key=lambda r: (_latest(r), r.id))  # as they happened
        if not records and not resumed:
            # Not recorded: an instant subscription would otherwise add a row every minute.
            # The next window simply starts at the same place.
            return 0
        if not await self._still_active(sub):
            return 0
        summaries = await self._summaries(shown)
        stories = [story_from_record(r, summary=summaries.get(r.id)) for r in shown]
        messages = [[story_embed(st, topic=sub.topic)] for st in stories]
        if more:
            more_at_least = len(records) >= SCAN_LIMIT
            messages.append([more_stories_embed(more, at_least=more_at_least)])
        sent: list[int] = []
        # One message at a time, each linked to its story as soon as it exists: a crash or a
        # failing store after it cannot make a retry of this window post it again, and later
        # articles edit it.
        for i, message in enumerate(messages):
            st = stories[i] if i < len(stories) else None
            # The window's start is the same on the retry of a window cut short, so is the
            # nonce: a message Discord created just before a crash (its id never recorded
            # below) is not posted twice (found by tests/discord/test_run_kill.py).
            key = st.story_id if st is not None else "more"
            nonce = message_nonce(sub.id, sub.channel_id, start, key)
            result = await self._post(sub, [message], [nonce])
            sent += result.message_ids
            for message_id in result.message_ids:
                if st is not None and st.story_id is not None and message_id != REJECTED:
                    await self.store.record_story_post(
                        StoryPost(sub.id, st.story_id, sub.channel_id, message_id, st.version)
                    )
            if not result.ok:
                return 0
        await self.store.record_digest(sub.id, start, end, sent)
        return 1 if any(i != REJECTED for i in sent) else 0

    async def _refresh_posts(self, now: datetime) -> None:
        """Edit the instant messages of stories that changed since they were posted."""
        stale = await self.store.stale_story_posts(since=now - self.edit_horizon)
        if not stale:
            return
        subs = {s.id: s for s in await self.store.list_subscriptions()}
        stuck: set[int] = set()  # channels that failed this run: tried again next run
        shown: dict[tuple[int, int], tuple[StoryRecord, Story] | None] = {}
        for post in stale:
            sub = subs.get(post.subscription_id)
            if sub is None or sub.paused or not self.owns(sub.guild_id) or post.channel_id in stuck:
                continue
            # A story announced in many channels of one guild is read (and summarized) once.
            key = (post.story_id, sub.guild_id)
            if key not in shown:
                record = await self.store.get_story(post.story_id, guild_id=sub.guild_id)
                summaries = await self._summaries([record]) if record is not None else {}
                shown[key] = (
                    (record, story_from_record(record, summary=summaries.get(record.id)))
                    if record is not None
                    else None
                )
            found = shown[key]
            if found is None:
                continue  # pruned, or no longer visible to the guild: nothing to show
            record, story = found
            result = await self.sender.edit(
                Edit(post.channel_id, post.message_id, [story_embed(story, topic=sub.topic)])
            )
            if result.ok or result.rejected:
                # A rejected edit would fail the same way every run: this version is done.
                self.edits_made += result.ok
                # Under the survivor's id: the story may have merged since it was posted.
                await self.store.record_story_post(
                    replace(post, story_id=record.id, version=record.version)
                )
            elif result.gone:
                await self.store.forget_story_post(post.subscription_id, post.story_id)
            elif result.permanent:
                await self._pause(sub, result.error)
                subs[sub.id] = replace(sub, paused=True)
            else:
                log.warning(
                    "editing message %s of subscription %s failed (%s); will retry",
                    post.message_id,
                    sub.id,
                    result.error,
                )
                stuck.add(post.channel_id)


def _latest(r: StoryRecord) -> datetime:
    return max(a.stored_at for a in r.articles)


def _led_by(r: StoryRecord, lead_ids: list[int]) -> StoryRecord:
    """The story with the first of `lead_ids` among its articles as its lead."""
    ids = {a.id for a in r.articles}
    lead = next((i for i in lead_ids if i in ids), r.lead_article_id)
    return r if lead == r.lead_article_id else replace(r, lead_article_id=lead)


def _as_of(r: StoryRecord, end: datetime) -> StoryRecord | None:
    """The story as it stood at `end`: its articles stored before then."""
    articles = [a for a in r.articles if a.stored_at < end]
    if not articles:
        return None
    return r if len(articles) == len(r.articles) else replace(r, articles=articles)


def _title(schedule: Schedule, sub: Subscription) -> str:
    # Topic names come from feed configuration: inert in a title that renders markdown.
    topic = discord.utils.escape_markdown(sub.topic) if sub.topic else None
    return f"{schedule} digest" + (f": {topic}" if topic else "")
