"""Odd input, an empty store and slow handlers: the user always gets a short, inert answer."""

from __future__ import annotations

import re
from typing import Any

from bot.discord.client import WirewatchBot
from bot.settings import Settings
from tests.discord.conftest import GUILD_A, StartBot
from tests.discord.fake_discord import EVERYDAY, FakeDiscord, Reply

CHANNEL_A = GUILD_A + 1
GENERIC = "Something went wrong"


def _content(reply: Reply) -> str:
    return str(reply.final.get("content") or "")


async def test_user_input_cannot_break_out_of_its_code_span(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    topic = "`**x**` [y](https://evil.example)"
    for name, opts in [
        ("topic", {"name": topic}),
        ("digest", {"topic": topic}),
        ("digest", {"since": "`3 days`"}),
        ("search", {"query": "`zzz` **q**"}),
        ("unsubscribe", {"subscription": "`#1`"}),
    ]:
        reply = await fake.command(name, opts, guild_id=GUILD_A)
        text = _content(reply)
        assert reply.ephemeral and GENERIC not in text, (name, text)
        # The echoed input sits inside one code span: no backtick of its own survives.
        spans = re.findall(r"`([^`]*)`", text)
        assert any("ˋ" in s for s in spans), (name, text)
        assert "**x**`" not in text and "`zzz`" not in text


async def test_overlong_input_gets_a_reply_within_discord_limits(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    long = "every " + "x" * 3000
    reply = await fake.command(
        "subscribe", {"channel": str(CHANNEL_A), "schedule": long}, guild_id=GUILD_A, wait_s=3
    )
    assert reply.ephemeral and "is not a schedule" in _content(reply)
    assert len(_content(reply)) < 300
    assert await store.list_subscriptions() == []


async def test_article_ids_beyond_the_database_range_are_just_unknown(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    for article_id in (2**31, 2**70):
        reply = await fake.command("article", {"id": article_id}, guild_id=GUILD_A)
        assert reply.ephemeral and f"No article #{article_id}" in _content(reply)
    schema = next(c for c in fake.commands if c["name"] == "article")["options"][0]
    assert (schema["min_value"], schema["max_value"]) == (1, 2**31 - 1)


async def test_unsubscribe_with_an_absurd_id_is_refused_politely(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    reply = await fake.command(
        "unsubscribe", {"subscription": "9" * 30}, guild_id=GUILD_A, permissions=EVERYDAY | 32
    )
    assert reply.ephemeral and "No subscription" in _content(reply)


async def test_empty_store_autocomplete_and_commands(
    fake: FakeDiscord, settings: Settings, start_bot: StartBot, store: Any
) -> None:
    await start_bot(store, settings)  # nothing seeded: no feeds, articles or subscriptions
    for cmd, option, sub in [
        ("actor", "name", None),
        ("quotes", "speaker", None),
        ("timeline", "topic-or-actor", None),
        ("unsubscribe", "subscription", None),
        ("subscriptions", "subscription", "resume"),
    ]:
        ac = await fake.autocomplete(cmd, option, "", guild_id=GUILD_A, sub=sub)
        assert isinstance(ac.choices(), list), cmd
    topics = await fake.autocomplete("digest", "topic", "", guild_id=GUILD_A)
    assert all(1 <= len(c["name"]) <= 100 for c in topics.choices())
    for name, sub in [("digest", None), ("status", None), ("subscriptions", "list")]:
        reply = await fake.command(name, sub=sub, guild_id=GUILD_A)
        assert GENERIC not in reply.text(), (name, reply.text())
    assert "No new stories" in (await fake.command("digest", guild_id=GUILD_A)).text()


async def test_slow_command_is_deferred_before_the_deadline(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    bot.defer_after = 0  # every command counts as slow: defers as soon as the handler awaits
    found = await fake.command("search", {"query": "ceasefire"}, guild_id=GUILD_A)
    assert found.deferred and not found.ephemeral
    assert "Ceasefire talks resume in Geneva" in found.text()

    # A private answer after a public defer: the placeholder goes, the answer stays private.
    missing = await fake.command("search", {"query": "zeppelins"}, guild_id=GUILD_A)
    assert missing.deferred and missing.original_deleted
    assert missing.followups[-1]["flags"] & 64 and "No stories match" in missing.text()

    # Configuration commands defer privately.
    listed = await fake.command("feeds", sub="list", guild_id=GUILD_A)
    assert listed.deferred and listed.ephemeral and "Wire One" in listed.text()


async def test_fast_command_is_not_deferred(fake: FakeDiscord, bot: WirewatchBot) -> None:
    reply = await fake.command("search", {"query": "ceasefire"}, guild_id=GUILD_A)
    assert reply.type == 4 and not reply.deferred
