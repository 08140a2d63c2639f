"""Retention end to end: a pruned story still listed by a feed is never stored or announced
again; the service's daily job prunes by the configured retention."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.pipeline import Pipeline
from bot.service import prune_expired
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store import SqlStore
from store.base import FeedSpec, Store, StoredArticle
from store.schema import articles
from summarizer.models import Article, Summary
from tests.store.factories import article

from .conftest import STORY, FeedServer, rss

OLD = [("a1", "Ceasefire talks", STORY), ("a2", "Summit opens", STORY)]
SOON = datetime.now(UTC) + timedelta(days=1)  # a cutoff that prunes everything stored


def listen(p: Pipeline) -> list[StoredArticle]:
    announced: list[StoredArticle] = []

    async def listener(a: StoredArticle) -> None:
        announced.append(a)

    p.listeners.append(listener)
    return announced


class CountingSummarizer:
    """The rules summarizer, counting the articles it is given."""

    def __init__(self) -> None:
        self.titles: list[str] = []

    async def __call__(self, article: Article) -> Summary:
        self.titles.append(article.title)
        return await summarize_rules(article)


async def titles(store: Store) -> list[str]:
    return sorted(a.title for a in await store.recent_articles(limit=1000))


async def watch_a(
    feed_server: FeedServer, store: Store, settings: Settings
) -> tuple[Pipeline, CountingSummarizer]:
    """Feed A listing the OLD entries, added but not polled yet."""
    feed_server.docs["/a.xml"] = rss("A", OLD)
    await store.add_feed(FeedSpec(url=feed_server.url("/a.xml"), name="A"))
    summarized = CountingSummarizer()
    return Pipeline(store, settings, summarized), summarized


async def test_pruned_entries_still_in_the_feed_are_not_stored_or_announced_again(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    p, summarized = await watch_a(feed_server, store, settings)
    announced = listen(p)
    assert (await p.poll_due(force=True)).new == 2  # the backlog, stored silently
    feed_server.docs["/a.xml"] = rss("A", [("a3", "Envoy returns", STORY), *OLD])
    assert (await p.poll_due(force=True)).new == 1
    assert [a.title for a in announced] == ["Envoy returns"]

    assert await store.prune_articles(SOON) == 3
    assert await titles(store) == []

    # The same entries in a changed document (a 200, not a 304): all of them are known.
    feed_server.docs["/a.xml"] = rss("A (renamed)", [("a3", "Envoy returns", STORY), *OLD])
    report = await p.poll_due(force=True)
    assert not report.feeds[0].unchanged and report.feeds[0].error is None
    assert report.new == 0
    assert await titles(store) == []
    assert [a.title for a in announced] == ["Envoy returns"], "nothing announced again"
    # Known before summarizing: no summarizer work (or model tokens) spent on them again.
    assert sorted(summarized.titles) == ["Ceasefire talks", "Envoy returns", "Summit opens"]

    # A genuinely new entry beside them is stored and announced, alone.
    feed_server.docs["/a.xml"] = rss("A", [("a4", "Talks collapse", STORY), *OLD])
    assert (await p.poll_due(force=True)).new == 1
    assert await titles(store) == ["Talks collapse"]
    assert [a.title for a in announced] == ["Envoy returns", "Talks collapse"]


async def test_a_pruned_story_under_another_feeds_guid_is_not_new(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    p, summarized = await watch_a(feed_server, store, settings)
    await p.poll_due(force=True)
    assert await store.prune_articles(SOON) == 2

    # Feed B links the same pages (same canonical URLs) under guids of its own.
    b_doc = rss("B", OLD).replace(b">a1<", b">b-own-1<").replace(b">a2<", b">b-own-2<")
    assert b_doc.count(b">b-own-") == 2 and b"https://example.com/a1" in b_doc
    feed_server.docs["/b.xml"] = b_doc
    await store.add_feed(FeedSpec(url=feed_server.url("/b.xml"), name="B"))
    report = await p.poll_due(force=True)
    assert report.new == 0 and report.errors == 0
    assert await titles(store) == []
    assert sorted(summarized.titles) == ["Ceasefire talks", "Summit opens"]  # only by A


async def test_the_retention_job_prunes_by_the_setting_and_logs_the_count(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    assert isinstance(store, SqlStore)
    feed_id = (await store.add_feed(FeedSpec(url="https://a.example/rss", name="A"))).id
    for key in ("old", "new"):
        assert await store.add_article(article(feed_id, key)) is not None
    now = datetime.now(UTC)
    async with store.engine.begin() as conn:
        await conn.execute(
            articles.update()
            .where(articles.c.dedupe_key == "old")
            .values(stored_at=now - timedelta(days=31))
        )

    with caplog.at_level(logging.INFO, logger="bot.service"):
        assert await prune_expired(store, 30, now=now) == 1
    assert "retention: pruned 1 articles stored over 30 days ago" in caplog.text
    assert [a.dedupe_key for a in await store.recent_articles()] == ["new"]
    assert await store.known_keys(["old"]) == {"old"}
