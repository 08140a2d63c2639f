"""Subscriptions and scheduled digests: posted once per window, retried, paused, inert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.client import WirewatchBot
from bot.settings import Settings
from tests.discord.conftest import GUILD_A, GUILD_B, StartBot, stop_bot
from tests.discord.fake_discord import EVERYDAY, FakeDiscord
from tests.discord.seed import Seeded, set_stored_at

CHANNEL_A = GUILD_A + 1
CHANNEL_B = GUILD_B + 1


def _schedule_just_passed() -> tuple[str, datetime]:
    """A daily schedule whose boundary is one minute from now, and a 'now' just after it."""
    boundary = (datetime.now(UTC) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return f"daily {boundary:%H:%M}", boundary + timedelta(minutes=1)


async def _subscribe(
    fake: FakeDiscord, guild: int, channel: int, schedule: str, topic: str | None = None
) -> str:
    opts: dict[str, Any] = {"channel": str(channel), "schedule": schedule}
    if topic:
        opts["topic"] = topic
    reply = await fake.command("subscribe", opts, guild_id=guild)
    assert reply.ephemeral and "Subscription #" in reply.text(), reply.text()
    return reply.text()


def _story_titles(messages: list[dict[str, Any]]) -> list[str]:
    """The headline of every story embed (its footer names the story and its lead article)."""
    return [
        e.get("title", "")
        for m in messages
        for e in m.get("embeds", [])
        if e.get("footer", {}).get("text", "").startswith(("story ", "#"))
    ]


async def test_scheduled_digest_posted_once_per_window_across_restart(
    fake: FakeDiscord,
    settings: Settings,
    start_bot: StartBot,
    store: Any,
    seeded: Seeded,
    bot: WirewatchBot,
) -> None:
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    assert await bot.digests.run_due(now) == 1
    first = list(fake.posted(CHANNEL_A))
    titles = _story_titles(first)
    assert (
        "Ceasefire talks resume in Geneva" in titles
        and "Secret story about zeppelins" not in titles
    )
    assert await bot.digests.run_due(now) == 0  # same window, same process

    await stop_bot(bot)
    second = await start_bot(store, settings)
    assert await second.digests.run_due(now + timedelta(minutes=5)) == 0
    assert fake.posted(CHANNEL_A) == first  # nothing re-posted after the restart
    # The next day's window is due, but holds no new stories: recorded, not posted.
    assert await second.digests.run_due(now + timedelta(days=1)) == 0
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert await store.last_digest_window_end(sub.id) == now - timedelta(minutes=1) + timedelta(
        days=1
    )


async def test_rate_limited_post_is_retried_and_arrives_once(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    fake.rate_limits[("POST", f"/channels/{CHANNEL_A}/messages")] = 1
    assert await bot.digests.run_due(now) == 1
    calls = fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")
    assert [c.status for c in calls][:2] == [429, 200]
    assert (
        len(fake.posted(CHANNEL_A)) == len(calls) - 1
    )  # every message once, the 429'd one retried
    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == len(calls) - 1


async def test_feed_text_with_everyone_pings_no_one(fake: FakeDiscord, bot: WirewatchBot) -> None:
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule, topic="world")
    await bot.digests.run_due(now)
    calls = fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")
    assert calls and all(c.json["allowed_mentions"] == {"parse": []} for c in calls)
    body = str([c.json for c in calls])
    assert "Breaking" in body and "@everyone" not in body and "@here" not in body
    assert "\\\\*\\\\*Breaking\\\\*\\\\*" in body  # markdown escaped


async def test_forbidden_channel_pauses_subscription_and_shows_in_status(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    schedule, now = _schedule_just_passed()
    fake.channel_errors[CHANNEL_A] = 403
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    assert await bot.digests.run_due(now) == 0
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert sub.paused and "permission" in (sub.paused_reason or "")
    calls = len(fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages"))
    await bot.digests.run_due(now + timedelta(days=1))
    assert (
        len(fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")) == calls
    )  # not retried every run
    status = await fake.command("status", guild_id=GUILD_A, permissions=EVERYDAY)
    assert "paused" in status.text() and "missing permission" in status.text()


async def test_deleted_channel_pauses_only_that_subscription(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    schedule, now = _schedule_just_passed()
    fake.channel_errors[CHANNEL_A] = 404
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    await _subscribe(fake, GUILD_B, CHANNEL_B, schedule)
    assert await bot.digests.run_due(now) == 1
    subs = {s.guild_id: s for s in await store.list_subscriptions()}
    assert subs[GUILD_A].paused and "no longer exists" in (subs[GUILD_A].paused_reason or "")
    assert not subs[GUILD_B].paused
    assert "Secret story about zeppelins" in _story_titles(fake.posted(CHANNEL_B))


async def test_instant_subscription_posts_new_stories_of_its_topic_and_guild(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant", topic="china")
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert sub.created_at is not None
    arrived = sub.created_at + timedelta(seconds=1)
    for article_id in (seeded.ceasefire, seeded.taiwan, seeded.zeppelin):
        await set_stored_at(store, article_id, arrived)  # new since the subscription
    now = arrived + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 1
    # Other topics and other guilds' feeds stay out; the story is its own embed, no header.
    assert _story_titles(fake.posted(CHANNEL_A)) == ["Beijing warns over Taiwan drills"]
    assert len(fake.posted(CHANNEL_A)[0]["embeds"]) == 1
    assert await bot.digests.run_due(now + timedelta(minutes=1)) == 0
    assert len(fake.posted(CHANNEL_A)) == 1


async def test_subscribe_rejects_bad_schedule_and_unknown_topic(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    bad = await fake.command(
        "subscribe", {"channel": str(CHANNEL_A), "schedule": "weekly"}, guild_id=GUILD_A
    )
    assert bad.ephemeral and "daily HH:MM" in bad.text()
    unknown = await fake.command(
        "subscribe", {"channel": str(CHANNEL_A), "topic": "atlantis"}, guild_id=GUILD_A
    )
    assert unknown.ephemeral and "Unknown topic" in unknown.text()
    assert await store.list_subscriptions() == []


@pytest.mark.parametrize("change", ["removed", "paused"])
async def test_subscription_removed_or_paused_during_a_run_is_not_posted(
    fake: FakeDiscord,
    bot: WirewatchBot,
    store: Any,
    monkeypatch: pytest.MonkeyPatch,
    change: str,
) -> None:
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    sub = (await store.list_subscriptions(GUILD_A))[0]
    build = bot.digests._stories

    async def meanwhile(*args: Any, **kwargs: Any) -> Any:
        # An admin's /unsubscribe or /pause lands after the run listed the subscriptions.
        if change == "removed":
            await store.remove_subscription(GUILD_A, sub.id)
        else:
            await store.set_subscription_paused(sub.id, True)
        return await build(*args, **kwargs)

    monkeypatch.setattr(bot.digests, "_stories", meanwhile)
    assert await bot.digests.run_due(now) == 0
    assert fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages") == []
