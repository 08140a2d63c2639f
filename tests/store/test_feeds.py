"""Feeds: defaults, guild lists, pausing, due feeds and poll state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from store import FeedExists, FeedRecord, FeedSpec, PollOutcome, SqlStore

from .factories import article, feed

A, B = 111_111_111_111_111_111, 222_222_222_222_222_222  # snowflake-sized guild ids
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
DEFAULTS = [
    FeedSpec(url="https://d1.example/rss", name="D1", topics=["ukraine"]),
    FeedSpec(url="https://d2.example/rss", name="D2"),
]


def names(feeds: list[FeedRecord]) -> list[str]:
    return sorted(f.name for f in feeds)


async def test_sync_defaults_adds_updates_and_demotes(store: SqlStore) -> None:
    await store.sync_default_feeds(DEFAULTS)
    feeds = await store.list_feeds()
    assert names(feeds) == ["D1", "D2"] and all(f.is_default for f in feeds)
    assert next(f for f in feeds if f.name == "D1").topics == ["ukraine"]

    await store.sync_default_feeds([FeedSpec(url="https://d1.example/rss", name="D1 renamed")])
    by_url = {f.url: f for f in await store.list_feeds()}
    assert by_url["https://d1.example/rss"].name == "D1 renamed"
    assert by_url["https://d1.example/rss"].is_default
    assert not by_url["https://d2.example/rss"].is_default


async def test_new_guild_follows_defaults_and_removed_default_stays_removed(
    store: SqlStore,
) -> None:
    await store.sync_default_feeds(DEFAULTS)
    await store.ensure_guild(A)
    assert names(await store.list_feeds(A)) == ["D1", "D2"]

    assert await store.remove_feed("D1", guild_id=A)
    await store.ensure_guild(A)  # a restart sees the guild again
    await store.sync_default_feeds(DEFAULTS)  # and re-reads the config
    assert names(await store.list_feeds(A)) == ["D2"]
    assert names(await store.list_feeds()) == ["D1", "D2"]  # only the guild dropped it

    # A default added to the config later reaches existing guilds.
    await store.sync_default_feeds([*DEFAULTS, FeedSpec(url="https://d3.example/rss", name="D3")])
    assert names(await store.list_feeds(A)) == ["D2", "D3"]


async def test_guild_feeds_are_isolated(store: SqlStore) -> None:
    await store.sync_default_feeds(DEFAULTS)
    for g in (A, B):
        await store.ensure_guild(g)
    await store.add_feed(FeedSpec(url="https://a-only.example/rss", name="A only"), guild_id=A)
    await store.add_feed(FeedSpec(url="https://b-only.example/rss", name="B only"), guild_id=B)
    assert names(await store.list_feeds(A)) == ["A only", "D1", "D2"]
    assert names(await store.list_feeds(B)) == ["B only", "D1", "D2"]
    assert not await store.remove_feed("B only", guild_id=A)  # not in A's view
    assert not await store.set_feed_paused("B only", True, guild_id=A)
    assert names(await store.list_feeds()) == ["A only", "B only", "D1", "D2"]


async def test_add_feed_twice_raises_and_guild_can_add_a_known_feed(store: SqlStore) -> None:
    spec = FeedSpec(url="https://x.example/rss", name="X", topics=["iran"])
    added = await store.add_feed(spec)
    assert added.name == "X" and added.topics == ["iran"] and not added.is_default
    with pytest.raises(FeedExists):
        await store.add_feed(spec)

    # Another guild adds the same URL under its own name: one feed, two views.
    mine = await store.add_feed(FeedSpec(url=spec.url, name="My X"), guild_id=A)
    assert mine.id == added.id and mine.name == "My X"
    assert (await store.get_feed(added.id)).name == "X"  # type: ignore[union-attr]
    with pytest.raises(FeedExists):
        await store.add_feed(spec, guild_id=A)
    assert len(await store.list_feeds()) == 1


async def test_remove_by_id_url_or_name(store: SqlStore) -> None:
    ids = [await feed(store, n) for n in ("One", "Two", "Three")]
    assert await store.remove_feed(str(ids[0]))
    assert await store.remove_feed("https://Two.example/rss")
    assert await store.remove_feed("tHREE")
    assert not await store.remove_feed("Three")
    assert await store.list_feeds() == []


@pytest.mark.parametrize(
    ("ref", "found"),
    [
        ("{id}", "Moved"),
        ("https://moved.example/new", "Moved"),  # where it lives now
        ("https://Moved.example/rss", "Moved"),  # the URL it was added with
        ("  mOVED ", "Moved"),  # names in any case, spaces trimmed
        ("https://nowhere.example/rss", None),
        ("Other", None),  # followed by guild B only: not in guild A's view
    ],
)
async def test_find_feed_matches_like_remove(store: SqlStore, ref: str, found: str | None) -> None:
    feed_id = await feed(store, "Moved")
    await store.record_poll(
        feed_id, PollOutcome(polled_at=NOW, next_poll_at=NOW, url="https://moved.example/new")
    )
    await store.add_feed(FeedSpec(url="https://Moved.example/rss", name="Moved"), guild_id=A)
    await store.add_feed(FeedSpec(url="https://other.example/rss", name="Other"), guild_id=B)
    match = await store.find_feed(ref.format(id=feed_id), guild_id=A)
    assert (match and match.name) == found


async def test_global_remove_keeps_articles(store: SqlStore) -> None:
    feed_id = await feed(store, "Gone")
    article_id = await store.add_article(article(feed_id, "k1"))
    assert article_id is not None
    assert await store.remove_feed("Gone")
    kept = await store.get_article(article_id)
    assert kept is not None and kept.source == "Gone"


async def test_due_feeds_follow_schedule_and_pauses(store: SqlStore) -> None:
    await store.sync_default_feeds([DEFAULTS[0]])
    await store.ensure_guild(A)
    await store.ensure_guild(B)
    shared = await store.add_feed(FeedSpec(url="https://s.example/rss", name="S"), guild_id=A)
    await store.add_feed(FeedSpec(url="https://s.example/rss", name="S"), guild_id=B)
    assert names(await store.due_feeds(NOW)) == ["D1", "S"]  # never polled: due

    later = PollOutcome(polled_at=NOW, next_poll_at=NOW + timedelta(minutes=15))
    await store.record_poll(shared.id, later)
    assert names(await store.due_feeds(NOW)) == ["D1"]
    assert names(await store.due_feeds(NOW + timedelta(minutes=15))) == ["D1", "S"]

    await store.set_feed_paused("S", True, guild_id=A)
    assert "S" in names(await store.due_feeds(NOW + timedelta(hours=1)))  # B still wants it
    await store.set_feed_paused("S", True, guild_id=B)
    assert "S" not in names(await store.due_feeds(NOW + timedelta(hours=1)))
    assert [f.paused for f in await store.list_feeds(B) if f.name == "S"] == [True]

    await store.set_feed_paused("S", False, guild_id=B)
    await store.set_feed_paused("D1", True)  # the operator's global pause wins
    assert names(await store.due_feeds(NOW + timedelta(hours=1))) == ["S"]


async def test_feed_nobody_follows_is_not_due(store: SqlStore) -> None:
    await store.add_feed(FeedSpec(url="https://o.example/rss", name="O"), guild_id=A)
    assert names(await store.due_feeds(NOW)) == ["O"]
    await store.remove_feed("O", guild_id=A)
    assert await store.due_feeds(NOW) == []


async def test_record_poll_tracks_errors_success_and_redirects(store: SqlStore) -> None:
    feed_id = await feed(store, "P")
    fail = PollOutcome(polled_at=NOW, next_poll_at=NOW + timedelta(minutes=5), error="timeout")
    await store.record_poll(feed_id, fail)
    await store.record_poll(feed_id, fail)
    state = await store.get_feed(feed_id)
    assert state is not None
    assert (state.error_count, state.last_error, state.initialized) == (2, "timeout", False)
    assert state.last_polled_at == NOW and state.last_success_at is None

    ok_at = NOW + timedelta(minutes=10)
    await store.record_poll(
        feed_id,
        PollOutcome(
            polled_at=ok_at,
            next_poll_at=ok_at + timedelta(minutes=15),
            etag='W/"abc"',
            last_modified="Wed, 01 May 2024 12:10:00 GMT",
            new_articles=3,
            url="https://moved.example/rss",
        ),
    )
    state = await store.get_feed(feed_id)
    assert state is not None
    assert (state.error_count, state.last_error, state.initialized) == (0, None, True)
    assert state.last_success_at == ok_at and state.next_poll_at == ok_at + timedelta(minutes=15)
    assert (state.etag, state.last_modified) == ('W/"abc"', "Wed, 01 May 2024 12:10:00 GMT")
    assert state.url == "https://moved.example/rss"
    # The old address still names this feed: re-adding it is not a second feed.
    with pytest.raises(FeedExists):
        await store.add_feed(FeedSpec(url="https://P.example/rss", name="P again"))


async def test_redirect_onto_a_known_url_keeps_both_feeds_intact(store: SqlStore) -> None:
    first, second = await feed(store, "First"), await feed(store, "Second")
    await store.record_poll(
        first, PollOutcome(polled_at=NOW, next_poll_at=NOW, url="https://Second.example/rss")
    )
    state = await store.get_feed(first)
    assert state is not None and state.url == "https://First.example/rss" and state.initialized
    assert (await store.get_feed(second)) is not None


async def test_article_count_per_feed(store: SqlStore) -> None:
    feed_id = await feed(store, "Counted")
    for key in ("a", "b"):
        await store.add_article(article(feed_id, key))
    assert [f.article_count for f in await store.list_feeds()] == [2]


async def test_record_polls_applies_each_outcome_as_record_poll_would(store: SqlStore) -> None:
    specs = [FeedSpec(url=f"https://f{i}.example/rss", name=f"F{i}") for i in range(4)]
    await store.sync_default_feeds(specs)
    ids = [f.id for f in sorted(await store.list_feeds(), key=lambda f: f.name)]
    later = NOW + timedelta(minutes=15)
    await store.record_poll(ids[1], PollOutcome(NOW, later, error="HTTP 500"))
    await store.record_polls(
        [
            (ids[0], PollOutcome(NOW, later, etag='"a"', last_modified="Mon")),  # a 304
            (ids[1], PollOutcome(NOW, later, etag='"b"')),  # recovers
            (ids[2], PollOutcome(NOW, later, complete=False)),  # cut short: not initialized
            (ids[3], PollOutcome(NOW, later, error="HTTP 404", disable="HTTP 404 Not Found")),
        ]
    )
    got = {f.id: f for f in await store.list_feeds()}
    assert (got[ids[0]].etag, got[ids[0]].last_modified, got[ids[0]].initialized) == (
        '"a"',
        "Mon",
        True,
    )
    assert got[ids[0]].last_success_at == NOW and got[ids[0]].next_poll_at == later
    assert (got[ids[1]].error_count, got[ids[1]].last_error, got[ids[1]].failing_since) == (
        0,
        None,
        None,
    )
    assert not got[ids[2]].initialized and got[ids[2]].last_success_at == NOW
    assert got[ids[3]].error_count == 1 and got[ids[3]].disabled_reason == "HTTP 404 Not Found"


async def test_sync_of_many_defaults_keeps_ids_and_finds_moved_feeds(store: SqlStore) -> None:
    specs = [FeedSpec(url=f"https://f{i}.example/rss", name=f"F{i}") for i in range(1200)]
    await store.sync_default_feeds(specs)
    before = {f.url: f.id for f in await store.list_feeds()}
    moved = before["https://f7.example/rss"]
    await store.record_poll(
        moved, PollOutcome(NOW, NOW, url="https://new.example/rss")
    )  # a permanent redirect
    renamed = [FeedSpec(url=s.url, name=s.name + "!") for s in specs[:1100]]
    await store.sync_default_feeds(renamed)
    after = {f.url: f for f in await store.list_feeds()}
    assert len(after) == 1200  # nothing inserted twice, the moved feed found by added_url
    assert (
        after["https://new.example/rss"].id == moved
        and after["https://new.example/rss"].name == "F7!"
    )
    assert all(
        after[s.url].is_default and after[s.url].name == s.name for s in renamed if s.url in after
    )
    assert not any(after[s.url].is_default for s in specs[1100:])  # dropped from the config
