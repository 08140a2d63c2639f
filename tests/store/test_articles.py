"""Articles: atomic insert, dedupe across feeds, listing, guild scoping, re-summarization."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from store import FeedSpec, NewArticle, NotFound, SqlStore, StoredArticle
from store.schema import actors, article_feeds, articles, dates, name_terms, quotes
from summarizer.models import Actor, DateRef, Grounding, Quote

from .factories import article, feed, person, summary

A, B = 1001, 1002


async def _count(store: SqlStore, table: sa.Table) -> int:
    async with store.engine.connect() as conn:
        return int((await conn.execute(sa.select(sa.func.count()).select_from(table))).scalar_one())


def rich_article(feed_id: int, key: str = "rich") -> NewArticle:
    return article(
        feed_id,
        key,
        title="Ceasefire talks in Geneva",
        text="Negotiators met in Geneva.",
        topics=["Ukraine", "diplomacy", "ukraine"],
        actors=[
            person("Vladimir Putin", mentions=3, aliases=["Putin"]),
            Actor(name="United Nations", type="organization", aliases=["UN"], key=True),
            Actor(name="Türkiye", type="country", role="mediator"),
        ],
        quotes=[Quote(speaker="Vladimir Putin", text="We are ready to talk.")],
        dates=[DateRef(text="next March", value="2025-03", context="summit")],
    )


async def test_summary_round_trips_exactly(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    new = rich_article(feed_id)
    new = type(new)(
        **{
            **new.__dict__,
            "summary": new.summary.model_copy(
                update={"grounding": Grounding(dropped_quotes=2), "backend": "openai"}
            ),
        }
    )
    article_id = await store.add_article(new)
    assert article_id is not None
    stored = await store.get_article(article_id)
    assert stored is not None
    assert stored.summary == new.summary
    assert stored.topics == ["ukraine", "diplomacy"]  # lower case, duplicates dropped, in order
    assert (stored.title, stored.url, stored.author, stored.text) == (
        new.title,
        new.url,
        new.author,
        new.text,
    )
    assert stored.published == new.published and stored.source == "Wire" and stored.announce
    assert stored.stored_at.tzinfo is not None


async def test_duplicate_key_links_the_second_feed_without_duplicating(store: SqlStore) -> None:
    first, second = await feed(store, "First"), await feed(store, "Second")
    article_id = await store.add_article(rich_article(first))
    assert article_id is not None
    assert await store.add_article(rich_article(second)) is None
    assert await store.add_article(rich_article(second)) is None  # idempotent
    assert await _count(store, articles) == 1
    assert await _count(store, actors) == 3 and await _count(store, quotes) == 1
    assert await _count(store, article_feeds) == 2
    stored = await store.get_article(article_id)
    assert stored is not None and stored.source == "First"
    assert await store.known_keys(["rich", "other", "rich"]) == {"rich"}


async def test_concurrent_adds_of_one_key_store_it_once(store: SqlStore) -> None:
    feeds = [await feed(store, f"F{i}") for i in range(4)]
    results = await asyncio.gather(*(store.add_article(rich_article(f)) for f in feeds))
    assert sum(r is not None for r in results) == 1
    assert await _count(store, articles) == 1
    assert await _count(store, article_feeds) == 4


async def test_a_failing_row_leaves_nothing_written(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    bad_actor = Actor.model_construct(
        name="Nobody", type="person", aliases=[], role=None, mentions=0, key=False
    )  # mentions must be >= 1: the CHECK constraint fails after the article row went in
    bad = article(feed_id, "bad", actors=[bad_actor], quotes=[Quote(speaker=None, text="x")])
    with pytest.raises(IntegrityError):
        await store.add_article(bad)
    for table in (articles, actors, quotes, article_feeds, name_terms):
        assert await _count(store, table) == 0
    assert await store.known_keys(["bad"]) == set()
    assert await store.search("Talks") == []  # no orphaned search entry either


async def test_an_exception_mid_insert_rolls_back(
    store: SqlStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    feed_id = await feed(store, "Wire")

    async def explode(*_: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_link_feeds", explode)  # a late step of add_article
    with pytest.raises(RuntimeError):
        await store.add_article(rich_article(feed_id))
    monkeypatch.undo()
    assert await _count(store, articles) == 0 and await _count(store, dates) == 0
    assert await store.add_article(rich_article(feed_id)) is not None  # the key is still free


async def test_unknown_feed_is_rejected_atomically(store: SqlStore) -> None:
    with pytest.raises(IntegrityError):
        await store.add_article(rich_article(9999))
    assert await _count(store, articles) == 0


async def test_recent_articles_filters_and_orders(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    await store.add_article(article(feed_id, "old", topics=["iran"], announce=False))
    middle = datetime.now(UTC)
    await store.add_article(article(feed_id, "new", topics=["Iran", "oil"]))
    await store.add_article(article(feed_id, "newest", topics=["oil"]))

    assert [a.dedupe_key for a in await store.recent_articles()] == ["newest", "new", "old"]
    assert [a.dedupe_key for a in await store.recent_articles(since=middle)] == ["newest", "new"]
    assert [a.dedupe_key for a in await store.recent_articles(until=middle)] == ["old"]
    assert [a.dedupe_key for a in await store.recent_articles(topic="IRAN")] == ["new", "old"]
    assert [a.dedupe_key for a in await store.recent_articles(announced_only=True, limit=5)] == [
        "newest",
        "new",
    ]
    assert len(await store.recent_articles(limit=1)) == 1
    assert await store.recent_articles(since=datetime.now(UTC) + timedelta(seconds=1)) == []


async def test_guilds_see_only_articles_of_feeds_they_follow(store: SqlStore) -> None:
    await store.sync_default_feeds([FeedSpec(url="https://d.example/rss", name="D")])
    for g in (A, B):
        await store.ensure_guild(g)
    default_id = (await store.list_feeds())[0].id
    a_only = await feed(store, "A only", guild_id=A)
    b_only = await feed(store, "B only", guild_id=B)
    shared = await store.add_article(article(default_id, "shared", title="Shared"))
    a_art = await store.add_article(article(a_only, "a", title="Alpha news"))
    b_art = await store.add_article(article(b_only, "b", title="Beta news"))
    assert shared is not None and a_art is not None and b_art is not None

    def keys(found: list[StoredArticle]) -> set[str]:
        return {x.dedupe_key for x in found}

    assert keys(await store.recent_articles(guild_id=A)) == {"shared", "a"}
    assert keys(await store.recent_articles(guild_id=B)) == {"shared", "b"}
    assert keys(await store.recent_articles()) == {"shared", "a", "b"}
    assert await store.get_article(b_art, guild_id=A) is None
    assert await store.get_article(b_art, guild_id=B) is not None
    assert keys(await store.search("news", guild_id=A)) == {"a"}
    assert await store.recent_articles(guild_id=424242) == []  # a guild never seen

    # An article B's feed also carries becomes visible to B, once, with no duplicate.
    assert await store.add_article(article(b_only, "a", title="Alpha news")) is None
    assert keys(await store.recent_articles(guild_id=B)) == {"shared", "a", "b"}

    # Dropping the default hides its articles from that guild only.
    await store.remove_feed("D", guild_id=A)
    assert keys(await store.recent_articles(guild_id=A)) == {"a"}
    assert "shared" in keys(await store.recent_articles(guild_id=B))


async def test_replace_summary_swaps_every_part(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    article_id = await store.add_article(rich_article(feed_id))
    assert article_id is not None
    fresh = summary(
        "rich",
        title="Ceasefire talks in Geneva",
        text="Zelensky answered.",
        actors=[person("Volodymyr Zelensky")],
        quotes=[Quote(speaker="Volodymyr Zelensky", text="Not one step back.")],
        dates=[],
    )
    await store.replace_summary(article_id, fresh)
    stored = await store.get_article(article_id)
    assert stored is not None and stored.summary == fresh
    assert await store.articles_by_actor("Putin") == []
    assert [a.id for a in await store.articles_by_actor("Zelensky")] == [article_id]
    assert [q.text for q in await store.quotes()] == ["Not one step back."]
    assert await store.timeline("ukraine") == []
    assert [a.id for a in await store.search("Zelensky")] == [article_id]
    assert await store.search("mediator Türkiye") == []
    with pytest.raises(NotFound):
        await store.replace_summary(article_id + 100, fresh)


async def test_fallback_articles(store: SqlStore) -> None:
    feed_id = await feed(store, "Wire")
    await store.add_article(article(feed_id, "good"))
    fell_back = await store.add_article(article(feed_id, "fb", fallback_reason="timeout"))
    assert [a.id for a in await store.fallback_articles()] == [fell_back]
    assert await store.count_fallback_articles(limit=1000) == 1
    assert await store.count_fallback_articles(limit=0) == 0
    assert fell_back is not None
    await store.replace_summary(fell_back, summary("fb"))  # re-summarized by the model
    assert await store.fallback_articles() == []


async def test_same_url_under_another_key_is_the_same_article(store: SqlStore) -> None:
    first, second = await feed(store, "First"), await feed(store, "Second")
    original = article(first, "guid:first-feed-0001")
    assert await store.add_article(original) is not None
    # The second feed carries the story under its own guid but the same canonical URL.
    again = article(second, "url:other-key")
    again = NewArticle(**{**again.__dict__, "url": original.url})
    assert await store.add_article(again) is None
    assert await _count(store, articles) == 1
    assert await _count(store, article_feeds) == 2


async def test_link_known_matches_by_key_or_url_and_links_the_feed(store: SqlStore) -> None:
    await store.sync_default_feeds([])
    first = await feed(store, "First")
    only_b = await feed(store, "B only", guild_id=B)
    stored = article(first, "guid:a1")
    await store.add_article(stored)
    assert await store.recent_articles(guild_id=B) == []

    found = await store.link_known(
        only_b,
        [
            ("guid:a1", None),
            ("guid:b-own-guid", stored.url),
            ("guid:new", "https://example.org/new"),
        ],
    )
    assert found == {"guid:a1", "guid:b-own-guid"}
    assert [a.dedupe_key for a in await store.recent_articles(guild_id=B)] == ["guid:a1"]
    assert await _count(store, article_feeds) == 2
    # Idempotent: linking again adds nothing.
    assert await store.link_known(only_b, [("guid:a1", stored.url)]) == {"guid:a1"}
    assert await _count(store, article_feeds) == 2
