"""Full-text search: same matches and ranking on both dialects, any input is safe."""

from __future__ import annotations

import pytest

from store import SqlStore
from summarizer.models import Quote

from .factories import add_all, article, feed, person


@pytest.fixture
async def corpus(store: SqlStore) -> dict[str, int]:
    feed_id = await feed(store, "Wire")
    specs = {
        "title": article(feed_id, "title", title="Sanctions on oil exports", text="Markets fell."),
        "body": article(feed_id, "body", title="Markets", text="New sanctions were announced."),
        "quote": article(
            feed_id,
            "quote",
            title="Press conference",
            quotes=[Quote(speaker="Kaja Kallas", text="Negotiations must continue.")],
            actors=[person("Kaja Kallas")],
        ),
        "other": article(feed_id, "other", title="Weather in Oslo", text="Snow expected."),
    }
    return await add_all(store, specs)


async def test_matches_titles_summaries_quotes_and_actor_names(
    store: SqlStore, corpus: dict[str, int]
) -> None:
    found = [a.id for a in await store.search("sanctions")]
    assert found == [corpus["title"], corpus["body"]]  # a title hit ranks above a body hit
    assert [a.id for a in await store.search("negotiations continue")] == [corpus["quote"]]
    assert [a.id for a in await store.search("kallas")] == [corpus["quote"]]
    assert await store.search("sanctions snow") == []  # every word must match


async def test_stemming_and_case(store: SqlStore, corpus: dict[str, int]) -> None:
    assert [a.id for a in await store.search("SANCTION")] == [corpus["title"], corpus["body"]]
    assert [a.id for a in await store.search("negotiation")] == [corpus["quote"]]


@pytest.mark.parametrize(
    "query",
    [
        '"sanctions',
        'sanctions"',
        "sanctions*",
        "-sanctions",
        "sanctions AND",
        "OR sanctions NOT",
        "sanctions)",
        "(sanctions",
        "sanctions:",
        "sanctions^",
        "sanctions;--",
        "sanctions's",
        "  sanctions  ",
    ],
)
async def test_query_syntax_is_treated_as_words(
    store: SqlStore, corpus: dict[str, int], query: str
) -> None:
    found = {a.id for a in await store.search(query)}
    assert corpus["title"] in found and corpus["body"] in found
    assert corpus["other"] not in found


@pytest.mark.parametrize(
    "query", ["", "   ", '"', "*", "-", "AND", "the", '""""', "()", ":", "NEAR(", "x:y*"]
)
async def test_empty_or_stop_word_queries_find_nothing_and_do_not_raise(
    store: SqlStore, corpus: dict[str, int], query: str
) -> None:
    assert await store.search(query) == []


async def test_stop_words_are_ignored_alike(store: SqlStore, corpus: dict[str, int]) -> None:
    assert [a.id for a in await store.search("the weather in oslo")] == [corpus["other"]]


async def test_limit(store: SqlStore, corpus: dict[str, int]) -> None:
    assert len(await store.search("sanctions", limit=1)) == 1
