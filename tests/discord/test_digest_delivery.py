"""Digest delivery over time: multi-message digests resumed after a failure (also across a
restart), busy windows, `every Nh` windows."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.client import WirewatchBot
from bot.discord.digests import MAX_WINDOW_STORIES
from bot.discord.schedule import last_boundary, parse_schedule
from bot.settings import Settings
from tests.discord.conftest import GUILD_A, StartBot, stop_bot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.seed import Seeded, add_story, more_stories, set_stored_at
from tests.discord.test_digests import _schedule_just_passed, _story_titles, _subscribe

CHANNEL_A = GUILD_A + 1


async def _busy_window(
    fake: FakeDiscord, store: Any, fault: int | str
) -> tuple[list[int], datetime]:
    """A daily digest of 23 stories, just due, whose second part meets `fault` (see
    FakeDiscord.post_faults) on its first attempt; the filler stories' ids and a 'now'."""
    fillers = await more_stories(store, 20)
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    fake.post_faults[CHANNEL_A][2] = fault
    return fillers, now


def _assert_window_once(posted: list[dict[str, Any]], fillers: list[int]) -> list[str]:
    """The channel's messages hold the window's digest once: one header, every filler story,
    no story twice. Returns the story titles."""
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles))
    assert {f"Filler story {i:02d}" for i in range(len(fillers))} <= set(titles)
    headers = [e for m in posted for e in m["embeds"] if e.get("title", "").endswith("digest")]
    assert len(headers) == 1
    return titles


@pytest.mark.parametrize("fault", [503, "disconnect"])
async def test_retry_after_partial_failure_posts_only_the_missing_parts(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, fault: int | str
) -> None:
    fillers, now = await _busy_window(fake, store, fault)  # part 1 goes out, part 2 fails once

    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == 1
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert not sub.paused and await store.last_digest_window_end(sub.id) is None

    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert len(posted) >= 3  # a header + 23 stories do not fit one message
    _assert_window_once(posted, fillers)
    # The window is recorded with every part's id, so a later run posts nothing more.
    assert await store.last_digest_window_end(sub.id) is not None
    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == len(posted)


async def test_partly_posted_digest_is_finished_after_a_restart(
    fake: FakeDiscord,
    settings: Settings,
    start_bot: StartBot,
    store: Any,
    seeded: Seeded,
    bot: WirewatchBot,
) -> None:
    fillers, now = await _busy_window(fake, store, 503)  # part 1 goes out, part 2 fails
    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == 1
    sub = (await store.list_subscriptions(GUILD_A))[0]
    progress = await store.digest_progress(sub.id)
    assert progress is not None and len(progress.message_ids) == 1

    await stop_bot(bot)
    restarted = await start_bot(store, settings)
    # A day later the next window is due too, but the saved one is finished first: the same
    # digest rebuilt from the store, posted from its first missing part.
    assert await restarted.digests.run_due(now + timedelta(days=1)) == 1
    posted = fake.posted(CHANNEL_A)
    assert "Ceasefire talks resume in Geneva" in _assert_window_once(posted, fillers)
    assert await store.digest_progress(sub.id) is None
    assert await store.last_digest_window_end(sub.id) == progress.window_end
    # Then the next day's window, which holds no new story: recorded, nothing posted.
    assert await restarted.digests.run_due(now + timedelta(days=1)) == 0
    assert len(fake.posted(CHANNEL_A)) == len(posted)


