"""Name lookups (canonical, alias, surname, any case), timelines and autocomplete."""

from __future__ import annotations

import pytest

from store import FeedSpec, SqlStore
from summarizer.models import Actor, DateRef, Quote

from .factories import add_all, article, feed, person

G = 5005


@pytest.fixture
async def ids(store: SqlStore) -> dict[str, int]:
    feed_id = await feed(store, "Wire")
    specs = {
        "kremlin": article(
            feed_id,
            "kremlin",
            title="Kremlin statement",
            topics=["russia"],
            actors=[
                person("Vladimir Putin", mentions=5, aliases=["President Putin"]),
                person("Dmitry Peskov", mentions=1),
            ],
            quotes=[
                Quote(speaker="Dmitry Peskov", text="No comment."),
                Quote(speaker="Vladimir Putin", text="We will respond."),
            ],
            dates=[
                DateRef(text="in 2022", value="2022", context="invasion"),
                DateRef(text="on 9 May", value="2024-05-09"),
            ],
        ),
        "ankara": article(
            feed_id,
            "ankara",
            title="Ankara talks",
            topics=["turkey", "diplomacy"],
            actors=[
                person("Recep Tayyip Erdoğan", mentions=2),
                Actor(name="NATO", type="organization", mentions=4),
            ],
            quotes=[Quote(speaker="Recep Tayyip Erdoğan", text="Türkiye is ready.")],
            dates=[DateRef(text="March 2024", value="2024-03")],
        ),
        "summit": article(
            feed_id,
            "summit",
            title="Summit",
            topics=["diplomacy"],
            actors=[person("Vladimir Putin", mentions=1), Actor(name="Putinland", type="country")],
            quotes=[Quote(speaker=None, text="An unnamed official spoke.")],
        ),
    }
    return await add_all(store, specs)


@pytest.mark.parametrize(
    "name", ["Vladimir Putin", "vladimir putin", "PUTIN", "putin", "President Putin", " Putin "]
)
async def test_actor_found_by_name_alias_or_surname(
    store: SqlStore, ids: dict[str, int], name: str
) -> None:
    found = [a.id for a in await store.articles_by_actor(name)]
    assert found == [ids["summit"], ids["kremlin"]]  # newest first


async def test_actor_lookup_ignores_accents_and_needs_a_whole_name(
    store: SqlStore, ids: dict[str, int]
) -> None:
    assert [a.id for a in await store.articles_by_actor("erdogan")] == [ids["ankara"]]
    assert [a.id for a in await store.articles_by_actor("nato")] == [ids["ankara"]]
    assert await store.articles_by_actor("Vladimir") == []  # a first name is not a surname
    assert await store.articles_by_actor("Puti") == []
    assert await store.articles_by_actor("Vladimir Putin", limit=1) != []


async def test_quotes_by_speaker_and_topic(store: SqlStore, ids: dict[str, int]) -> None:
    putin = await store.quotes(speaker="putin")
    assert [(q.article_id, q.speaker, q.text) for q in putin] == [
        (ids["kremlin"], "Vladimir Putin", "We will respond.")
    ]
    assert putin[0].article_title == "Kremlin statement" and putin[0].published is not None
    assert [q.text for q in await store.quotes(speaker="Erdogan")] == ["Türkiye is ready."]
    assert [q.text for q in await store.quotes(topic="Russia")] == [
        "No comment.",
        "We will respond.",
    ]
    assert await store.quotes(speaker="Peskov", topic="diplomacy") == []
    assert len(await store.quotes()) == 4
    assert len(await store.quotes(limit=2)) == 2


async def test_timeline_by_topic_or_actor_oldest_first(
    store: SqlStore, ids: dict[str, int]
) -> None:
    assert [d.value for d in await store.timeline("russia")] == ["2022", "2024-05-09"]
    assert [d.value for d in await store.timeline("Putin")] == ["2022", "2024-05-09"]
    assert [d.value for d in await store.timeline("diplomacy")] == ["2024-03"]
    hit = (await store.timeline("Russia"))[0]
    assert (hit.article_id, hit.article_title, hit.text, hit.context) == (
        ids["kremlin"],
        "Kremlin statement",
        "in 2022",
        "invasion",
    )
    assert await store.timeline("nobody") == []


async def test_autocomplete_prefix_first_then_substring_by_mentions(
    store: SqlStore, ids: dict[str, int]
) -> None:
    assert await store.actor_names("put") == ["Putinland", "Vladimir Putin"]
    assert await store.actor_names("PUTIN") == ["Putinland", "Vladimir Putin"]
    assert (await store.actor_names())[:2] == ["Vladimir Putin", "NATO"]  # 6 and 4 mentions
    assert await store.actor_names("erdog") == ["Recep Tayyip Erdoğan"]
    assert await store.actor_names("%") == [] and await store.actor_names("_") == []
    assert await store.speaker_names("") == [
        "Dmitry Peskov",
        "Recep Tayyip Erdoğan",
        "Vladimir Putin",
    ]
    assert await store.speaker_names("v") == ["Vladimir Putin", "Dmitry Peskov"]
    assert await store.topic_names() == ["diplomacy", "russia", "turkey"]
    assert await store.topic_names("R") == ["russia", "turkey"]
    assert await store.actor_names(limit=1) == ["Vladimir Putin"]


async def test_lookups_respect_guild_scope(store: SqlStore, ids: dict[str, int]) -> None:
    await store.ensure_guild(G)
    assert await store.articles_by_actor("Putin", guild_id=G) == []
    assert await store.quotes(guild_id=G) == []
    assert await store.timeline("russia", guild_id=G) == []
    assert await store.actor_names(guild_id=G) == []
    assert await store.topic_names(guild_id=G) == []

    own = await store.add_feed(FeedSpec(url="https://g.example/rss", name="G feed"), guild_id=G)
    await store.add_article(
        article(own.id, "g1", topics=["arctic"], actors=[person("Jonas Gahr Støre")])
    )
    assert await store.actor_names(guild_id=G) == ["Jonas Gahr Støre"]
    assert await store.topic_names(guild_id=G) == ["arctic"]
    assert [a.dedupe_key for a in await store.articles_by_actor("STØRE", guild_id=G)] == ["g1"]
