"""Digest delivery over time: multi-message digests resumed after a failure, `every Nh` windows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.client import WirewatchBot
from bot.discord.schedule import last_boundary, parse_schedule
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord
from tests.discord.seed import Seeded, more_stories, set_stored_at
from tests.discord.test_digests import _schedule_just_passed, _story_titles, _subscribe

CHANNEL_A = GUILD_A + 1


@pytest.mark.parametrize("fault", [503, "disconnect"])
async def test_retry_after_partial_failure_posts_only_the_missing_parts(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, fault: int | str
) -> None:
    fillers = await more_stories(store, 20)
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    fake.post_faults[CHANNEL_A][2] = fault  # part 1 goes out, part 2 fails once

    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == 1
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert not sub.paused and await store.last_digest_window_end(sub.id) is None

    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert len(posted) >= 3  # a header + 23 stories do not fit one message
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles))  # no story twice
    assert {f"Filler story {i:02d}" for i in range(len(fillers))} <= set(titles)
    headers = [e for m in posted for e in m["embeds"] if e["title"].endswith("digest")]
    assert len(headers) == 1
    # The window is recorded with every part's id, so a later run posts nothing more.
    assert await store.last_digest_window_end(sub.id) is not None
    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == len(posted)


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
