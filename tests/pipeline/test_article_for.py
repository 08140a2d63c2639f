"""The Article a stored entry is re-summarized as is the one the pipeline first summarized."""

from __future__ import annotations

from bot.articles import article_for
from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec, Store
from summarizer.models import Article, Summary
from tests.pipeline.conftest import STORY, FeedServer, rss


async def test_resummarize_sees_the_article_the_pipeline_summarized(
    feed_server: FeedServer, store: Store, settings: Settings
) -> None:
    feed_server.docs["/feed.xml"] = rss("Wire", [("a", "Talks resume", STORY)])
    await store.add_feed(FeedSpec(feed_server.url("/feed.xml"), "Loop Wire"))
    seen: list[Article] = []

    async def recording(article: Article) -> Summary:
        seen.append(article)
        return await summarize_rules(article)

    await Pipeline(store, settings, recording).poll_due(force=True)
    (stored,) = await store.recent_articles(limit=5)
    again = article_for(stored, text=stored.text, source=stored.source)
    assert seen == [again]
    assert again.id == stored.dedupe_key and again.source == "Loop Wire"
    assert again.url == "https://example.com/a"  # canonical: the tracking parameter is gone