async def test_bot_stopped_between_parts_posts_each_part_once_after_nonces_are_forgotten(
    fake: FakeDiscord, settings: Settings, start_bot: StartBot, store: Any, bot: WirewatchBot
) -> None:
    fillers, now = await _busy_window(fake, store, "hang")  # part 1 goes out, part 2 gets no answer
    run = asyncio.create_task(bot.digests.run_due(now))
    await fake.hanging.wait()
    # Part 2 is on its way: part 1 is in the store already, not only in this run's memory.
    sub = (await store.list_subscriptions(GUILD_A))[0]
    progress = await store.digest_progress(sub.id)
    assert progress is not None
    assert progress.message_ids == [int(m["id"]) for m in fake.posted(CHANNEL_A)]
    # The bot dies waiting for part 2, as under kill -9: no failure path of the run saves
    # anything; only what was stored before part 2 was sent survives.
    run.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await run
    await stop_bot(bot)
    assert len(fake.posted(CHANNEL_A)) == 1
    # Every bot stays down longer than Discord remembers nonces: a repeat of part 1's POST
    # would now be a second message, so only the store can say it went out.
    fake.forget_nonces()

    restarted = await start_bot(store, settings)
    assert await restarted.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert len(posted) >= 3  # a header + 23 stories do not fit one message
    parts = [m["embeds"] for m in posted]
    assert all(parts.count(p) == 1 for p in parts)  # every part once
    assert len({m["nonce"] for m in posted}) == len(posted)
    _assert_window_once(posted, fillers)
    assert await store.digest_progress(sub.id) is None
    assert await store.last_digest_window_end(sub.id) == progress.window_end
    assert await restarted.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == len(posted)


async def test_busy_window_posts_up_to_the_limit_and_says_how_many_more(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    extra = 4
    limit = bot.settings.digest.max_stories  # the configured size of a digest
    assert limit < MAX_WINDOW_STORIES
    # The three seeded stories guild A sees, and enough fillers to pass the limit.
    await more_stories(store, limit + extra - 3)
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert all(len(m["embeds"]) <= 10 for m in posted)  # within Discord's limits
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles)) == limit
    # The newest are posted; the rest are not dropped silently.
    assert (
        f"Filler story {limit + extra - 4}" in titles
        and "Ceasefire talks resume in Geneva" not in titles
    )
    last = posted[-1]["embeds"][-1]
    assert last["description"] == f"+{extra} more stories — see `/digest`"
    assert f"{limit} stories (of {limit + extra})" in str(posted[0])
    assert await bot.digests.run_due(now) == 0  # the window is recorded: posted once


