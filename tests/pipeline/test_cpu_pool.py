"""poll.workers > 0: parsing, rules summaries and story vectors run in a process pool. The
pipeline must store exactly what it stores with threads (same summaries, same stories), and a
feed that breaks the parser in a worker is that feed's error only."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cpu import CpuPool
from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import build_summarizer, summarize_rules
from store import open_store
from store.base import FeedSpec, Store

from .conftest import STORY, FeedServer, rss

OTHER = (
    'The foreign minister, Ana Ruiz, said on Tuesday: "We will not sign this treaty." '
    "Talks resume in Geneva next week."
)


@pytest.fixture(scope="module")
def pool() -> Iterator[CpuPool]:
    cpu = CpuPool(2)
    yield cpu
    cpu.close()


async def _stored(store: Store) -> list[tuple[str, object, int | None]]:
    rows = await store.recent_articles(limit=100)
    return sorted((a.title, a.summary.model_dump(), a.story_id) for a in rows)


async def test_a_pool_stores_what_threads_store(
    feed_server: FeedServer, settings: Settings, tmp_path: Path, pool: CpuPool
) -> None:
    feed_server.docs["/a.xml"] = rss(
        "A", [("a1", "Ceasefire talks", STORY), ("a2", "Treaty refused", OTHER)]
    )
    feed_server.docs["/b.xml"] = rss("B", [("b1", "Ceasefire talks resume", STORY)])
    results = []
    for name, cpu in (("threads", CpuPool(0)), ("pool", pool)):
        store = await open_store(f"sqlite+aiosqlite:///{tmp_path / name}.db")
        try:
            for path in ("/a.xml", "/b.xml"):
                await store.add_feed(FeedSpec(url=feed_server.url(path), name=path))
            p = Pipeline(store, settings, build_summarizer(settings, store, cpu=cpu), cpu)
            report = await p.poll_due(force=True)
            assert report.new == 3 and report.errors == 0
            results.append(await _stored(store))
        finally:
            await store.close()
    assert results[0] == results[1]
    assert any(s["quotes"] for _, s, _ in results[1]), "the summaries came back whole"


async def test_a_feed_that_fails_in_a_worker_fails_alone(
    feed_server: FeedServer, store: Store, settings: Settings, pool: CpuPool
) -> None:
    feed_server.docs["/good.xml"] = rss("G", [("g1", "Ceasefire talks", STORY)])
    feed_server.docs["/bad.xml"] = "<html><body>not a feed</body></html>"
    for path in ("/good.xml", "/bad.xml"):
        await store.add_feed(FeedSpec(url=feed_server.url(path), name=path))
    p = Pipeline(store, settings, summarize_rules, pool)
    report = await p.poll_due(force=True)
    assert report.new == 1 and report.errors == 1


def test_threads_warm_up_once_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    import bot.cpu

    calls: list[str] = []
    warm = bot.cpu._warm

    def counted() -> None:
        calls.append(threading.current_thread().name)
        warm()

    monkeypatch.setattr(bot.cpu, "_prepared", False)
    monkeypatch.setattr(bot.cpu, "_warm", counted)
    pool = CpuPool(0)
    pool.prepare()
    pool.prepare()
    CpuPool(0).prepare()  # threads are the process's: warmed already
    for t in threading.enumerate():
        if t.name == "wirewatch-warm":
            t.join(timeout=60)
    assert calls == ["wirewatch-warm"]
    import stories.terms

    assert stories.terms._zipf is not None  # the word weights are loaded
