"""Editing posted messages through the send queue: results classified, in turn with posts."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.discord.client import WirewatchBot
from bot.discord.sender import SHUTTING_DOWN, Edit, Edited, Outgoing
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord

CHANNEL_A = GUILD_A + 1


def _embeds(title: str) -> list[discord.Embed]:
    return [discord.Embed(title=title, description=f"about {title}")]


async def _post(bot: WirewatchBot, title: str) -> int:
    sent = await bot.sender.send(Outgoing(CHANNEL_A, [_embeds(title)]))
    assert sent.ok, sent.error
    return sent.message_ids[0]


def _classes(r: Edited) -> list[str]:
    """Which of the result's classes hold: exactly one must."""
    flags = {
        "ok": r.ok,
        "gone": r.gone,
        "permanent": r.permanent,
        "rejected": r.rejected,
        "transient": r.transient,
    }
    return [name for name, held in flags.items() if held]


async def test_edit_replaces_the_posted_message_without_mentions(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    mid = await _post(bot, "Story, 1 article")

    edited = await bot.sender.edit(
        Edit(CHANNEL_A, mid, _embeds("Story, 2 articles"), content="@everyone update")
    )

    assert _classes(edited) == ["ok"]
    (stored,) = fake.posted(CHANNEL_A)
    assert stored["id"] == str(mid)
    assert [e["title"] for e in stored["embeds"]] == ["Story, 2 articles"]
    assert stored["content"] == "@everyone update"
    (record,) = fake.edited(CHANNEL_A)
    assert record.message_id == mid
    assert record.json["allowed_mentions"]["parse"] == []  # the text pings nobody


async def test_edit_without_content_removes_the_text(fake: FakeDiscord, bot: WirewatchBot) -> None:
    sent = await bot.sender.send(Outgoing(CHANNEL_A, [_embeds("Story")], content="New story"))
    mid = sent.message_ids[0]

    assert (await bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("Story, updated")))).ok
    assert not fake.posted(CHANNEL_A)[0]["content"]


async def test_edit_of_a_deleted_message_is_gone(fake: FakeDiscord, bot: WirewatchBot) -> None:
    await _post(bot, "Story")

    edited = await bot.sender.edit(Edit(CHANNEL_A, 123_456_789, _embeds("Story, updated")))

    assert _classes(edited) == ["gone"]
    assert fake.edited(CHANNEL_A) == []
    assert [c.status for c in fake.calls_to("PATCH", f"/channels/{CHANNEL_A}/messages/")] == [404]


@pytest.mark.parametrize("status", [403, 404])
async def test_edit_in_a_forbidden_or_deleted_channel_is_permanent(
    fake: FakeDiscord, bot: WirewatchBot, status: int
) -> None:
    mid = await _post(bot, "Story")
    fake.channel_errors[CHANNEL_A] = status  # permission revoked / channel deleted

    edited = await bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("Story, updated")))

    assert _classes(edited) == ["permanent"]
    assert fake.edited(CHANNEL_A) == []


async def test_edit_discord_refuses_is_rejected(fake: FakeDiscord, bot: WirewatchBot) -> None:
    mid = await _post(bot, "Story")
    fake.rejected_titles.add("Bad embed")

    edited = await bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("Bad embed")))

    assert _classes(edited) == ["rejected"]
    assert fake.posted(CHANNEL_A)[0]["embeds"][0]["title"] == "Story"


@pytest.mark.parametrize("fault", [500, 503, "disconnect"])
async def test_edit_failing_on_discords_side_is_transient(
    fake: FakeDiscord, bot: WirewatchBot, monkeypatch: pytest.MonkeyPatch, fault: int | str
) -> None:
    # discord.py retries a 500 five times, sleeping 1 + 2n s in between: shortened here (it
    # calls the asyncio module's sleep, so that is what gets patched for this test).
    real_sleep = asyncio.sleep

    async def quick_sleep(delay: float, *args: Any, **kwargs: Any) -> Any:
        return await real_sleep(min(delay, 0.01), *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", quick_sleep)
    mid = await _post(bot, "Story")
    for attempt in range(1, 6):
        fake.edit_faults[CHANNEL_A][attempt] = fault

    edited = await bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("Story, updated")))

    assert _classes(edited) == ["transient"]
    assert fake.posted(CHANNEL_A)[0]["embeds"][0]["title"] == "Story"
    # The same edit goes through once Discord is back.
    fake.edit_faults[CHANNEL_A].clear()
    assert (await bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("Story, updated")))).ok
    assert fake.posted(CHANNEL_A)[0]["embeds"][0]["title"] == "Story, updated"


async def test_edits_and_posts_are_delivered_in_queue_order(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    first = await _post(bot, "Story A")
    # The two-message post ahead of the edit is held up by a rate limit: an edit racing it
    # would land between (or before) its messages.
    fake.rate_limits[("POST", f"/channels/{CHANNEL_A}/messages")] = 1
    digest = Outgoing(CHANNEL_A, [_embeds("Digest 1/2"), _embeds("Digest 2/2")])
    jobs = [
        asyncio.create_task(bot.sender.send(digest)),
        asyncio.create_task(bot.sender.edit(Edit(CHANNEL_A, first, _embeds("Story A, v2")))),
        asyncio.create_task(bot.sender.send(Outgoing(CHANNEL_A, [_embeds("Story B")]))),
        asyncio.create_task(bot.sender.edit(Edit(CHANNEL_A, first, _embeds("Story A, v3")))),
    ]
    results = await asyncio.wait_for(asyncio.gather(*jobs), 10)

    assert all(r.ok for r in results)
    answered = [
        (c.method, (c.json or {}).get("embeds", [{}])[0].get("title"))
        for c in fake.calls
        if f"/channels/{CHANNEL_A}/messages" in c.path and c.status == 200
    ]
    assert answered[1:] == [
        ("POST", "Digest 1/2"),
        ("POST", "Digest 2/2"),
        ("PATCH", "Story A, v2"),
        ("POST", "Story B"),
        ("PATCH", "Story A, v3"),
    ]
    assert [m["embeds"][0]["title"] for m in fake.posted(CHANNEL_A)] == [
        "Story A, v3",
        "Digest 1/2",
        "Digest 2/2",
        "Story B",
    ]


async def test_close_answers_in_flight_and_queued_edits_promptly(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    mid = await _post(bot, "Story")
    fake.edit_faults[CHANNEL_A][1] = "hang"  # the first edit gets no answer: it is in flight
    in_flight = asyncio.create_task(bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("v2"))))
    await asyncio.wait_for(fake.hanging.wait(), 5)
    queued_edit = asyncio.create_task(bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("v3"))))
    queued_post = asyncio.create_task(bot.sender.send(Outgoing(CHANNEL_A, [_embeds("Other")])))
    await asyncio.sleep(0)  # both are queued behind the hanging edit

    await asyncio.wait_for(bot.sender.close(), 2)
    first, second, post = await asyncio.wait_for(
        asyncio.gather(in_flight, queued_edit, queued_post), 2
    )
    for edited in (first, second):
        assert _classes(edited) == ["transient"] and edited.error == SHUTTING_DOWN
    assert post.error == SHUTTING_DOWN and post.message_ids == []
    # An edit offered after the close is refused at once instead of restarting the worker.
    late = await asyncio.wait_for(bot.sender.edit(Edit(CHANNEL_A, mid, _embeds("v4"))), 1)
    assert _classes(late) == ["transient"] and late.error == SHUTTING_DOWN
    assert fake.edited(CHANNEL_A) == []
    assert len(fake.posted(CHANNEL_A)) == 1
