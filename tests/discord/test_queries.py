"""Query commands answer from the seeded store, scoped to the guild, with friendly errors."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.discord.client import WirewatchBot
from tests.discord.conftest import GUILD_A, GUILD_B
from tests.discord.fake_discord import EVERYDAY, FakeDiscord
from tests.discord.seed import Seeded, set_stored_at


async def test_search_finds_seeded_story(
    fake: FakeDiscord, bot: WirewatchBot, seeded: Seeded
) -> None:
    reply = await fake.command(
        "search", {"query": "ceasefire"}, guild_id=GUILD_A, permissions=EVERYDAY
    )
    assert reply.type == 4 and not reply.ephemeral
    assert "Ceasefire talks resume in Geneva" in reply.text()
    assert f"#{seeded.ceasefire}" in reply.text()
    assert "Taiwan" not in reply.text()


async def test_guild_a_never_sees_guild_b_feed(fake: FakeDiscord, bot: WirewatchBot) -> None:
    in_b = await fake.command("search", {"query": "zeppelins"}, guild_id=GUILD_B)
    assert "Secret story about zeppelins" in in_b.text()
    in_a = await fake.command("search", {"query": "zeppelins"}, guild_id=GUILD_A)
    assert in_a.ephemeral and "No stories match" in in_a.text()
    assert "Secret" not in in_a.text()

    lists = {
        g: (await fake.command("feeds", sub="list", guild_id=g)).text() for g in (GUILD_A, GUILD_B)
    }
    assert "Wire One" in lists[GUILD_A] and "Guild B Only" not in lists[GUILD_A]
    assert "Wire One" in lists[GUILD_B] and "Guild B Only" in lists[GUILD_B]

    ac_a = await fake.autocomplete("actor", "name", "hu", guild_id=GUILD_A)
    ac_b = await fake.autocomplete("actor", "name", "hu", guild_id=GUILD_B)
    assert ac_a.choices() == [] and [c["value"] for c in ac_b.choices()] == ["Hugo Eckener"]


async def test_actor_shows_what_they_did_and_said(fake: FakeDiscord, bot: WirewatchBot) -> None:
    reply = await fake.command("actor", {"name": "Volodymyr Zelensky"}, guild_id=GUILD_A)
    text = reply.text()
    assert "Ceasefire talks resume in Geneva" in text
    assert "We are ready for a just peace" in text
    assert "Taiwan" not in text


@pytest.mark.parametrize(
    "name", ["Zelensky", "zelensky", "VOLODYMYR  ZELENSKY", "Volodymyr Zelenský"]
)
async def test_actor_keeps_quote_line_for_any_name_the_store_matches(
    fake: FakeDiscord, bot: WirewatchBot, name: str
) -> None:
    # The store finds the story by surname/case/accents; the quote line must follow the same rule.
    text = (await fake.command("actor", {"name": name}, guild_id=GUILD_A)).text()
    assert "Ceasefire talks resume in Geneva" in text
    assert "We are ready for a just peace" in text


async def test_quotes_by_speaker_and_topic(fake: FakeDiscord, bot: WirewatchBot) -> None:
    reply = await fake.command("quotes", {"speaker": "Xi Jinping"}, guild_id=GUILD_A)
    assert "Reunification is unstoppable" in reply.text() and "Xi Jinping" in reply.text()
    assert "just peace" not in reply.text()
    by_topic = await fake.command("quotes", {"topic": "ukraine-war"}, guild_id=GUILD_A)
    assert "just peace" in by_topic.text() and "Reunification" not in by_topic.text()


async def test_topic_lists_its_stories_and_rejects_unknown(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    reply = await fake.command("topic", {"name": "china"}, guild_id=GUILD_A)
    assert "Beijing warns over Taiwan drills" in reply.text()
    assert "Ceasefire" not in reply.text()
    bad = await fake.command("topic", {"name": "atlantis"}, guild_id=GUILD_A)
    assert bad.ephemeral and "Unknown topic `atlantis`" in bad.text() and "china" in bad.text()
    assert "Traceback" not in bad.text()


async def test_article_full_summary_and_unknown_id(
    fake: FakeDiscord, bot: WirewatchBot, seeded: Seeded
) -> None:
    reply = await fake.command("article", {"id": seeded.ceasefire}, guild_id=GUILD_A)
    text = reply.text()
    assert "Negotiators met in Geneva on Monday" in text
    assert "Volodymyr Zelensky" in text and "2024-03-03" in text
    # Guild B's article is unknown in guild A, as is a made-up id.
    for aid in (seeded.zeppelin, 99999):
        missing = await fake.command("article", {"id": aid}, guild_id=GUILD_A)
        assert missing.ephemeral and f"No article #{aid}" in missing.text()


async def test_timeline_in_date_order(fake: FakeDiscord, bot: WirewatchBot) -> None:
    text = (
        await fake.command("timeline", {"topic-or-actor": "ukraine-war"}, guild_id=GUILD_A)
    ).text()
    assert text.index("2023-06-01") < text.index("2024-03-03")
    assert "next round of talks" in text


async def test_digest_groups_recent_stories(fake: FakeDiscord, bot: WirewatchBot) -> None:
    reply = await fake.command("digest", guild_id=GUILD_A)
    assert reply.deferred  # answered within the deadline, content follows
    text = reply.text()
    for title in ("Ceasefire talks resume in Geneva", "Beijing warns over Taiwan drills"):
        assert title in text
    assert "Topic: china" in text and "zeppelins" not in text
    only = await fake.command("digest", {"topic": "china", "since": "7d"}, guild_id=GUILD_A)
    assert "Beijing" in only.text() and "Ceasefire" not in only.text()
    bad = await fake.command("digest", {"since": "yesterday-ish"}, guild_id=GUILD_A)
    assert bad.ephemeral and not bad.deferred and "invalid duration" in bad.text()


@pytest.mark.parametrize("since", ["90min", "1.5h", "30s", "400d", "2w"])
async def test_digest_since_takes_the_cli_grammar(
    fake: FakeDiscord, bot: WirewatchBot, since: str
) -> None:
    # The same grammar as `wirewatch digest --since` (bot.durations): none of these is an error.
    reply = await fake.command("digest", {"since": since}, guild_id=GUILD_A)
    assert "invalid duration" not in reply.text() and reply.deferred


async def test_digest_default_window_is_digest_since_hours(
    fake: FakeDiscord, bot: WirewatchBot, seeded: Seeded
) -> None:
    # A story stored 30 h ago: outside the old hard-coded 24 h, inside since_hours = 48.
    await set_stored_at(bot.store, seeded.ceasefire, datetime.now(UTC) - timedelta(hours=30))
    bot.settings.digest.since_hours = 48
    assert (
        "Ceasefire talks resume in Geneva"
        in (await fake.command("digest", guild_id=GUILD_A)).text()
    )
    bot.settings.digest.since_hours = 12
    assert "Ceasefire" not in (await fake.command("digest", guild_id=GUILD_A)).text()


async def test_status_reports_feeds_and_backend(fake: FakeDiscord, bot: WirewatchBot) -> None:
    reply = await fake.command("status", guild_id=GUILD_B, permissions=EVERYDAY)
    text = reply.text()
    assert "2 followed" in text  # Wire One + Guild B Only
    assert "rules" in text and "never" in text  # backend; nothing polled yet


async def test_status_counts_a_paused_failing_feed_once(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    """Bug 6: a feed both paused and failing was subtracted from "healthy" twice."""
    from datetime import UTC, datetime

    from store.base import PollOutcome

    now = datetime.now(UTC)
    wire = await store.find_feed("Wire One", guild_id=GUILD_B)
    await store.record_poll(wire.id, PollOutcome(polled_at=now, next_poll_at=now, error="HTTP 500"))
    assert await store.set_feed_paused("Wire One", True, guild_id=GUILD_B)
    text = (await fake.command("status", guild_id=GUILD_B, permissions=EVERYDAY)).text()
    assert "2 followed · 1 healthy · 1 failing · 0 disabled · 1 paused" in text


async def test_autocomplete_from_store(fake: FakeDiscord, bot: WirewatchBot) -> None:
    topics = await fake.autocomplete("topic", "name", "ch", guild_id=GUILD_A)
    assert "china" in [c["value"] for c in topics.choices()]
    speakers = await fake.autocomplete("quotes", "speaker", "x", guild_id=GUILD_A)
    assert [c["value"] for c in speakers.choices()] == ["Xi Jinping"]
    feeds = await fake.autocomplete("feeds", "feed", "wire", guild_id=GUILD_A, sub="remove")
    assert [c["name"] for c in feeds.choices()] == ["Wire One"]


async def test_handler_error_is_logged_and_bot_keeps_answering(
    fake: FakeDiscord,
    bot: WirewatchBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(bot.store, "search", broken)
    with caplog.at_level(logging.ERROR):
        reply = await fake.command("search", {"query": "x"}, guild_id=GUILD_A)
    assert reply.ephemeral and "Something went wrong" in reply.text()
    assert "database on fire" not in reply.text()
    assert any("database on fire" in str(r.exc_info) for r in caplog.records if r.exc_info)
    again = await fake.command("quotes", {"speaker": "Xi Jinping"}, guild_id=GUILD_A)
    assert "Reunification" in again.text()


async def _harbour_and_canal_stories(store: Any) -> None:
    """12 harbour and 12 canal stories: each its own story (made-up words apart from the one
    searched for), so results are 12 entries either way."""
    from tests.discord.seed import _article, _summary, invented_words

    wire = (await store.list_feeds(guild_id=GUILD_A))[0].id
    for n, word in enumerate(("Harbour", "Canal")):
        for i in range(12):
            title = f"{word} report number {i}"
            text = f"{word} item {i}. {invented_words(500 + n * 12 + i, 12)}"
            await _article(
                store, wire, f"{word}{i}", title, ["world"], _summary(title, text, [], [], [])
            )


def _buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["label"]: b for b in message["components"][0]["components"]}


async def test_long_results_paginate_with_buttons(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    await _harbour_and_canal_stories(store)
    reply = await fake.command("search", {"query": "harbour"}, guild_id=GUILD_A)
    buttons = _buttons(reply.final)
    assert buttons["◀ Prev"]["disabled"] and not buttons["Next ▶"]["disabled"]
    first = reply.text()
    message = fake.callback_message(reply)
    page2 = await fake.click(message, buttons["Next ▶"]["custom_id"], guild_id=GUILD_A)
    assert page2.type == 7  # the same message, updated
    assert "Page 2/3" in page2.text() and page2.text() != first


async def test_each_deferred_paginated_answer_keeps_its_own_pages(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    await _harbour_and_canal_stories(store)
    bot.defer_after = 0  # both answers arrive as followups after a defer
    harbour = await fake.command("search", {"query": "harbour"}, guild_id=GUILD_A)
    canal = await fake.command("search", {"query": "canal"}, guild_id=GUILD_A)
    assert harbour.deferred and canal.deferred
    ids = {b["custom_id"] for r in (harbour, canal) for b in _buttons(r.final).values()}
    assert len(ids) == 4  # no answer's buttons can be mistaken for another's

    # Next on the OLDER answer pages through the older answer's results.
    older = fake.callback_message(harbour)
    page2 = await fake.click(older, _buttons(older)["Next ▶"]["custom_id"], guild_id=GUILD_A)
    assert "Page 2/3" in page2.text()
    assert "Harbour report" in page2.text() and "Canal report" not in page2.text()
    newer = fake.callback_message(canal)
    other = await fake.click(newer, _buttons(newer)["Next ▶"]["custom_id"], guild_id=GUILD_A)
    assert "Canal report" in other.text() and "Harbour report" not in other.text()
