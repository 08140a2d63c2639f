"""add_articles (a feed's new entries in one transaction) stores exactly what add_article
one by one would: the same answers, links, parts, search entries and stories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa

from store import NewArticle, SqlStore
from store.schema import articles, metadata
from summarizer.models import Quote

from .factories import article, feed, person

OLD = datetime(2000, 1, 1, tzinfo=UTC)


def _batch(b: int) -> list[NewArticle]:
    said = Quote(speaker="Amara Okonkwo", text="We are ready")
    return [
        article(
            b,
            "new-1",
            "Ceasefire talks resume",
            "ceasefire geneva",
            actors=[person("Amara Okonkwo")],
            quotes=[said],
        ),
        article(b, "new-2", "Harbour strike spreads north", "harbour strike dockworkers"),
        replace(article(b, "same-url", "Other guid, same story"), url="https://example.org/old-1"),
        article(b, "old-2", "Stored already under this key"),
        article(b, "twin-a", "Twin story", "twin"),
        replace(article(b, "twin-b", "Twin story again"), url="https://example.org/twin-a"),
        article(b, "pruned", "An old story pruned meanwhile"),
    ]


async def _seed(store: SqlStore) -> int:
    """Feeds a and b; a has stored old-1, old-2 and a pruned story. Returns b's id."""
    a, b = await feed(store, "a"), await feed(store, "b")
    for key in ("old-1", "old-2", "pruned"):
        assert await store.add_article(article(a, key, f"Earlier {key}")) is not None
    async with store.engine.begin() as conn:  # age one article so the prune takes it
        await conn.execute(
            articles.update().where(articles.c.dedupe_key == "pruned").values(stored_at=OLD)
        )
    assert await store.prune_articles(datetime(2001, 1, 1, tzinfo=UTC)) == 1
    return b


async def _state(store: SqlStore) -> dict[str, object]:
    stored = await store.recent_articles(limit=100)
    feeds = {f.name: f for f in await store.list_feeds()}
    return {
        "keys": sorted((a.dedupe_key, a.source or "", tuple(a.topics)) for a in stored),
        "counts": (feeds["a"].article_count, feeds["b"].article_count),
        "search": sorted(a.dedupe_key for a in await store.search("ceasefire")),
        "quotes": [(q.speaker, q.text) for q in await store.quotes(speaker="Amara Okonkwo")],
        "stories": sorted(
            sorted(x.dedupe_key for x in s.articles)
            for s in await store.stories_of([a.id for a in stored])
        ),
    }


async def test_add_articles_matches_add_article_one_by_one(store: SqlStore) -> None:
    b = await _seed(store)
    answered = await store.add_articles(_batch(b))
    batched = await _state(store)

    async with store.engine.begin() as conn:  # the same again, one article at a time
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())
    b = await _seed(store)
    one_by_one = [await store.add_article(x) for x in _batch(b)]

    assert [x is None for x in answered] == [x is None for x in one_by_one]
    assert [x is None for x in answered] == [False, False, True, True, False, True, True]
    assert batched == await _state(store)
    # b links new-1, new-2, old-1 (by URL), old-2 (by key) and twin-a (twin-b is the same).
    assert batched["counts"] == (2, 5)
    async with store.engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(articles))).scalar() == 5


async def test_an_empty_batch_stores_nothing(store: SqlStore) -> None:
    assert await store.add_articles([]) == []
