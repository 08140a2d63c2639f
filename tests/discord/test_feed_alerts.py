"""A disabled feed through the real bot and the fake Discord: each following guild is told once
(in its alerts channel, else its first subscribed channel), the listings say why and since when,
and `/feeds resume` re-enables it only after a good test fetch."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from bot.discord.cogs.alerts import FeedAlerts
from bot.pipeline import Pipeline
from bot.settings import Settings
from bot.summarizing import summarize_rules
from store.base import FeedSpec
from tests.discord.conftest import GUILD_A, GUILD_B, StartBot, stop_bot
from tests.discord.fake_discord import SEND_MESSAGES, FakeDiscord
from tests.discord.test_digests import _subscribe

CHANNEL_A = GUILD_A + 1
CHANNEL_B, ALERTS_B = GUILD_B + 1, GUILD_B + 2


def _alerts(fake: FakeDiscord, channel: int) -> list[dict[str, Any]]:
    return [
        m
        for m in fake.posted(channel)
        if any(e.get("title", "").startswith("Feed disabled") for e in m.get("embeds", []))
    ]


async def _settled(fake: FakeDiscord, *channels: int) -> None:
    for channel in channels:
        await fake.wait_for_messages(channel, 1, wait_s=10)
    await asyncio.sleep(0.2)  # room for a (wrong) second notice to arrive


async def test_a_disabled_feed_is_announced_once_per_guild_and_resumed_after_a_test_fetch(
    fake: FakeDiscord,
    settings: Settings,
    start_bot: StartBot,
    store: Any,
    feed: dict[str, Any],
) -> None:
    feed["items"] = [("g1", "Harbour talks resume")]
    await store.sync_default_feeds([FeedSpec(feed["base"] + "/rss", "Loop <@&1> **Wire**")])
    pipeline = Pipeline(store, settings, summarize_rules)
    bot = await start_bot(store, settings, pipeline)
    await _subscribe(fake, GUILD_A, CHANNEL_A, "daily 08:00")
    await _subscribe(fake, GUILD_B, CHANNEL_B, "daily 08:00")
    chosen = await fake.command(
        "settings", {"channel": str(ALERTS_B)}, sub="alerts-channel", guild_id=GUILD_B
    )
    assert chosen.ephemeral and f"<#{ALERTS_B}>" in chosen.text()

    feed["status"] = 410
    report = await pipeline.poll_due(force=True)
    assert report.errors == 1
    await _settled(fake, CHANNEL_A, ALERTS_B)

    (to_a,) = _alerts(fake, CHANNEL_A)
    (to_b,) = _alerts(fake, ALERTS_B)
    assert _alerts(fake, CHANNEL_B) == []  # B chose another channel
    embed = to_a["embeds"][0]
    assert "HTTP 410 Gone" in embed["description"] and "/feeds resume" in embed["description"]
    assert "\\<@&1>" in embed["title"] and "\\*\\*Wire" in embed["title"]  # feed text inert
    assert to_a["allowed_mentions"] == {"parse": []} == to_b["allowed_mentions"]

    # Told once: another flush and a restarted bot send nothing more.
    cog = bot.get_cog("FeedAlerts")
    assert isinstance(cog, FeedAlerts)
    assert await cog.flush() == 0
    # A crash after Discord created the notice but before it was marked: the retry carries
    # the same nonce, and Discord answers with the message it already has.
    assert to_a.get("nonce") and to_a.get("enforce_nonce")
    (wire_a,) = await store.list_feeds(guild_id=GUILD_A)
    await store.mark_feed_alerted(GUILD_A, wire_a.id, wire_a.disabled_at - timedelta(days=1))
    assert await cog.flush() == 1
    assert len(_alerts(fake, CHANNEL_A)) == 1
    await stop_bot(bot)
    bot = await start_bot(store, settings, pipeline)
    await asyncio.sleep(0.3)  # the alert cog's startup flush has run
    assert len(_alerts(fake, CHANNEL_A)) == 1 and len(_alerts(fake, ALERTS_B)) == 1

    listed = (await fake.command("feeds", sub="list", guild_id=GUILD_A)).text()
    assert "disabled since" in listed and "HTTP 410 Gone" in listed
    status = (await fake.command("status", guild_id=GUILD_A)).text()
    assert "1 disabled" in status and "HTTP 410 Gone" in status

    (wire,) = await store.list_feeds(guild_id=GUILD_A)
    still = await fake.command("feeds", {"feed": str(wire.id)}, sub="resume", guild_id=GUILD_A)
    assert "still broken, so it stays disabled" in still.text() and "HTTP 410" in still.text()
    assert (await store.get_feed(wire.id)).disabled

    feed["status"] = 200
    ok = await fake.command("feeds", {"feed": str(wire.id)}, sub="resume", guild_id=GUILD_A)
    assert "Re-enabled" in ok.text() and "1 entries" in ok.text()
    resumed = await store.get_feed(wire.id)
    assert not resumed.disabled and resumed.error_count == 0
    assert (await pipeline.poll_due(force=True)).errors == 0

    # Broken again later: a new disabling, told again (once).
    feed["status"] = 410
    await pipeline.poll_due(force=True)
    await fake.wait_for_messages(CHANNEL_A, 2, wait_s=10)
    await asyncio.sleep(0.2)
    assert len(_alerts(fake, CHANNEL_A)) == 2 and len(_alerts(fake, ALERTS_B)) == 2


async def test_alerts_channel_refuses_a_channel_the_bot_cannot_post_in(
    fake: FakeDiscord, settings: Settings, start_bot: StartBot, store: Any
) -> None:
    await start_bot(store, settings)
    await fake.deny_in_channel(GUILD_A, CHANNEL_A, SEND_MESSAGES)
    refused = await fake.command(
        "settings", {"channel": str(CHANNEL_A)}, sub="alerts-channel", guild_id=GUILD_A
    )
    assert refused.ephemeral and "**Send Messages**" in refused.text()
    assert await store.get_alerts_channel(GUILD_A) is None
    back = await fake.command("settings", sub="alerts-channel", guild_id=GUILD_A)
    assert "the first channel with a subscription" in back.text()
