"""The real discord.py client logs in, connects to the gateway and syncs its commands."""

from __future__ import annotations

from typing import Any

from bot.settings import Settings
from tests.discord.conftest import GUILD_A, GUILD_B, StartBot
from tests.discord.fake_discord import MANAGE_GUILD, FakeDiscord


class GuildsOnlyStore:
    """Just enough store for connecting: the bot registers each guild it sees."""

    def __init__(self) -> None:
        self.guilds: list[int] = []

    async def ensure_guild(self, guild_id: int) -> None:
        self.guilds.append(guild_id)

    async def pending_feed_alerts(self) -> list[Any]:
        return []


def _by_name(commands: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in commands}


async def test_bot_connects_through_api_base_and_syncs_commands(
    fake: FakeDiscord, settings: Settings, start_bot: StartBot
) -> None:
    store = GuildsOnlyStore()
    bot = await start_bot(store, settings)

    assert fake.calls_to("GET", "/gateway/bot"), "gateway URL must come from the REST endpoint"
    assert fake.intents == 1  # guilds only: nothing privileged
    assert {g.id for g in bot.guilds} == {GUILD_A, GUILD_B}
    assert sorted(store.guilds) == sorted([GUILD_A, GUILD_B])

    cmds = _by_name(fake.commands)
    assert {
        "digest",
        "topic",
        "actor",
        "quotes",
        "search",
        "article",
        "timeline",
        "status",
        "feeds",
        "subscribe",
        "unsubscribe",
        "settings",
    } <= set(cmds)
    for name in ("feeds", "subscribe", "unsubscribe", "settings"):
        assert int(cmds[name]["default_member_permissions"]) == MANAGE_GUILD, name
    for name in ("digest", "search", "status", "article"):
        assert cmds[name].get("default_member_permissions") is None, name

    subs = {o["name"]: o for o in cmds["feeds"]["options"]}
    assert set(subs) == {"add", "remove", "list", "pause", "resume"}
    add = {o["name"]: o for o in subs["add"]["options"]}
    assert (
        add["url"]["required"]
        and not add["name"].get("required")
        and not add["topics"].get("required")
    )
    assert subs["remove"]["options"][0]["autocomplete"] is True

    sub_opts = {o["name"]: o for o in cmds["subscribe"]["options"]}
    assert sub_opts["channel"]["type"] == 7 and sub_opts["channel"]["required"]
    assert sub_opts["topic"]["autocomplete"] is True
    assert [o["name"] for o in cmds["timeline"]["options"]] == ["topic-or-actor"]
    assert cmds["article"]["options"][0]["type"] == 4  # integer
    assert {o["name"] for o in cmds["settings"]["options"]} == {"timezone", "alerts-channel"}
