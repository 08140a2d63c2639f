"""The send queue at shutdown: no caller of `send` is left waiting."""

from __future__ import annotations

import asyncio

import discord

from bot.discord.client import WirewatchBot
from bot.discord.sender import Outgoing
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord

CHANNEL_A = GUILD_A + 1


def _post(text: str) -> Outgoing:
    return Outgoing(CHANNEL_A, [[discord.Embed(description=text)], [discord.Embed(title=text)]])


async def test_close_answers_in_flight_and_queued_posts_promptly(
    fake: FakeDiscord, bot: WirewatchBot
) -> None:
    # The first post's second message gets no answer: that post is in flight (its first part
    # posted), and the second post waits in the queue behind it.
    fake.post_faults[CHANNEL_A][2] = "hang"
    in_flight = asyncio.create_task(bot.sender.send(_post("first")))
    queued = asyncio.create_task(bot.sender.send(_post("second")))
    await asyncio.wait_for(fake.hanging.wait(), 5)

    await asyncio.wait_for(bot.sender.close(), 2)
    first, second = await asyncio.wait_for(asyncio.gather(in_flight, queued), 2)
    assert first.error == "shutting down" and not first.permanent
    assert len(first.message_ids) == 1  # the part that went out, so a digest can resume after it
    assert second.error == "shutting down" and second.message_ids == []
    # A post offered after the close is refused at once instead of restarting the worker.
    late = await asyncio.wait_for(bot.sender.send(_post("late")), 1)
    assert late.error == "shutting down"
    assert len(fake.posted(CHANNEL_A)) == 1
