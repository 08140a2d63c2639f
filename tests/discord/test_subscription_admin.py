"""Subscription administration: permission checks up front, listing, resuming, updating."""

from __future__ import annotations

from typing import Any

from bot.discord.client import WirewatchBot
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import EMBED_LINKS, EVERYDAY, SEND_MESSAGES, FakeDiscord
from tests.discord.test_digests import _schedule_just_passed, _subscribe

CHANNEL_A = GUILD_A + 1
OTHER_A = GUILD_A + 2


async def test_subscribe_refuses_a_channel_the_bot_cannot_post_in(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    await fake.deny_in_channel(GUILD_A, CHANNEL_A, SEND_MESSAGES | EMBED_LINKS)
    refused = await fake.command("subscribe", {"channel": str(CHANNEL_A)}, guild_id=GUILD_A)
    assert refused.ephemeral
    assert "**Send Messages**, **Embed Links**" in refused.text()
    assert "View Channel" not in refused.text()
    assert await store.list_subscriptions() == []
    assert fake.calls_to("POST", f"/channels/{CHANNEL_A}/messages") == []

    # Another channel of the same guild is fine.
    ok = await fake.command("subscribe", {"channel": str(OTHER_A)}, guild_id=GUILD_A)
    assert ok.ephemeral and "Subscription #" in ok.text()
    assert [s.channel_id for s in await store.list_subscriptions(GUILD_A)] == [OTHER_A]


async def test_paused_subscription_is_listed_and_resumed_once_fixed(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    schedule, now = _schedule_just_passed()
    await _subscribe(fake, GUILD_A, CHANNEL_A, schedule)
    fake.channel_errors[CHANNEL_A] = 403  # permission removed after subscribing
    await fake.deny_in_channel(GUILD_A, CHANNEL_A, SEND_MESSAGES)
    assert await bot.digests.run_due(now) == 0
    (sub,) = await store.list_subscriptions(GUILD_A)
    assert sub.paused

    listed = await fake.command("subscriptions", sub="list", guild_id=GUILD_A)
    assert listed.ephemeral
    assert f"#{sub.id}" in listed.text() and "paused: missing permission" in listed.text()
    ac = await fake.autocomplete(
        "subscriptions", "subscription", "", sub="resume", guild_id=GUILD_A
    )
    assert [c["value"] for c in ac.choices()] == [str(sub.id)]

    # Still broken: refused, and it stays paused.
    still = await fake.command(
        "subscriptions", {"subscription": str(sub.id)}, sub="resume", guild_id=GUILD_A
    )
    assert still.ephemeral and "**Send Messages**" in still.text()
    assert (await store.list_subscriptions(GUILD_A))[0].paused

    del fake.channel_errors[CHANNEL_A]
    await fake.deny_in_channel(GUILD_A, CHANNEL_A, 0)
    resumed = await fake.command(
        "subscriptions", {"subscription": f"#{sub.id}"}, sub="resume", guild_id=GUILD_A
    )
    assert resumed.ephemeral and f"Subscription #{sub.id} resumed" in resumed.text()
    (after,) = await store.list_subscriptions(GUILD_A)
    assert not after.paused and after.paused_reason is None
    assert await bot.digests.run_due(now) == 1  # the missed window is posted now
    assert fake.posted(CHANNEL_A)

    again = await fake.command(
        "subscriptions", {"subscription": str(sub.id)}, sub="resume", guild_id=GUILD_A
    )
    assert "not paused" in again.text()


async def test_subscribing_again_updates_and_resumes_instead_of_duplicating(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    await _subscribe(fake, GUILD_A, CHANNEL_A, "daily 08:00", topic="china")
    (sub,) = await store.list_subscriptions(GUILD_A)
    await store.set_subscription_paused(sub.id, True, "the channel no longer exists")

    text = await _subscribe(fake, GUILD_A, CHANNEL_A, "every 6h", topic="china")
    assert f"Subscription #{sub.id} updated and resumed" in text
    (after,) = await store.list_subscriptions(GUILD_A)
    assert (after.id, after.schedule, after.paused) == (sub.id, "every 6h", False)

    # Another topic in the same channel is a subscription of its own.
    await _subscribe(fake, GUILD_A, CHANNEL_A, "every 6h")
    assert len(await store.list_subscriptions(GUILD_A)) == 2


async def test_subscription_commands_need_manage_server_and_own_guild(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    sub = await store.add_subscription(GUILD_A + 9, CHANNEL_A, None, "instant")  # another guild
    await store.set_subscription_paused(sub.id, True, "gone")
    for name, opts in [("list", {}), ("resume", {"subscription": str(sub.id)})]:
        denied = await fake.command(
            "subscriptions", opts, sub=name, guild_id=GUILD_A, permissions=EVERYDAY
        )
        assert denied.ephemeral and "Manage Server" in denied.text(), name
    other = await fake.command(
        "subscriptions", {"subscription": str(sub.id)}, sub="resume", guild_id=GUILD_A
    )
    assert "No subscription" in other.text()
    assert (await store.list_subscriptions())[0].paused
