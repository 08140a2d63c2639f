"""A runaway feed over loopback: 100,000 entries or one 10 MB entry is stored within bounds
(the first entries, clipped text) or refused with a clear error; nothing else is affected."""

from __future__ import annotations

import tracemalloc

from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec, Store
from tests.pipeline.conftest import STORY, FeedServer, rss

HUGE_QUOTE = "\u201cWe will not sign this week,\u201d Okonkwo said."


def _big_feed(n: int) -> bytes:
    items = "".join(
        f"<item><title>Harbour notice {i}</title><guid>n{i}</guid>"
        f"<description>Notice {i} about berth {i % 97}.</description></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Runaway</title>'
        f"{items}</channel></rss>"
    ).encode()


def _huge_entry(mb: int) -> bytes:
    para = "<p>Dockworkers in Zorblat kept the berths closed on Monday. " + HUGE_QUOTE + "</p>"
    text = para * (mb * 1024 * 1024 // len(para))
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>'
        "<item><title>A very long report</title><guid>huge</guid>"
        f"<description><![CDATA[{text}]]></description></item></channel></rss>"
    ).encode()


def _pipeline(store: Store, settings: Settings, **poll: int) -> Pipeline:
    fetch = settings.fetch.model_copy(update={"max_bytes": 20 * 1024 * 1024, "timeout_seconds": 30})
    updated = settings.model_copy(
        update={"poll": settings.poll.model_copy(update=poll), "fetch": fetch}
    )
    return Pipeline(store, updated, summarize_rules)


async def test_a_100k_entry_feed_stores_its_first_entries_within_memory(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/runaway.xml"] = _big_feed(100_000)
    feed_server.docs["/ok.xml"] = rss("Fine", [("a", "Talks resume", STORY)])
    await store.add_feed(FeedSpec(feed_server.url("/runaway.xml"), "Runaway"))
    await store.add_feed(FeedSpec(feed_server.url("/ok.xml"), "Fine"))
    pipeline = _pipeline(store, settings, max_entries_per_poll=50)
    tracemalloc.start()
    try:
        report = await pipeline.poll_due(force=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    by_name = {r.name: r for r in report.feeds}
    assert by_name["Runaway"].new == 50 and by_name["Runaway"].error is None
    assert "lists 100000 entries; only the first 50 were read" in (by_name["Runaway"].warning or "")
    assert by_name["Fine"].new == 1
    # The whole document is ~9 MB; parsing all of it took ~250 MB. Bounded by the cap now.
    assert peak < 100 * 1024 * 1024
    titles = {a.title for a in await store.recent_articles(limit=100)}
    assert "Harbour notice 0" in titles and "Harbour notice 49" in titles
    assert "Harbour notice 50" not in titles

    again = await pipeline.poll_due(force=True)  # same document: nothing new, nothing doubled
    assert sum(r.new for r in again.feeds) == 0


async def test_a_10mb_entry_is_stored_clipped_with_its_quotes_verbatim(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/huge.xml"] = _huge_entry(10)
    await store.add_feed(FeedSpec(feed_server.url("/huge.xml"), "Huge"))
    pipeline = _pipeline(store, settings, max_entry_chars=50_000)
    report = await pipeline.poll_due(force=True)
    assert report.feeds[0].new == 1 and report.feeds[0].error is None
    (article,) = await store.recent_articles(limit=5)
    assert 45_000 <= len(article.text) <= 50_000
    assert article.summary.quotes and all(q.text in article.text for q in article.summary.quotes)


async def test_a_10mb_entry_past_the_fetch_cap_is_refused_clearly(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/huge.xml"] = _huge_entry(10)
    await store.add_feed(FeedSpec(feed_server.url("/huge.xml"), "Huge"))
    report = await Pipeline(store, settings, summarize_rules).poll_due(force=True)  # 5 MiB cap
    assert report.feeds[0].error == f"response larger than {settings.fetch.max_bytes} bytes"
    assert await store.recent_articles(limit=5) == []
