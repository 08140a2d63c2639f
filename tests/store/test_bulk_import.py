"""import_articles (the bulk path for imports and benchmarks) writes exactly the rows that
add_articles writes for new articles, except stories, which it leaves to cluster_unassigned;
and it refuses a batch it cannot import whole."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa

from store import NewArticle, SqlStore
from store.schema import (
    actors,
    article_feeds,
    article_topics,
    articles,
    dates,
    feeds,
    metadata,
    name_terms,
    quotes,
)
from summarizer.models import Actor, DateRef, Quote

from .factories import article, feed, person

# Columns that differ between two runs by nature: ids and the clock.
_VOLATILE = {"id", "stored_at"}


def _batch(a: int, b: int) -> list[NewArticle]:
    return [
        article(
            a,
            "talks",
            "Ceasefire talks resume in Geneva",
            "ceasefire geneva envoys",
            topics=["Diplomacy", " diplomacy ", "Europe"],
            actors=[
                person("Amara Okonkwo", mentions=3, aliases=["Okonkwo"]),
                Actor(name="United Nations", type="organization", mentions=1, aliases=["UN"]),
            ],
            quotes=[
                Quote(speaker="Amara Okonkwo", text="We are ready"),
                Quote(speaker=None, text="Nobody signed"),
            ],
            dates=[DateRef(text="next week", value="2024-03-08", context="talks")],
        ),
        replace(
            article(b, "strike", "Harbour strike spreads", "harbour dockworkers"),
            source="Given name",
        ),
        article(b, "plain", "A plain story"),
    ]


async def _rows(store: SqlStore) -> dict[str, Any]:
    """Every table an article writes, article and feed ids replaced by key and name."""
    async with store.engine.connect() as conn:
        keys = dict((await conn.execute(sa.select(articles.c.id, articles.c.dedupe_key))).all())
        names = dict((await conn.execute(sa.select(feeds.c.id, feeds.c.name))).all())
        out: dict[str, Any] = {}
        for table in (articles, article_topics, article_feeds, actors, name_terms, quotes, dates):
            rows = []
            for r in (await conn.execute(sa.select(table))).mappings():
                row = {k: v for k, v in r.items() if k not in _VOLATILE}
                if "article_id" in row:
                    row["article_id"] = keys[row["article_id"]]
                if "feed_id" in row:
                    row["feed_id"] = names[row["feed_id"]]
                rows.append(tuple(sorted((k, repr(v)) for k, v in row.items())))
            out[table.name] = sorted(rows)
    return out


async def _found(store: SqlStore) -> dict[str, Any]:
    return {
        "search": [a.dedupe_key for a in await store.search("ceasefire")],
        "actor": [a.dedupe_key for a in await store.articles_by_actor("Okonkwo")],
        "quotes": [(q.speaker, q.text) for q in await store.quotes(topic="diplomacy")],
        "timeline": [d.value for d in await store.timeline("UN")],
    }


async def _reset(store: SqlStore) -> tuple[int, int]:
    async with store.engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())
    return await feed(store, "a"), await feed(store, "b")


async def test_import_writes_the_rows_add_articles_writes(store: SqlStore) -> None:
    a, b = await _reset(store)
    added = await store.add_articles(_batch(a, b))
    by_add, found_by_add = await _rows(store), await _found(store)

    a, b = await _reset(store)
    imported = await store.import_articles(_batch(a, b))
    assert len(imported) == len(added) == 3 and len(set(imported)) == 3

    by_import = await _rows(store)
    for rows in (by_add["articles"], by_import["articles"]):  # stories aside: see below
        rows[:] = [tuple(c for c in r if c[0] not in ("story_id", "story_vector")) for r in rows]
    assert by_import == by_add
    assert await _found(store) == found_by_add
    assert found_by_add["search"] == ["talks"] and found_by_add["timeline"] == ["2024-03-08"]


async def test_imported_articles_join_stories_when_the_store_clusters(store: SqlStore) -> None:
    a, b = await _reset(store)
    ids = await store.import_articles(_batch(a, b))
    assert {x.story_id for x in await store.recent_articles()} == {None}
    assert await store.cluster_unassigned() == len(ids)
    assert None not in {x.story_id for x in await store.recent_articles()}


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda xs: [*xs, xs[0]], "the same key twice"),
        (lambda xs: [*xs, replace(xs[1], dedupe_key="other")], "the same URL twice"),
    ],
)
async def test_a_batch_repeating_itself_is_refused(
    store: SqlStore, change: Any, error: str
) -> None:
    a, b = await _reset(store)
    with pytest.raises(ValueError, match=error):
        await store.import_articles(change(_batch(a, b)))
    assert await store.recent_articles() == []


async def test_a_batch_with_a_stored_or_pruned_article_changes_nothing(store: SqlStore) -> None:
    a, b = await _reset(store)
    first, *rest = _batch(a, b)
    await store.add_article(first)
    with pytest.raises(ValueError, match="already stored or pruned, not imported: talks"):
        await store.import_articles(rest + [replace(first, url=None)])
    assert [x.dedupe_key for x in await store.recent_articles()] == ["talks"]


async def test_an_empty_import_stores_nothing(store: SqlStore) -> None:
    assert await store.import_articles([]) == []
