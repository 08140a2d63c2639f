"""Readers see stories, not articles: digests, instant posts (edited as a story grows), /story
and the search-like commands, through the real client against the fake Discord."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.discord.client import WirewatchBot
from bot.settings import Settings
from store.base import FeedSpec, Store
from tests.discord.conftest import GUILD_A, GUILD_B, StartBot, stop_bot
from tests.discord.fake_discord import FakeDiscord
from tests.discord.seed import Seeded, _article, _summary, set_stored_at
from tests.discord.test_digests import _schedule_just_passed, _story_titles, _subscribe

CHANNEL_A = GUILD_A + 1

# An invented event, told by two outlets in their own words: rare names make it one story.
QUARRY = "Varnholt quarry collapse traps miners near Oskelby; rescuers from Drevany dig on."
QUARRY_TITLE = "Varnholt quarry collapse traps miners near Oskelby"
SECOND_TITLE = "Oskelby miners trapped as Varnholt quarry caves in"


@dataclass
class Quarry:
    first: int  # Wire One's article (every guild follows Wire One)
    second: int | None  # Second Post's (only guild A follows it); None until added
    second_feed: int


async def _second_feed(store: Store) -> int:
    feed = await store.add_feed(
        FeedSpec("https://second.example/rss", "Second Post", ["world"]), guild_id=GUILD_A
    )
    return feed.id


async def _first_quarry(store: Store, topic: str = "disasters") -> int:
    wire = next(f.id for f in await store.list_feeds() if f.is_default)
    return await _article(
        store,
        wire,
        "quarry-wire",
        QUARRY_TITLE,
        [topic],
        _summary(
            QUARRY_TITLE,
            QUARRY + " Mayor Ilse Brandvik said rescuers hear knocking.",
            [("Ilse Brandvik", "person"), ("Varnholt Mining", "organization")],
            [("Ilse Brandvik", "We can hear them knocking beneath the rubble")],
            [("Thursday", "2024-03-07", "the collapse")],
        ),
    )


async def _second_quarry(store: Store, feed_id: int) -> int:
    return await _article(
        store,
        feed_id,
        "quarry-second",
        SECOND_TITLE,
        ["disasters"],
        _summary(
            SECOND_TITLE,
            "Oskelby: " + QUARRY + " Drevany rescue chief Tomas Kell spoke of a long night.",
            [("Tomas Kell", "person"), ("Varnholt Mining", "organization")],
            [("Tomas Kell", "Every hour counts for the men down there")],
            [("Friday", "2024-03-08", "drilling began")],
        ),
    )


async def _quarry(store: Store) -> Quarry:
    feed = await _second_feed(store)
    first = await _first_quarry(store)
    second = await _second_quarry(store, feed)
    return Quarry(first, second, feed)


async def _story_id(store: Store, article_id: int) -> int:
    (record,) = await store.stories_of([article_id])
    return record.id


def _story_embeds(messages: list[dict[str, Any]], title: str) -> list[dict[str, Any]]:
    return [e for m in messages for e in m.get("embeds", []) if e.get("title") == title]


def _field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed.get("fields", []) if f["name"] == name)


async def test_digest_shows_one_entry_per_story_with_its_outlets_and_who_said_what(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    quarry = await _quarry(store)
    story = await _story_id(store, quarry.first)
    assert await _story_id(store, quarry.second or 0) == story  # the two articles: one story
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    assert await bot.digests.run_due(now) == 1

    posted = fake.posted(CHANNEL_A)
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles)) == 4  # the quarry once, and the three seeded stories
    assert SECOND_TITLE not in titles  # the story's other article is no entry of its own
    (embed,) = _story_embeds(posted, QUARRY_TITLE)
    outlets = _field(embed, "2 outlets")
    assert outlets == (
        "[Wire One](https://news.example/quarry-wire), "
        "[Second Post](https://news.example/quarry-second)"
    )
    said = _field(embed, "Who said what")
    assert "“We can hear them knocking beneath the rubble” — **Ilse Brandvik** (Wire One)" in said
    assert "“Every hour counts for the men down there” — **Tomas Kell** (Second Post)" in said
    assert "Varnholt Mining" in _field(embed, "Key actors")
    dates = _field(embed, "Dates")
    assert dates.index("2024-03-07") < dates.index("2024-03-08")
    assert embed["footer"]["text"].startswith(f"story {story} · #{quarry.first} · ")
    # Announced: the story keeps its id should it merge with another later.
    (record,) = await store.stories_of([quarry.first])
    assert record.posted


async def test_story_command_shows_every_outlet_quote_and_date(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    quarry = await _quarry(store)
    story = await _story_id(store, quarry.first)
    reply = await fake.command("story", {"id": story}, guild_id=GUILD_A)
    assert reply.type == 4 and not reply.ephemeral
    # Pages: overview, coverage, quotes grouped by speaker, dates in order.
    pages = await _all_pages(fake, reply)
    text = str(pages)
    for part in (
        f"[{QUARRY_TITLE}](https://news.example/quarry-wire)",
        f"[{SECOND_TITLE}](https://news.example/quarry-second)",
        "**Wire One**",
        "**Second Post**",
        "2024-03-01 12:00 UTC",
        f"#{quarry.first}",
        f"#{quarry.second}",
        "Ilse Brandvik",
        "Varnholt Mining",
    ):
        assert part in text, part
    assert f"story {story} · page 1/4" in reply.text() and "2 outlets, 2 articles" in reply.text()
    quotes = next(p for p in pages if p["title"].endswith("who said what"))["description"]
    assert (
        quotes.index("**Ilse Brandvik**")
        < quotes.index("knocking beneath")
        < quotes.index("**Tomas Kell**")
    )
    assert "(Second Post)" in quotes
    dates = next(p for p in pages if p["title"].endswith("dates"))["description"]
    assert dates.index("2024-03-07") < dates.index("2024-03-08")

    # Guild B does not follow Second Post: the same story shows only what it can see.
    in_b = str(
        await _all_pages(
            fake, await fake.command("story", {"id": story}, guild_id=GUILD_B), GUILD_B
        )
    )
    assert "Wire One" in in_b and "Second Post" not in in_b and SECOND_TITLE not in in_b


async def _all_pages(
    fake: FakeDiscord, reply: Any, guild_id: int = GUILD_A
) -> list[dict[str, Any]]:
    """The embeds of every page, clicking Next through the paginator."""
    pages = list(reply.final["embeds"])
    if not reply.final.get("components"):
        return pages
    message = fake.callback_message(reply)
    buttons = {b["label"]: b for b in reply.final["components"][0]["components"]}
    while not buttons["Next ▶"]["disabled"]:
        page = await fake.click(message, buttons["Next ▶"]["custom_id"], guild_id=guild_id)
        pages += page.final["embeds"]
        buttons = {b["label"]: b for b in page.final["components"][0]["components"]}
    return pages


async def test_story_command_unknown_or_pruned_or_wrong_id_errors(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    for bad in (99999, 0):
        missing = await fake.command("story", {"id": bad}, guild_id=GUILD_A)
        assert missing.ephemeral and f"No story {bad}" in missing.text()
    # A hand-made request may send anything (Discord's client checks the type).
    wrong = await fake.command("story", {"id": "abc"}, guild_id=GUILD_A)
    assert wrong.ephemeral and "No story `abc`" in wrong.text()
    # Every article of a story pruned: the story is gone too.
    story = await _story_id(store, seeded.taiwan)
    old = datetime.now(UTC) - timedelta(days=60)
    await set_stored_at(store, seeded.taiwan, old)
    assert await store.prune_articles(old + timedelta(seconds=1)) == 1
    pruned = await fake.command("story", {"id": story}, guild_id=GUILD_A)
    assert pruned.ephemeral and f"No story {story}" in pruned.text()
    # A story only another guild's feed carries is unknown here.
    zeppelin = await _story_id(store, seeded.zeppelin)
    hidden = await fake.command("story", {"id": zeppelin}, guild_id=GUILD_A)
    assert hidden.ephemeral and "zeppelin" not in hidden.text().lower()


async def test_instant_story_posted_once_then_edited_as_a_second_outlet_reports_it(
    fake: FakeDiscord,
    settings: Settings,
    start_bot: StartBot,
    store: Any,
    seeded: Seeded,
    bot: WirewatchBot,
) -> None:
    feed = await _second_feed(store)
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    first = await _first_quarry(store)
    story = await _story_id(store, first)
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 1
    (message,) = fake.posted(CHANNEL_A)
    (embed,) = message["embeds"]
    assert embed["title"] == QUARRY_TITLE and _field(embed, "1 outlet").startswith("[Wire One]")
    assert fake.edits == []
    sub = (await store.list_subscriptions(GUILD_A))[0]
    (link,) = (await store.story_posts(sub.id)).values()
    assert (link.story_id, link.message_id) == (story, int(message["id"]))

    # The bot restarts; then a second outlet's article of the same story arrives.
    await stop_bot(bot)
    restarted = await start_bot(store, settings)
    later = now + timedelta(minutes=1)
    second = await _second_quarry(store, feed)
    await set_stored_at(store, second, later - timedelta(seconds=30))  # in the next window
    assert await _story_id(store, second) == story
    assert await restarted.digests.run_due(later) == 0  # nothing posted anew...

    (edit,) = fake.edited(CHANNEL_A)  # ...the announcement is edited instead
    assert edit.message_id == int(message["id"])
    assert edit.json["allowed_mentions"] == {"parse": []}
    (after,) = fake.posted(CHANNEL_A)
    (embed,) = after["embeds"]
    assert embed["title"] == QUARRY_TITLE
    assert "[Second Post](https://news.example/quarry-second)" in _field(embed, "2 outlets")
    assert "Tomas Kell" in _field(embed, "Who said what")
    # Up to date now: later runs neither edit nor post again.
    assert await restarted.digests.run_due(later + timedelta(minutes=1)) == 0
    assert len(fake.edits) == 1 and len(fake.posted(CHANNEL_A)) == 1
    assert len(fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages")) == 1


async def _announced(fake: FakeDiscord, bot: WirewatchBot, store: Any) -> tuple[int, datetime]:
    """An instant subscription that announced the quarry story; returns the feed of the
    second outlet and the time of the run."""
    feed = await _second_feed(store)
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await _first_quarry(store)
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 1
    return feed, now


async def test_edit_failing_transiently_is_retried_on_the_next_run(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    feed, now = await _announced(fake, bot, store)
    await _second_quarry(store, feed)
    fake.edit_faults[CHANNEL_A][1] = 503
    await bot.digests.run_due(now + timedelta(minutes=1))
    assert fake.edits == []
    await bot.digests.run_due(now + timedelta(minutes=2))
    (edit,) = fake.edited(CHANNEL_A)
    assert "Second Post" in str(edit.json)
    assert len(fake.posted(CHANNEL_A)) == 1


async def test_deleted_announcement_is_forgotten_and_a_lost_channel_pauses(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    feed, now = await _announced(fake, bot, store)
    sub = (await store.list_subscriptions(GUILD_A))[0]
    fake.messages[CHANNEL_A].clear()  # someone deleted the message
    second = await _second_quarry(store, feed)
    await bot.digests.run_due(now + timedelta(minutes=1))
    assert fake.edits == [] and await store.story_posts(sub.id) == {}
    assert not (await store.list_subscriptions(GUILD_A))[0].paused

    # Announced again (say a later window): then the bot loses the channel before an edit.
    story = await _story_id(store, second)
    from store.base import StoryPost

    await store.record_story_post(StoryPost(sub.id, story, CHANNEL_A, 42, 1))
    fake.channel_errors[CHANNEL_A] = 403
    await bot.digests.run_due(now + timedelta(minutes=2))
    paused = (await store.list_subscriptions(GUILD_A))[0]
    assert paused.paused and "permission" in (paused.paused_reason or "")


async def test_search_and_actor_group_hits_by_story_and_show_story_ids(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    quarry = await _quarry(store)
    story = await _story_id(store, quarry.first)
    text = (await fake.command("search", {"query": "Varnholt"}, guild_id=GUILD_A)).text()
    # One entry for the story: its id beside both articles' ids, and the other outlet counted.
    assert text.count(f"**story {story}**") == 1
    assert f"**story {story}** · #{quarry.first}, #{quarry.second}" in text or (
        f"**story {story}** · #{quarry.second}, #{quarry.first}" in text
    )
    assert "+1 more outlet" in text
    plain = (await fake.command("search", {"query": "ceasefire"}, guild_id=GUILD_A)).text()
    assert f"#{seeded.ceasefire}" in plain and "more outlet" not in plain

    actor = (await fake.command("actor", {"name": "Varnholt Mining"}, guild_id=GUILD_A)).text()
    assert actor.count(f"**story {story}**") == 1 and "+1 more outlet" in actor

    said = (await fake.command("quotes", {"topic": "disasters"}, guild_id=GUILD_A)).text()
    assert said.count(f"story {story} · ") == 1  # the story once, both voices under it
    assert "Ilse Brandvik" in said and "Tomas Kell" in said and "+1 more outlet" in said

    topic = await fake.command("topic", {"name": "disasters"}, guild_id=GUILD_A)
    embeds = topic.final["embeds"]
    assert [e["title"] for e in embeds] == [QUARRY_TITLE]  # one embed for the story
    assert "2 outlets" in [f["name"] for f in embeds[0]["fields"]]


async def test_digest_command_renders_stories(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    quarry = await _quarry(store)
    story = await _story_id(store, quarry.first)
    reply = await fake.command("digest", guild_id=GUILD_A)
    embeds = [e for m in reply.messages() for e in m.get("embeds", [])]
    (entry,) = [e for e in embeds if e.get("title") in (QUARRY_TITLE, SECOND_TITLE)]
    assert entry["footer"]["text"].startswith(f"story {story} · ")
    assert "2 outlets" in [f["name"] for f in entry["fields"]]


async def test_busy_instant_window_posts_each_story_alone_up_to_the_limit(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    from tests.discord.seed import more_stories

    bot.digests.max_stories = 3
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await more_stories(store, 5)
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert [len(m["embeds"]) for m in posted] == [1, 1, 1, 1]  # a message per story (editable)
    assert len(set(_story_titles(posted))) == 3
    assert posted[-1]["embeds"][0]["description"] == "+2 more stories — see `/digest`"
    sub = (await store.list_subscriptions(GUILD_A))[0]
    assert len(await store.story_posts(sub.id)) == 3
    assert await bot.digests.run_due(now + timedelta(minutes=1)) == 0
    assert len(fake.posted(CHANNEL_A)) == 4


async def test_instant_window_failing_half_way_posts_no_story_twice(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    from tests.discord.seed import more_stories

    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await more_stories(store, 3)
    fake.post_faults[CHANNEL_A][2] = 503  # the first story goes out, the second fails
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 0
    assert len(fake.posted(CHANNEL_A)) == 1
    assert await bot.digests.run_due(now) == 1  # the retry posts only the other two
    titles = _story_titles(fake.posted(CHANNEL_A))
    assert len(titles) == len(set(titles)) == 3


async def test_resumed_digest_shows_a_grown_story_as_it_was_posted(
    fake: FakeDiscord, bot: WirewatchBot, store: Any, seeded: Seeded
) -> None:
    from tests.discord.seed import more_stories

    feed = await _second_feed(store)
    await _first_quarry(store, topic="world")  # older than the fillers: in the last part
    await more_stories(store, 20)
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    posts = f"/channels/{CHANNEL_A}/messages"
    fake.post_faults[CHANNEL_A][2] = 503  # part 1 goes out, part 2 fails
    assert await bot.digests.run_due(now) == 0
    failed = fake.calls_to("POST", posts)[1].json["embeds"]
    sub = (await store.list_subscriptions(GUILD_A))[0]
    progress = await store.digest_progress(sub.id)
    assert progress is not None
    # Before the retry a second outlet reports the quarry story, after the window's end: the
    # digest of that window still shows the story as it stood then, so no part shifts.
    second = await _second_quarry(store, feed)
    await set_stored_at(store, second, progress.window_end + timedelta(seconds=1))
    assert await bot.digests.run_due(now) == 1
    posted = fake.posted(CHANNEL_A)
    assert len(posted) >= 3
    assert posted[1]["embeds"] == failed  # the very part that failed, nothing shifted
    titles = _story_titles(posted)
    assert len(titles) == len(set(titles)) == 24 and SECOND_TITLE not in titles
    (quarry,) = _story_embeds(posted[2:], QUARRY_TITLE)  # posted only by the retry
    assert _field(quarry, "1 outlet").startswith("[Wire One]")


async def test_a_story_announced_in_two_channels_is_edited_in_both(
    fake: FakeDiscord, store: Any, seeded: Seeded, bot: WirewatchBot
) -> None:
    other_channel = GUILD_A + 2
    feed = await _second_feed(store)
    await _subscribe(fake, GUILD_A, CHANNEL_A, "instant")
    await _subscribe(fake, GUILD_A, other_channel, "instant")
    await _first_quarry(store)
    now = datetime.now(UTC) + timedelta(minutes=1)
    assert await bot.digests.run_due(now) == 2
    later = now + timedelta(minutes=1)
    second = await _second_quarry(store, feed)
    await set_stored_at(store, second, later - timedelta(seconds=30))
    assert await bot.digests.run_due(later) == 0
    for channel in (CHANNEL_A, other_channel):
        (edit,) = fake.edited(channel)
        (embed,) = edit.json["embeds"]
        assert "2 outlets" in str(embed["fields"])
        assert len(fake.posted(channel)) == 1
