"""Subscriptions, digest windows, guild time zones, the summary cache and token usage."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from store import NotFound, SqlStore, TokenUsage

from .factories import summary

G, H = 7007, 8008
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


async def test_subscriptions_are_per_guild(store: SqlStore) -> None:
    daily = await store.add_subscription(G, 42, "Ukraine", "daily 08:00")
    every = await store.add_subscription(G, 43, None, "instant")
    other = await store.add_subscription(H, 44, "iran", "every 6h")
    assert (daily.guild_id, daily.channel_id, daily.topic, daily.schedule) == (
        G,
        42,
        "ukraine",
        "daily 08:00",
    )
    assert not daily.paused and daily.created_at is not None and every.topic is None
    assert [s.id for s in await store.list_subscriptions(G)] == [daily.id, every.id]
    assert [s.id for s in await store.list_subscriptions()] == [daily.id, every.id, other.id]

    assert not await store.remove_subscription(G, other.id)  # another guild's subscription
    assert await store.remove_subscription(H, other.id)
    assert not await store.remove_subscription(H, other.id)
    assert [s.id for s in await store.list_subscriptions()] == [daily.id, every.id]


async def test_pausing_a_subscription_keeps_the_reason(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "instant")
    await store.set_subscription_paused(sub.id, True, "missing permission: Send Messages")
    (paused,) = await store.list_subscriptions(G)
    assert paused.paused and paused.paused_reason == "missing permission: Send Messages"
    await store.set_subscription_paused(sub.id, False)
    (resumed,) = await store.list_subscriptions(G)
    assert not resumed.paused and resumed.paused_reason is None
    with pytest.raises(NotFound):
        await store.set_subscription_paused(sub.id + 1000, True)


async def test_changing_a_schedule_keeps_the_posted_windows(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "daily 08:00")
    await store.record_digest(sub.id, T0, T0 + timedelta(days=1), [1])
    await store.set_subscription_schedule(sub.id, "every 6h")
    (changed,) = await store.list_subscriptions(G)
    assert (changed.id, changed.schedule) == (sub.id, "every 6h")
    assert await store.last_digest_window_end(sub.id) == T0 + timedelta(days=1)
    with pytest.raises(NotFound):
        await store.set_subscription_schedule(sub.id + 1000, "instant")


async def test_a_digest_window_is_recorded_once(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "daily 08:00")
    other = await store.add_subscription(G, 43, None, "daily 08:00")
    assert await store.last_digest_window_end(sub.id) is None
    end = T0 + timedelta(days=1)
    assert await store.record_digest(sub.id, T0, end, [1, 2])
    assert not await store.record_digest(sub.id, T0, end, [3])  # a restart tries again
    assert await store.record_digest(other.id, T0, end, [4])  # per subscription
    assert await store.record_digest(sub.id, end, end + timedelta(days=1), [5])
    assert await store.last_digest_window_end(sub.id) == end + timedelta(days=1)
    assert await store.last_digest_window_end(other.id) == end


async def test_concurrent_digest_records_let_exactly_one_win(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "every 6h")
    won = await asyncio.gather(
        *(store.record_digest(sub.id, T0, T0 + timedelta(hours=6), [i]) for i in range(4))
    )
    assert sorted(won) == [False, False, False, True]


async def test_window_end_keeps_time_zone_meaning(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "daily 08:00")
    local = datetime(2024, 5, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    await store.record_digest(sub.id, T0, local, [])
    got = await store.last_digest_window_end(sub.id)
    assert got == local and got is not None and got.utcoffset() == timedelta(0)


async def test_guild_timezone(store: SqlStore) -> None:
    assert await store.get_guild_timezone(G) == "UTC"
    await store.set_guild_timezone(G, "Europe/Kyiv")
    await store.ensure_guild(G)  # seeing the guild again keeps its setting
    assert await store.get_guild_timezone(G) == "Europe/Kyiv"
    await store.set_guild_timezone(G, "Asia/Tokyo")
    assert await store.get_guild_timezone(G) == "Asia/Tokyo"
    assert await store.get_guild_timezone(H) == "UTC"


async def test_summary_cache_round_trips_and_overwrites(store: SqlStore) -> None:
    assert await store.cached_summary("k") is None
    first = summary("a1", text="First.")
    await store.cache_summary("k", first)
    assert await store.cached_summary("k") == first
    second = summary("a1", text="Second.", fallback_reason="timeout")
    await store.cache_summary("k", second)
    assert await store.cached_summary("k") == second


async def test_token_usage_adds_up_per_day(store: SqlStore) -> None:
    day = date(2024, 5, 1)
    assert await store.token_usage(day) == TokenUsage(day=day)
    await asyncio.gather(*(store.add_token_usage(day, 100, 10) for _ in range(5)))
    await store.add_token_usage(day + timedelta(days=1), 7, 3)
    usage = await store.token_usage(day)
    assert (usage.input_tokens, usage.output_tokens, usage.requests) == (500, 50, 5)
    nxt = await store.token_usage(day + timedelta(days=1))
    assert (nxt.input_tokens, nxt.output_tokens, nxt.requests) == (7, 3, 1)


async def test_one_subscription_per_channel_and_topic_even_when_concurrent(store: SqlStore) -> None:
    subs = await asyncio.gather(
        *(store.add_subscription(G, 42, "Ukraine", "daily 08:00") for _ in range(4)),
        *(store.add_subscription(G, 42, None, "every 6h") for _ in range(3)),
    )
    assert len({s.id for s in subs[:4]}) == 1 and len({s.id for s in subs[4:]}) == 1
    assert len(await store.list_subscriptions(G)) == 2
    # An existing subscription comes back unchanged; changing it is explicit.
    again = await store.add_subscription(G, 42, "ukraine", "instant")
    assert again.id == subs[0].id and again.schedule == "daily 08:00"
    assert (await store.add_subscription(G, 43, "ukraine", "instant")).id != again.id


async def test_digest_progress_is_kept_until_the_window_is_recorded(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "every 6h")
    assert await store.digest_progress(sub.id) is None
    end = T0 + timedelta(hours=6)
    await store.save_digest_progress(sub.id, T0, end, [111])
    await store.save_digest_progress(sub.id, T0, end, [111, 222])  # replaces
    progress = await store.digest_progress(sub.id)
    assert progress is not None
    assert (progress.window_start, progress.window_end, progress.message_ids) == (
        T0,
        end,
        [111, 222],
    )
    assert await store.record_digest(sub.id, T0, end, [111, 222, 333])
    assert await store.digest_progress(sub.id) is None
    # Removing the subscription removes its progress (no orphan picked up by a reused id).
    await store.save_digest_progress(sub.id, end, end + timedelta(hours=6), [444])
    assert await store.remove_subscription(G, sub.id)
    async with store.engine.connect() as conn:
        from store.schema import digest_progress

        assert (await conn.execute(digest_progress.select())).first() is None


async def test_digest_progress_keeps_the_stories_it_was_built_from(store: SqlStore) -> None:
    sub = await store.add_subscription(G, 42, None, "every 6h")
    end = T0 + timedelta(hours=6)
    await store.save_digest_progress(sub.id, T0, end, [111], article_ids=[9, 7, 5])
    progress = await store.digest_progress(sub.id)
    assert progress is not None and progress.article_ids == [9, 7, 5]
    await store.save_digest_progress(sub.id, T0, end, [111, 222])
    progress = await store.digest_progress(sub.id)
    assert progress is not None and progress.article_ids is None
