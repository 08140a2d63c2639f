"""Every real news-outlet feed in ../shared/corpus goes through fetch → parse → summarize → store."""

from __future__ import annotations

from pathlib import Path

from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec, Store


async def test_every_corpus_news_feed_is_stored(
    shared_dir: Path, store: Store, settings: Settings
) -> None:
    files = sorted((shared_dir / "corpus" / "news-feeds").glob("*.xml"))
    assert len(files) >= 20
    for f in files:
        await store.add_feed(FeedSpec(url=str(f), name=f.stem))
    report = await Pipeline(store, settings, summarize_rules).poll_due(force=True)
    problems = {r.name: r.error for r in report.feeds if r.error or r.failed_entries}
    assert problems == {}
    assert len(report.feeds) == len(files)
    stored = await store.recent_articles(limit=100_000)
    assert len(stored) == report.new > len(files)
    assert all(a.title or a.summary.summary for a in stored)
