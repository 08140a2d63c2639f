"""Broken feeds end to end on loopback: disabled after the policy's failures, with the reason,
no longer polled, and announced to listeners once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedRecord, FeedSpec, PollOutcome, Store
from tests.pipeline.conftest import STORY, FeedServer, rss


def _pipeline(store: Store, settings: Settings, failures: int, hours: float) -> Pipeline:
    poll = settings.poll.model_copy(
        update={"disable_after_failures": failures, "disable_after_hours": hours}
    )
    return Pipeline(store, settings.model_copy(update={"poll": poll}), summarize_rules)


async def _feed(store: Store, url: str) -> FeedRecord:
    await store.add_feed(FeedSpec(url=url, name="Wire"))
    found = await store.find_feed(url)
    assert found is not None
    return found


async def test_disabled_after_n_failures_then_never_polled(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.status["/gone.xml"] = 404
    feed = await _feed(store, feed_server.url("/gone.xml"))
    pipeline = _pipeline(store, settings, failures=3, hours=0)
    told: list[FeedRecord] = []

    async def listener(disabled: FeedRecord) -> None:
        told.append(disabled)

    pipeline.disabled_listeners.append(listener)
    for _ in range(2):
        await pipeline.poll_due(force=True)
    after_two = await store.get_feed(feed.id)
    assert after_two is not None and not after_two.disabled and after_two.error_count == 2

    await pipeline.poll_due(force=True)
    disabled = await store.get_feed(feed.id)
    assert disabled is not None and disabled.disabled
    assert disabled.disabled_reason == "HTTP 404 Not Found"
    assert [f.id for f in told] == [feed.id] and told[0].disabled

    hits = len(feed_server.hits)
    report = await pipeline.poll_due(force=True)  # even a forced poll skips it
    assert report.feeds == [] and len(feed_server.hits) == hits
    assert len(told) == 1


async def test_410_gone_disables_at_once(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.status["/gone.xml"] = 410
    feed = await _feed(store, feed_server.url("/gone.xml"))
    await _pipeline(store, settings, failures=10, hours=24).poll_due(force=True)
    gone = await store.get_feed(feed.id)
    assert gone is not None and gone.disabled_reason == "HTTP 410 Gone"


async def test_failures_must_span_the_minimum_time(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.status["/flaky.xml"] = 503
    feed = await _feed(store, feed_server.url("/flaky.xml"))
    pipeline = _pipeline(store, settings, failures=3, hours=24)
    for _ in range(3):  # three failures within seconds: an outage, not a dead feed
        await pipeline.poll_due(force=True)
    recent = await store.get_feed(feed.id)
    assert recent is not None and not recent.disabled and recent.error_count == 3

    # The same run of failures, begun 25 hours ago.
    begun = datetime.now(UTC) - timedelta(hours=25)
    await store.resume_feed(feed.id)
    await store.record_poll(feed.id, PollOutcome(begun, begun, error="HTTP 503"))
    for _ in range(2):
        await pipeline.poll_due(force=True)
    old = await store.get_feed(feed.id)
    assert old is not None and old.disabled and old.disabled_reason == "HTTP 503"
    assert old.failing_since is not None and abs(old.failing_since - begun) < timedelta(seconds=1)


@pytest.mark.parametrize(
    ("body", "content_type", "error"),
    [
        (b"<!doctype html><html><body>Moved</body></html>", "text/html", "answered HTML"),
        (b"<html><head></head><body>x</body></html>", "text/plain", "answered HTML"),
        (b"just some text", "text/plain", "not a valid feed"),
    ],
)
async def test_a_feed_answering_a_page_says_so(
    feed_server: FeedServer,
    store: Store,
    settings: Settings,
    body: bytes,
    content_type: str,
    error: str,
) -> None:
    feed_server.docs["/feed.xml"] = body
    feed_server.types["/feed.xml"] = content_type
    feed = await _feed(store, feed_server.url("/feed.xml"))
    pipeline = _pipeline(store, settings, failures=2, hours=0)
    for _ in range(2):
        report = await pipeline.poll_due(force=True)
        assert error in (report.feeds[0].error or "")
    broken = await store.get_feed(feed.id)
    assert broken is not None and broken.disabled_reason == "not a feed"


async def test_a_success_ends_the_run_of_failures(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.status["/feed.xml"] = 500
    feed = await _feed(store, feed_server.url("/feed.xml"))
    pipeline = _pipeline(store, settings, failures=3, hours=0)
    for _ in range(2):
        await pipeline.poll_due(force=True)
    del feed_server.status["/feed.xml"]
    feed_server.docs["/feed.xml"] = rss("Wire", [("a", "Talks resume", STORY)])
    await pipeline.poll_due(force=True)
    feed_server.status["/feed.xml"] = 500
    for _ in range(2):  # 2 + 2 failures, but not 3 in a row
        await pipeline.poll_due(force=True)
    still = await store.get_feed(feed.id)
    assert still is not None and not still.disabled and still.error_count == 2