async def test_every_6h_posts_one_digest_per_window(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    await _subscribe(fake, GUILD_A, CHANNEL_A, "every 6h")
    # The first window ends at the first 6-hour boundary after the subscription was made.
    first_end = last_boundary(parse_schedule("every 6h"), "UTC", datetime.now(UTC)) + timedelta(
        hours=6
    )
    await set_stored_at(store, seeded.ceasefire, first_end - timedelta(hours=1))
    await set_stored_at(store, seeded.taiwan, first_end + timedelta(hours=1))
    await set_stored_at(store, seeded.everyone, first_end + timedelta(hours=13))

    assert await bot.digests.run_due(first_end - timedelta(minutes=1)) == 0  # not due yet
    assert fake.posted(CHANNEL_A) == []
    assert await bot.digests.run_due(first_end + timedelta(minutes=1)) == 1
    assert await bot.digests.run_due(first_end + timedelta(hours=5)) == 0  # same window
    first = list(fake.posted(CHANNEL_A))
    assert _story_titles(first) == ["Ceasefire talks resume in Geneva"]
    assert first[0]["embeds"][0]["title"] == "every 6h digest"

    assert await bot.digests.run_due(first_end + timedelta(hours=6, minutes=1)) == 1
    second = fake.posted(CHANNEL_A)[len(first) :]
    assert _story_titles(second) == ["Beijing warns over Taiwan drills"]
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert await store.last_digest_window_end(sub.id) == first_end + timedelta(hours=6)


async def test_a_part_discord_rejects_is_skipped_and_the_window_finished(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    await more_stories(store, 20)
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    posts = f"/channels/{CHANNEL_A}/messages"
    fake.post_faults[CHANNEL_A][2] = 503  # part 1 goes out, part 2 fails: progress is saved
    assert await bot.digests.run_due(now) == 0
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert await store.digest_progress(sub.id) is not None
    # From now on Discord refuses part 2 as malformed: retrying it can never succeed.
    part2 = fake.calls_to("POST", posts)[1].json["embeds"]
    fake.rejected_titles.add(part2[-1]["title"])

    assert await bot.digests.run_due(now) == 1
    assert await store.digest_progress(sub.id) is None
    assert await store.last_digest_window_end(sub.id) is not None
    statuses = [c.status for c in fake.calls_to("POST", posts)]
    assert statuses[:3] == [200, 503, 400] and set(statuses[3:]) == {200}
    titles = _story_titles(fake.posted(CHANNEL_A))
    assert part2[-1]["title"] not in titles and len(titles) == len(set(titles))
    # Finished: the next run neither retries the rejected part nor posts anything again.
    assert await bot.digests.run_due(now) == 0
    assert len(fake.calls_to("POST", posts)) == len(statuses)


async def test_scheduled_window_waits_for_stories_still_being_stored(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    await _subscribe(fake, GUILD_A, CHANNEL_A, "every 1h")
    boundary = last_boundary(parse_schedule("every 1h"), "UTC", datetime.now(UTC)) + timedelta(
        hours=1
    )
    await set_stored_at(store, seeded.ceasefire, boundary - timedelta(minutes=30))
    await set_stored_at(store, seeded.everyone, boundary + timedelta(hours=2))  # a later window
    # The job ticks just after the boundary, while a story timestamped just before it is
    # still being stored (its transaction commits after this run has read the window).
    assert await bot.digests.run_due(boundary + timedelta(milliseconds=300)) == 0
    await set_stored_at(store, seeded.taiwan, boundary - timedelta(milliseconds=100))
    assert await bot.digests.run_due(boundary + timedelta(minutes=1)) == 1
    assert _story_titles(fake.posted(CHANNEL_A)) == [
        "Beijing warns over Taiwan drills",
        "Ceasefire talks resume in Geneva",
    ]


async def _partly_posted(fake: FakeDiscord, bot: WirewatchBot, store: Any) -> tuple[datetime, Any]:
    """A daily digest of 23 stories whose first part went out and whose second failed."""
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    fake.post_faults[CHANNEL_A][2] = 503
    assert await bot.digests.run_due(now) == 0
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert len(fake.posted(CHANNEL_A)) == 1 and await store.digest_progress(sub.id) is not None
    return now, sub


async def test_resumed_digest_is_rebuilt_from_the_same_stories(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    fillers = await more_stories(store, 20)
    now, sub = await _partly_posted(fake, bot, store)
    failed_part = fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")[1].json["embeds"]
    # Between the attempts newer stories land in the window, past the configured limit: a
    # digest rebuilt from the window's newest stories would shift every part after the first.
    progress = await store.digest_progress(sub.id)
    newer = [await add_story(store, f"newer-{i}", f"newer story {i}") for i in range(5)]
    for article_id in newer:
        await set_stored_at(store, article_id, progress.window_end - timedelta(seconds=1))
    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert posted[1]["embeds"] == failed_part  # the very part that failed, nothing shifted
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles)) == len(fillers) + 3
    assert not any(t.startswith("newer") for t in titles)
    assert posted[-1]["embeds"][-1]["description"] == "+5 more stories — see `/digest`"


async def test_resumed_digest_with_fewer_parts_than_posted_is_finished(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    fillers = await more_stories(store, 20)
    now, sub = await _partly_posted(fake, bot, store)
    # Retention prunes most of the window's stories before the retry: what is left fits in
    # fewer parts than were already posted.
    old = now - timedelta(hours=20)
    for article_id in fillers:
        await set_stored_at(store, article_id, old)
    assert await store.prune_articles(old + timedelta(seconds=1)) == len(fillers)
    await bot.digests.run_due(now)
    assert await store.digest_progress(sub.id) is None
    assert await store.last_digest_window_end(sub.id) is not None  # finished, not stuck
    assert len(fake.posted(CHANNEL_A)) == 1  # and the part already posted is not repeated
