"""Instant subscriptions: delivered by the digest job, so retried, and never inside the poll."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.discord.client import WirewatchBot
from bot.pipeline import Pipeline
from bot.service import add_digest_job
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec
from tests.discord.conftest import GUILD_A, StartBot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.seed import Seeded, add_story, more_stories, set_stored_at
from tests.discord.test_digests import _story_titles, _subscribe

CHANNEL_A = GUILD_A + 1
HARBOUR = (
    "Dockworkers at the Zorblat harbour walked out on Monday, Quintrex union leader Pell "
    "Harvander said, after Kelvane wage talks collapsed overnight."
)


async def test_instant_post_failing_transiently_arrives_on_the_next_run_once(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await more_stories(store, 1)  # stored after the subscription: new to it
    fake.post_faults[CHANNEL_A][1] = 503
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 0
    assert fake.posted(CHANNEL_A) == []
    assert await bot.digests.run_due(now) == 1
    assert _story_titles(fake.posted(CHANNEL_A)) == ["Filler story 00"]
    for later in (now, now + timedelta(minutes=5)):
        assert await bot.digests.run_due(later) == 0
    assert len(fake.posted(CHANNEL_A)) == 1


async def test_poll_is_not_held_up_by_a_rate_limited_instant_post(
    fake: FakeDiscord,
    settings: Settings,
    start_bot: StartBot,
    store: Any,
    feed: dict[str, Any],
) -> None:
    await store.sync_default_feeds([FeedSpec(feed["base"] + "/rss", "Loop Wire", ["world"])])
    pipeline = Pipeline(store, settings, summarize_rules)
    feed["items"] = [("old", "Old harbour story")]
    await pipeline.poll_due(force=True)  # a new feed's backlog is stored silently
    bot = await start_bot(store, settings, pipeline)
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    bot.digests.settle = timedelta(seconds=0.2)
    scheduler = AsyncIOScheduler(timezone="UTC")
    # An hour between scheduled runs: only the new story's nudge can bring the post in time.
    add_digest_job(scheduler, bot, interval=timedelta(hours=1))
    scheduler.start()
    await asyncio.sleep(0.3)  # the job's first run (nothing due yet) is out of the way
    try:
        fake.retry_after = 2
        fake.rate_limits[("POST", f"/channels/{CHANNEL_A}/messages")] = 1
        # Another event than the old item's (the same text would make it the same story).
        feed["items"] = [("new", "Fresh harbour story", HARBOUR), ("old", "Old harbour story")]
        started = time.monotonic()
        report = await pipeline.poll_due(force=True)
        assert report.new == 1
        assert time.monotonic() - started < 1.5  # not the 2 s Discord asked the post to wait

        posted = await fake.wait_for_messages(CHANNEL_A, 1, wait_s=10)
        assert _story_titles(posted) == ["Fresh harbour story"]
        statuses = [c.status for c in fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")]
        assert statuses == [429, 200]
    finally:
        scheduler.shutdown(wait=False)


async def test_a_story_discord_rejects_is_skipped_and_later_stories_still_post(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    # A 400 (here: an embed Discord calls invalid) is the same on every retry; retrying it every
    # minute would block the subscription for good.
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await more_stories(store, 1)
    fake.rejected_titles.add("Filler story 00")
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 0
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert not sub.paused and await store.last_digest_window_end(sub.id) is not None
    posts = f"/channels/{CHANNEL_A}/messages"
    assert [c.status for c in fake.calls_to("POST", posts)] == [400]

    later = await add_story(store, "later", "A later story")
    await set_stored_at(store, later, now + timedelta(seconds=1))
    assert await bot.digests.run_due(now + timedelta(minutes=1)) == 1
    assert _story_titles(fake.posted(CHANNEL_A)) == ["A later story"]
    assert [c.status for c in fake.calls_to("POST", posts)] == [400, 200]  # not retried
