"""The polling pipeline end to end: a real HTTP server, the rules summarizer, a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.pipeline import Pipeline, next_poll_time
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec, Store, StoredArticle
from summarizer.models import Article, Summary

from .conftest import STORY, FeedServer, rss


def with_private_feeds(settings: Settings) -> Settings:
    """Guild feeds on this loopback test server are allowed (they are refused by default)."""
    discord = settings.discord.model_copy(update={"allow_private_feeds": True})
    return settings.model_copy(update={"discord": discord})


async def count_articles(store: Store) -> int:
    return len(await store.recent_articles(limit=10_000))


async def test_second_poll_of_unchanged_feed_stores_nothing(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/a.xml"] = rss(
        "A", [("a1", "Ceasefire talks", STORY), ("a2", "Summit opens", STORY)]
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    p = Pipeline(store, settings, summarize_rules)

    first = await p.poll_due(force=True)
    assert first.new == 2 and first.errors == 0
    second = await p.poll_due(force=True)
    assert second.new == 0
    assert second.feeds[0].unchanged, "the server answered 304 to the conditional GET"
    assert feed_server.hits[-1][1] is not None, "the second GET sent If-None-Match"
    assert await count_articles(store) == 2


async def test_a_warm_cycle_records_every_unchanged_feed_in_one_batch(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    from bot import pipeline as pipeline_module

    n = pipeline_module.UNCHANGED_BATCH + 5  # more than one batch
    for i in range(n):
        feed_server.docs[f"/{i}.xml"] = rss(f"F{i}", [(f"g{i}", f"Item {i}", STORY)])
        await store.add_feed(FeedSpec(url=feed_server.url(f"/{i}.xml"), name=f"F{i}"))
    p = Pipeline(store, settings, summarize_rules)
    await p.poll_due(force=True)
    cold = {f.id: f for f in await store.list_feeds()}
    warm = await p.poll_due(force=True)
    assert len(warm.feeds) == n and all(r.unchanged for r in warm.feeds)
    for f in await store.list_feeds():
        before = cold[f.id]
        assert f.last_polled_at is not None and before.last_polled_at is not None
        assert f.last_polled_at > before.last_polled_at and f.etag == before.etag
        assert f.next_poll_at is not None and f.initialized and f.error_count == 0


async def test_same_article_in_two_feeds_is_stored_once(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    shared = ("shared-guid", "Talks resume in Geneva", STORY)
    feed_server.docs["/a.xml"] = rss("A", [shared, ("a-only", "Only in A", STORY)])
    feed_server.docs["/b.xml"] = rss("B", [shared])
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    await store.add_feed(FeedSpec(url=feed_server.url("/b.xml"), name="B"))

    report = await Pipeline(store, settings, summarize_rules).poll_due(force=True)
    assert report.new == 2
    assert await count_articles(store) == 2
    assert len(await store.search("Geneva")) == 2  # the shared story and the A-only one, once each


async def test_one_failing_feed_does_not_stop_the_others(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/good.xml"] = rss("Good", [("g1", "Good story", STORY)])
    feed_server.status["/broken.xml"] = 500
    feed_server.docs["/garbage.xml"] = b"<html><body>this is not a feed</body></html>"
    for name in ("broken", "garbage", "missing", "good"):
        await store.add_feed(FeedSpec(url=feed_server.url(f"/{name}.xml"), name=name))
    await store.add_feed(FeedSpec(url="http://127.0.0.1:9/unreachable.xml", name="unreachable"))

    before = datetime.now(UTC)
    report = await Pipeline(store, settings, summarize_rules).poll_due(force=True)
    by_name = {f.name: f for f in report.feeds}
    assert by_name["good"].new == 1 and by_name["good"].error is None
    assert "500" in (by_name["broken"].error or "")
    assert "404" in (by_name["missing"].error or "")
    assert by_name["garbage"].error and "feed" in by_name["garbage"].error
    assert by_name["unreachable"].error
    assert await count_articles(store) == 1

    feeds = {f.name: f for f in await store.list_feeds()}
    assert feeds["broken"].error_count == 1 and feeds["broken"].last_error
    assert feeds["good"].error_count == 0 and feeds["good"].last_error is None
    # Failing feeds back off: not due again right away, unlike after a healthy interval.
    assert feeds["broken"].next_poll_at is not None and feeds["broken"].next_poll_at > before
    due_now = {f.name for f in await store.due_feeds(datetime.now(UTC))}
    assert "broken" not in due_now and "good" not in due_now


def test_backoff_grows_and_is_capped(settings: Settings) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    delays = [(next_poll_time(now, settings, n) - now).total_seconds() for n in range(0, 12)]
    interval = settings.poll.interval_minutes * 60
    assert delays[0] == interval
    assert delays[1] >= interval and delays[3] > delays[1]
    assert max(delays) <= settings.poll.max_backoff_minutes * 60 * 1.2
    assert (next_poll_time(now, settings, 1, retry_after_s=99_999) - now).total_seconds() == 99_999


async def test_first_poll_is_silent_later_stories_are_announced(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/a.xml"] = rss("A", [("old1", "Old one", STORY), ("old2", "Old two", STORY)])
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    p = Pipeline(store, settings, summarize_rules)
    announced: list[StoredArticle] = []

    async def listener(a: StoredArticle) -> None:
        announced.append(a)

    p.listeners.append(listener)
    await p.poll_due(force=True)
    assert announced == [], "a new feed's backlog is stored without announcing it"

    feed_server.docs["/a.xml"] = rss(
        "A", [("new1", "Fresh story", STORY), ("old1", "Old one", STORY)]
    )
    report = await p.poll_due(force=True)
    assert report.new == 1
    assert [a.title for a in announced] == ["Fresh story"]
    assert announced[0].topics, "topics were assigned from keywords"


async def test_burst_beyond_cap_is_stored_but_not_all_announced(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    settings = settings.model_copy(
        update={"poll": settings.poll.model_copy(update={"max_new_per_poll": 3})}
    )
    feed_server.docs["/a.xml"] = rss("A", [("seed", "Seed", STORY)])
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    p = Pipeline(store, settings, summarize_rules)
    await p.poll_due(force=True)
    feed_server.docs["/a.xml"] = rss("A", [(f"n{i}", f"Story {i}", STORY) for i in range(8)])
    announced: list[str] = []

    async def listener(a: StoredArticle) -> None:
        announced.append(a.title)

    p.listeners.append(listener)
    report = await p.poll_due(force=True)
    assert report.new == 8
    # The newest three (Story 0 is newest) are announced, oldest first.
    assert announced == ["Story 2", "Story 1", "Story 0"]


async def test_entry_whose_summary_fails_is_retried_next_poll(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/a.xml"] = rss(
        "A", [("ok", "Fine story", STORY), ("bad", "Poison story", STORY)]
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    calls: list[str] = []

    async def flaky(article: Article) -> Summary:
        calls.append(article.title)
        if article.title == "Poison story" and calls.count("Poison story") == 1:
            raise RuntimeError("summarizer crashed")
        return await summarize_rules(article)

    p = Pipeline(store, settings, flaky)
    first = await p.poll_due(force=True)
    assert first.new == 1 and first.feeds[0].failed_entries == 1
    # The same document again: the failed entry must not hide behind a 304.
    second = await p.poll_due(force=True)
    assert second.new == 1 and not second.feeds[0].unchanged
    third = await p.poll_due(force=True)
    assert third.feeds[0].unchanged, "once every entry is stored, the ETag is kept again"
    assert sorted(a.title for a in await store.recent_articles()) == ["Fine story", "Poison story"]


async def test_story_under_a_guid_in_one_feed_and_its_url_in_another_is_stored_once(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    # Feed A: a feed-specific guid (not a permalink) and a tracking-laden link.
    feed_server.docs["/a.xml"] = rss("A", [("wire-0001", "Talks resume", STORY)])
    # Feed B (Atom): the entry id is the canonical link itself.
    feed_server.docs["/b.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>B</title><id>urn:b</id><updated>2026-11-20T12:00:00Z</updated>"
        "<entry><title>Geneva talks back on</title><id>https://example.com/wire-0001</id>"
        '<link rel="alternate" href="https://example.com/wire-0001"/>'
        f'<updated>2026-11-20T12:00:00Z</updated><content type="html">{STORY.replace("<", "&lt;")}</content>'
        "</entry></feed>"
    ).encode()
    a = await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    await store.add_feed(FeedSpec(url=feed_server.url("/b.xml"), name="B"), guild_id=7)
    p = Pipeline(store, with_private_feeds(settings), summarize_rules)
    await p.poll_feed(a)  # A first, then B: B must recognise the story by its URL
    report = await p.poll_due(force=True)
    assert await count_articles(store) == 1
    assert report.new == 0
    # Guild 7 follows only B, and still sees the story.
    assert [x.title for x in await store.recent_articles(guild_id=7)] == ["Talks resume"]


async def test_guild_feeds_are_held_to_public_addresses_at_poll_time(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    # A guild's feed that resolves to a private address (here loopback) is refused on every
    # poll, not only when added; the operator's own feed at the same server is polled.
    feed_server.docs["/a.xml"] = rss("A", [("a1", "Story", STORY)])
    feed_server.docs["/g.xml"] = rss("G", [("g1", "Guild story", STORY)])
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="operator"))
    await store.add_feed(FeedSpec(url=feed_server.url("/g.xml"), name="guild"), guild_id=5)
    report = await Pipeline(store, settings, summarize_rules).poll_due(force=True)
    by_name = {f.name: f for f in report.feeds}
    assert by_name["operator"].new == 1
    assert by_name["guild"].error and "127.0.0.1" in by_name["guild"].error
    assert not any(path == "/g.xml" for path, _ in feed_server.hits)

    report = await Pipeline(store, with_private_feeds(settings), summarize_rules).poll_due(
        force=True
    )
    assert {f.name: f for f in report.feeds}["guild"].new == 1


async def test_a_stop_mid_feed_leaves_the_rest_for_the_next_poll(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/a.xml"] = rss("A", [(f"s{i}", f"Story {i}", STORY) for i in range(4)])
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    p: Pipeline

    async def stop_after_two(article: Article) -> Summary:
        if len(calls) == 2:
            p.request_stop()  # SIGTERM arrives while the second story is in hand
        calls.append(article.title)
        return await summarize_rules(article)

    calls: list[str] = []
    p = Pipeline(store, settings, stop_after_two)
    assert (await p.poll_due(force=True)).new == 3  # the article in hand is finished
    restarted = Pipeline(store, settings, summarize_rules)
    assert (await restarted.poll_due(force=True)).new == 1
    assert await count_articles(store) == 4


ARTICLE_PAGE = (
    "<html><head><title>Talks</title></head><body><nav>Home | World | Sport</nav><article>"
    "<h1>Ceasefire talks resume in Geneva</h1>"
    + "".join(
        f"<p>Paragraph {i}: Foreign Minister Amara Okonkwo said the delegations met for a "
        "second day and discussed prisoner exchanges, humanitarian corridors and the "
        "monitoring mission that both sides say they want in place before winter.</p>"
        for i in range(6)
    )
    + "<p>“We are ready to sign a ceasefire within days,” Okonkwo told reporters.</p>"
    "</article><footer>© Example News. All rights reserved.</footer></body></html>"
).encode()


async def test_teaser_entries_get_the_article_page_text(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/page.html"] = ARTICLE_PAGE
    teaser = "Talks resumed in Geneva on Tuesday …"
    body = rss("A", [("t1", "Ceasefire talks resume", teaser)])
    # Point the entry's link at the page on this server.
    feed_server.docs["/a.xml"] = body.replace(
        b"https://example.com/t1?utm_source=rss", feed_server.url("/page.html").encode()
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    poll = settings.poll.model_copy(update={"fetch_full_text": True})
    full = with_private_feeds(settings).model_copy(update={"poll": poll})
    assert (await Pipeline(store, full, summarize_rules).poll_due(force=True)).new == 1
    (stored,) = await store.recent_articles()
    assert "prisoner exchanges" in stored.text and "Home | World" not in stored.text
    assert any(q.text.startswith("We are ready to sign") for q in stored.summary.quotes)


async def test_article_pages_at_private_addresses_are_not_fetched_by_default(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/page.html"] = ARTICLE_PAGE
    body = rss("A", [("t1", "Ceasefire talks resume", "Talks resumed in Geneva …")])
    feed_server.docs["/a.xml"] = body.replace(
        b"https://example.com/t1?utm_source=rss", feed_server.url("/page.html").encode()
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    poll = settings.poll.model_copy(update={"fetch_full_text": True})
    p = Pipeline(store, settings.model_copy(update={"poll": poll}), summarize_rules)
    assert (await p.poll_due(force=True)).new == 1  # stored with the teaser text
    assert not any(path == "/page.html" for path, _ in feed_server.hits)


async def test_backlog_left_by_an_unfinished_first_poll_stays_silent(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/a.xml"] = rss(
        "A", [(f"g{i}", f"Backlog story {i}", STORY) for i in range(6)]
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    calls: list[str] = []

    async def flaky(article: Article) -> Summary:
        calls.append(article.title)
        if len(calls) == 3:
            raise RuntimeError("model timed out")  # one backlog entry fails on the first poll
        return await summarize_rules(article)

    p = Pipeline(store, settings, flaky)
    announced: list[str] = []

    async def listener(a: StoredArticle) -> None:
        announced.append(a.title)

    p.listeners.append(listener)
    assert (await p.poll_due(force=True)).new == 5
    assert not (await store.list_feeds())[0].initialized
    assert (await p.poll_due(force=True)).new == 1
    assert announced == [], "the retried backlog entry is still backlog"
    assert (await store.list_feeds())[0].initialized
    feed_server.docs["/a.xml"] = rss("A", [("fresh", "Fresh story", STORY)])
    await p.poll_due(force=True)
    assert announced == ["Fresh story"]


async def test_one_article_the_store_refuses_costs_only_itself(
    feed_server: FeedServer, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A feed's new articles are stored in one transaction; when it fails, each is stored
    alone, so the others still land and only the bad one is retried next poll."""
    feed_server.docs["/a.xml"] = rss(
        "A",
        [
            ("a1", "Ceasefire talks", STORY),
            ("a2", "Poison entry", STORY),
            ("a3", "Summit opens", STORY),
        ],
    )
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    real = store._insert_parts_many  # type: ignore[attr-defined]

    async def refuse_poison(conn: Any, items: Any) -> None:
        if any(title.startswith("Poison") for _, title, _ in items):
            raise RuntimeError("the database refuses this one")
        await real(conn, items)

    monkeypatch.setattr(store, "_insert_parts_many", refuse_poison)
    p = Pipeline(store, settings, summarize_rules)
    report = await p.poll_due(force=True)
    assert (report.new, report.feeds[0].failed_entries) == (2, 1)
    assert sorted(a.title for a in await store.recent_articles()) == [
        "Ceasefire talks",
        "Summit opens",
    ]
    again = await p.poll_due(force=True)  # the document again, not a 304: a2 is retried
    assert (again.new, again.feeds[0].failed_entries) == (0, 1)
