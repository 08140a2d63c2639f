"""Lookups read the newest LOOKUP_DEPTH matching articles (what keeps them flat at a million
stored), then order those: with a depth of two, the oldest of three matches drops out."""

from __future__ import annotations

import pytest

from store import SqlStore, article_ops, lookup_ops
from summarizer.models import DateRef, Quote

from .factories import article, feed, person


@pytest.fixture
async def three(store: SqlStore, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    for module in (lookup_ops, article_ops):
        monkeypatch.setattr(module, "LOOKUP_DEPTH", 2)
    feed_id = await feed(store, "Wire")
    ids = []
    for year in ("2001", "2002", "2003"):  # stored in this order: 2003 is the newest
        new = article(
            feed_id,
            f"k{year}",
            f"Sanctions report {year}",
            "sanctions",
            topics=["energy"],
            actors=[person("Vladimir Putin")],
            quotes=[Quote(speaker="Vladimir Putin", text=f"Said in {year}.")],
            dates=[DateRef(text=f"in {year}", value=year)],
        )
        found = await store.add_article(new)
        assert found is not None
        ids.append(found)
    return ids


async def test_each_lookup_reads_the_newest_matches(store: SqlStore, three: list[int]) -> None:
    newest = {three[1], three[2]}
    assert {a.id for a in await store.search("sanctions")} == newest
    assert [a.id for a in await store.articles_by_actor("Putin")] == [three[2], three[1]]
    assert [q.text for q in await store.quotes(speaker="Putin")] == [
        "Said in 2003.",
        "Said in 2002.",
    ]
    assert [q.text for q in await store.quotes(topic="energy")] == [
        "Said in 2003.",
        "Said in 2002.",
    ]
    assert len(await store.quotes()) == 2
    assert [d.value for d in await store.timeline("Putin")] == ["2002", "2003"]
    assert [d.value for d in await store.timeline("energy")] == ["2002", "2003"]
