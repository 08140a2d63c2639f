"""The store clusters exactly as `MemoryIndex` (what `wirewatch cluster` and the benchmark
run): the same stream of articles gives the same stories, merges included, on both dialects."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from store import SqlStore
from stories import article_vector
from stories.memory import MemoryIndex

from .factories import article, feed

T0 = datetime(2024, 3, 1, tzinfo=UTC)
COMMON = [
    "officials",
    "said",
    "talks",
    "would",
    "continue",
    "next",
    "week",
    "after",
    "the",
    "meeting",
    "in",
    "the",
    "capital",
    "where",
    "ministers",
    "and",
    "delegates",
    "discussed",
    "the",
    "plan",
    "the",
    "agreement",
    "and",
    "the",
    "vote",
]


def _stream(n: int, seed: int = 3) -> list[tuple[str, str, datetime]]:
    """Articles of invented events: each draws from its own rare words, some from two."""
    rng = random.Random(seed)
    letters = "bdfgklmnprstvz"
    events = [
        ["".join(rng.choice(letters) + rng.choice("aeiou") for _ in range(4)) for _ in range(6)]
        for _ in range(12)
    ]
    out = []
    for i in range(n):
        words = list(rng.choice(events))
        if i % 15 == 0:  # a roundup naming two events: may bridge them
            words += rng.choice(events)
        body = " ".join(rng.choices(words, k=12) + rng.choices(COMMON, k=20))
        out.append((" ".join(words[:3]), body, T0 + timedelta(hours=rng.uniform(0, 120))))
    return sorted(out, key=lambda a: a[2])


def _partition(groups: dict[int, int]) -> set[frozenset[int]]:
    by_story: dict[int, set[int]] = {}
    for i, s in groups.items():
        by_story.setdefault(s, set()).add(i)
    return {frozenset(v) for v in by_story.values()}


@pytest.mark.parametrize("batch", [1, 7, 30])
async def test_store_and_memory_index_cluster_alike(store: SqlStore, batch: int) -> None:
    """A feed's new entries are stored `batch` at a time (bot.pipeline.STORE_BATCH), their
    stories written together: the stories come out as one article at a time would give."""
    f = await feed(store, "alpha")
    stream = _stream(90)
    memory = MemoryIndex(store.story_params)
    news = []
    for i, (title, text, when) in enumerate(stream):
        memory.add(str(i), article_vector(title, text), when)
        news.append(replace(article(f, f"k{i}", title=title), text=text, published=when))
    stored: dict[int, int] = {}
    for lo in range(0, len(news), batch):
        for i, article_id in enumerate(await store.add_articles(news[lo : lo + batch]), lo):
            assert article_id is not None
            stored[i] = article_id
    in_memory = {i: memory.story_of(str(i)) for i in range(len(stream))}
    records = await store.stories_of(stored.values())
    story_of_article = {a.id: r.id for r in records for a in r.articles}
    in_store = {i: story_of_article[stored[i]] for i in range(len(stream))}
    assert _partition(in_store) == _partition(in_memory)
    assert 3 < len(_partition(in_memory)) < 60  # neither one story nor all apart
    # Every story's span is its articles' (the batch's writes add up).
    for r in records:
        published = [a.published for a in r.articles]
        assert (r.first_published, r.last_published) == (min(published), max(published))
