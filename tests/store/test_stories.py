"""Stories in the store (SQLite and PostgreSQL): clustering as articles are stored, merges,
listing by importance, pruning and re-summarizing, and the instant-post links."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from store import NewArticle, SqlStore
from store.base import StoryPost
from store.schema import articles, stories, story_terms

from .factories import add_all, article, feed, summary

T0 = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)

# Invented events: rare made-up names make the vectors predictable.
QUARRY = "Varnholt quarry collapse traps miners near Oskelby; rescuers from Drevany dig on."
ELECTION = "Tamsberg election: the Lurova coalition wins Pellmark districts after a recount."
HARBOR = "Zorblat harbor strike: Quintrex dockworkers walk out over Kelvane wage talks."
FERRY = "Vanmoor ferry Brisalt sinks off Ortelund; Hallvik coastguard searches overnight."


def story_article(feed_id: int, key: str, text: str, hours: float = 0) -> NewArticle:
    base = article(feed_id, key, title=text.split(":")[0])
    return replace(base, text=text, published=T0 + timedelta(hours=hours))


async def test_one_event_from_three_outlets_is_one_story(store: SqlStore) -> None:
    feeds = [await feed(store, name) for name in ("alpha", "beta", "gamma")]
    ids = await add_all(
        store,
        {
            "a": story_article(feeds[0], "a", QUARRY),
            "b": story_article(feeds[1], "b", QUARRY + " Officials in Oskelby spoke.", 2),
            "c": story_article(feeds[2], "c", "Oskelby: " + QUARRY, 5),
            "other": story_article(feeds[0], "other", ELECTION, 1),
        },
    )
    quarry = await store.stories_of([ids["a"]])
    assert len(quarry) == 1
    assert {a.id for a in quarry[0].articles} == {ids["a"], ids["b"], ids["c"]}
    assert quarry[0].outlets == ["alpha", "beta", "gamma"]
    election = await store.stories_of([ids["other"]])
    assert election[0].id != quarry[0].id
    # Most outlets first, however recent the other story is.
    listed = await store.list_stories()
    assert [s.id for s in listed] == [quarry[0].id, election[0].id]
    stored = await store.get_article(ids["b"])
    assert stored is not None and stored.story_id == quarry[0].id


async def test_an_article_outside_the_window_opens_a_new_story(store: SqlStore) -> None:
    f = await feed(store, "alpha")
    ids = await add_all(
        store,
        {
            "early": story_article(f, "early", QUARRY),
            "late": story_article(f, "late", QUARRY, hours=24 * 5),
        },
    )
    (first,) = await store.stories_of([ids["early"]])
    (second,) = await store.stories_of([ids["late"]])
    assert first.id != second.id


async def test_a_bridging_article_merges_stories_and_the_posted_one_keeps_its_id(
    store: SqlStore,
) -> None:
    f = await feed(store, "alpha")
    ids = await add_all(
        store,
        {"harbor": story_article(f, "harbor", HARBOR), "ferry": story_article(f, "ferry", FERRY)},
    )
    (harbor,) = await store.stories_of([ids["harbor"]])
    (ferry,) = await store.stories_of([ids["ferry"]])
    assert harbor.id != ferry.id
    await store.mark_stories_posted([ferry.id])  # the newer one was announced
    bridge = await store.add_article(story_article(f, "bridge", HARBOR + " " + FERRY, 1))
    assert bridge is not None
    (merged,) = await store.stories_of([ids["harbor"]])
    assert merged.id == ferry.id
    assert {a.id for a in merged.articles} == {ids["harbor"], ids["ferry"], bridge}
    # The absorbed story's id still answers, with the survivor.
    again = await store.get_story(harbor.id)
    assert again is not None and again.id == ferry.id
    async with store.engine.connect() as conn:
        terms = await conn.execute(
            sa.select(sa.func.count()).where(story_terms.c.story_id == harbor.id)
        )
        assert terms.scalar_one() == 0


async def test_pruning_takes_articles_out_of_their_story(store: SqlStore) -> None:
    f = await feed(store, "alpha")
    ids = await add_all(
        store,
        {"a": story_article(f, "a", QUARRY), "b": story_article(f, "b", QUARRY, hours=1)},
    )
    (story,) = await store.stories_of([ids["a"]])
    async with store.engine.begin() as conn:  # make "a" old enough to prune
        await conn.execute(
            articles.update()
            .where(articles.c.id == ids["a"])
            .values(stored_at=T0 - timedelta(days=400))
        )
    assert await store.prune_articles(datetime.now(UTC) - timedelta(days=300)) == 1
    left = await store.get_story(story.id)
    assert left is not None
    assert [a.id for a in left.articles] == [ids["b"]]
    assert left.version == story.version  # an old article leaving is no news to edit in
    assert left.first_published == T0 + timedelta(hours=1)
    # The last article gone, the story goes too.
    assert await store.prune_articles(datetime.now(UTC) + timedelta(days=1)) == 1
    assert await store.get_story(story.id) is None
    async with store.engine.connect() as conn:
        assert (await conn.execute(sa.select(sa.func.count()).select_from(stories))).scalar() == 0


async def test_unknown_story_and_guild_scope(store: SqlStore) -> None:
    mine = await feed(store, "mine", guild_id=1)
    theirs = await feed(store, "theirs", guild_id=2)
    ids = await add_all(
        store,
        {"a": story_article(mine, "a", QUARRY), "b": story_article(theirs, "b", QUARRY, 1)},
    )
    assert await store.get_story(999_999) is None
    (story,) = await store.stories_of([ids["a"]])
    seen = await store.get_story(story.id, guild_id=1)
    assert seen is not None and [a.id for a in seen.articles] == [ids["a"]]
    assert await store.get_story(story.id, guild_id=3) is None
    assert [s.id for s in await store.list_stories(guild_id=2)] == [story.id]


async def test_resummarize_keeps_the_story_and_marks_it_changed(store: SqlStore) -> None:
    f = await feed(store, "alpha")
    ids = await add_all(store, {"a": story_article(f, "a", QUARRY)})
    (before,) = await store.stories_of([ids["a"]])
    await store.replace_summary(ids["a"], summary("a", title="Quarry", text="Rescue goes on."))
    (after,) = await store.stories_of([ids["a"]])
    assert after.id == before.id and after.version > before.version


async def test_story_posts_go_stale_when_the_story_grows(store: SqlStore) -> None:
    f = await feed(store, "alpha")
    g = await feed(store, "beta")
    sub = await store.add_subscription(1, 10, None, "instant")
    ids = await add_all(store, {"a": story_article(f, "a", QUARRY)})
    (story,) = await store.stories_of([ids["a"]])
    since = datetime.now(UTC) - timedelta(minutes=1)
    await store.record_story_post(StoryPost(sub.id, story.id, 10, 555, story.version))
    assert (await store.get_story(story.id)).posted  # type: ignore[union-attr]
    assert await store.stale_story_posts(since) == []
    await store.add_article(story_article(g, "b", QUARRY, hours=1))
    (stale,) = await store.stale_story_posts(since)
    assert (stale.story_id, stale.message_id) == (story.id, 555)
    posts = await store.story_posts(sub.id)
    assert posts[story.id].version == story.version
    await store.forget_story_post(sub.id, story.id)
    assert await store.story_posts(sub.id) == {}


async def test_articles_without_a_story_are_clustered_on_open(store: SqlStore) -> None:
    f = await feed(store, "alpha")
    ids = await add_all(
        store, {"a": story_article(f, "a", QUARRY), "b": story_article(f, "b", QUARRY, 1)}
    )
    async with store.engine.begin() as conn:  # as a database from before migration 0006
        await conn.execute(articles.update().values(story_id=None, story_vector=None))
        await conn.execute(story_terms.delete())
        await conn.execute(stories.delete())
    assert await store.cluster_unassigned() == 2
    (story,) = await store.stories_of([ids["a"], ids["b"]])
    assert {a.id for a in story.articles} == {ids["a"], ids["b"]}


async def test_a_post_recorded_after_its_story_merged_links_the_survivor(
    store: SqlStore,
) -> None:
    f = await feed(store, "alpha")
    sub = await store.add_subscription(1, 10, None, "instant")
    ids = await add_all(
        store,
        {"harbor": story_article(f, "harbor", HARBOR), "ferry": story_article(f, "ferry", FERRY)},
    )
    (harbor,) = await store.stories_of([ids["harbor"]])
    (ferry,) = await store.stories_of([ids["ferry"]])
    since = datetime.now(UTC) - timedelta(minutes=1)
    # The ferry story is being announced while a bridging article merges it into harbor.
    await store.add_article(story_article(f, "bridge", HARBOR + " " + FERRY, 1))
    await store.record_story_post(StoryPost(sub.id, ferry.id, 10, 777, ferry.version))
    posts = await store.story_posts(sub.id)
    assert list(posts) == [harbor.id] and posts[harbor.id].message_id == 777
    (stale,) = await store.stale_story_posts(since)  # version 0: the next run edits it
    assert stale.story_id == harbor.id
    # A message recorded for the absorbed id when the survivor has its own keeps the latter.
    await store.record_story_post(StoryPost(sub.id, ferry.id, 10, 888, 1))
    assert (await store.story_posts(sub.id))[harbor.id].message_id == 777
