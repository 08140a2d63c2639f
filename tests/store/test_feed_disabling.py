"""Disabled feeds in the store: poll state, due feeds, resuming and the once-per-guild alert."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store import FeedSpec, PollOutcome, SqlStore

A, B = 111_111_111_111_111_111, 222_222_222_222_222_222
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
WIRE = FeedSpec(url="https://wire.example/rss", name="Wire")


def failure(at: datetime, disable: str | None = None) -> PollOutcome:
    return PollOutcome(polled_at=at, next_poll_at=at, error="HTTP 404", disable=disable)


async def _wire(store: SqlStore) -> int:
    await store.sync_default_feeds([WIRE])
    for guild in (A, B):
        await store.ensure_guild(guild)
    feed = await store.find_feed(WIRE.url)
    assert feed is not None
    return feed.id


async def test_failing_since_marks_the_start_of_a_run_of_failures(store: SqlStore) -> None:
    feed_id = await _wire(store)
    await store.record_poll(feed_id, failure(NOW))
    await store.record_poll(feed_id, failure(NOW + timedelta(hours=1)))
    feed = await store.get_feed(feed_id)
    assert feed is not None and feed.failing_since == NOW and feed.error_count == 2
    assert not feed.disabled
    ok = NOW + timedelta(hours=2)
    await store.record_poll(feed_id, PollOutcome(polled_at=ok, next_poll_at=ok))
    feed = await store.get_feed(feed_id)
    assert feed is not None and feed.failing_since is None and feed.error_count == 0


async def test_a_disabled_feed_is_not_due_and_says_why_until_resumed(store: SqlStore) -> None:
    feed_id = await _wire(store)
    when = NOW + timedelta(minutes=5)
    await store.record_poll(feed_id, failure(when, disable="HTTP 410 Gone"))
    listed = [f for f in await store.list_feeds(guild_id=A) if f.id == feed_id]
    assert [(f.disabled_at, f.disabled_reason, f.last_error) for f in listed] == [
        (when, "HTTP 410 Gone", "HTTP 404")
    ]
    far = NOW + timedelta(days=3650)
    assert feed_id not in [f.id for f in await store.due_feeds(far)]

    await store.resume_feed(feed_id)
    feed = await store.get_feed(feed_id)
    assert feed is not None and not feed.disabled and feed.disabled_reason is None
    assert (feed.error_count, feed.last_error, feed.failing_since) == (0, None, None)
    assert feed_id in [f.id for f in await store.due_feeds(NOW)]  # polled at once


async def test_each_following_guild_is_alerted_once_per_disabling(store: SqlStore) -> None:
    feed_id = await _wire(store)
    assert await store.pending_feed_alerts() == []  # not disabled
    await store.add_subscription(A, 555, None, "daily 08:00")
    await store.add_subscription(A, 556, "china", "daily 08:00")
    await store.set_alerts_channel(B, 777)
    await store.record_poll(feed_id, failure(NOW, disable="HTTP 404 Not Found"))

    pending = await store.pending_feed_alerts()
    assert [(a.guild_id, a.channel_id, a.reason, a.disabled_at) for a in pending] == [
        (A, 555, "HTTP 404 Not Found", NOW),  # the first subscribed channel
        (B, 777, "HTTP 404 Not Found", NOW),  # the chosen alerts channel
    ]
    await store.mark_feed_alerted(A, feed_id, NOW)
    assert [a.guild_id for a in await store.pending_feed_alerts()] == [B]
    await store.mark_feed_alerted(B, feed_id, NOW)
    assert await store.pending_feed_alerts() == []

    # Resumed, then broken again: a new disabling, told again.
    await store.resume_feed(feed_id)
    later = NOW + timedelta(days=2)
    await store.record_poll(feed_id, failure(later, disable="HTTP 404 Not Found"))
    assert [a.guild_id for a in await store.pending_feed_alerts()] == [A, B]


async def test_no_alert_for_guilds_that_removed_or_paused_the_feed(store: SqlStore) -> None:
    feed_id = await _wire(store)
    assert await store.remove_feed(str(feed_id), guild_id=A)
    assert await store.set_feed_paused(str(feed_id), True, guild_id=B)
    await store.record_poll(feed_id, failure(NOW, disable="HTTP 410 Gone"))
    assert await store.pending_feed_alerts() == []


async def test_alerts_channel_set_and_cleared(store: SqlStore) -> None:
    assert await store.get_alerts_channel(A) is None
    await store.set_alerts_channel(A, 999_999_999_999_999_999)  # snowflakes need 64 bits
    assert await store.get_alerts_channel(A) == 999_999_999_999_999_999
    await store.set_alerts_channel(A, None)
    assert await store.get_alerts_channel(A) is None
