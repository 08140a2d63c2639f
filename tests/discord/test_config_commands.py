"""Configuration commands: Manage Server only (checked again in the handler), per guild."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.discord.client import WirewatchBot
from tests.discord.conftest import GUILD_A, GUILD_B, StartBot, make_settings
from tests.discord.fake_discord import EVERYDAY, FakeDiscord
from tests.live import serving

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title>
<link>http://127.0.0.1/</link><description>d</description>
<item><title>Envoys meet</title><link>http://127.0.0.1/a</link><guid>a</guid>
<description>Envoys met.</description></item></channel></rss>"""


async def test_member_without_manage_server_cannot_change_feeds(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    before = await store.list_feeds(guild_id=GUILD_A)
    wire = str(before[0].id)
    for sub, opts in [
        ("remove", {"feed": wire}),
        ("pause", {"feed": wire}),
        ("add", {"url": "https://x.example/rss"}),
        ("list", {}),
    ]:
        reply = await fake.command("feeds", opts, sub=sub, guild_id=GUILD_A, permissions=EVERYDAY)
        assert reply.ephemeral and "Manage Server" in reply.text(), sub
    sub_reply = await fake.command(
        "subscribe", {"channel": str(GUILD_A + 1)}, guild_id=GUILD_A, permissions=EVERYDAY
    )
    assert sub_reply.ephemeral and "Manage Server" in sub_reply.text()
    tz = await fake.command(
        "settings",
        {"zone": "Europe/Berlin"},
        sub="timezone",
        guild_id=GUILD_A,
        permissions=EVERYDAY,
    )
    assert "Manage Server" in tz.text()
    assert await store.list_feeds(guild_id=GUILD_A) == before
    assert await store.list_subscriptions() == []
    assert await store.get_guild_timezone(GUILD_A) == "UTC"


async def test_admin_pauses_and_removes_only_in_own_guild(
    fake: FakeDiscord, bot: WirewatchBot, store: Any
) -> None:
    wire = (await store.list_feeds(guild_id=GUILD_A))[0]
    paused = await fake.command("feeds", {"feed": str(wire.id)}, sub="pause", guild_id=GUILD_A)
    assert "paused" in paused.text()
    assert [f.paused for f in await store.list_feeds(guild_id=GUILD_A) if f.id == wire.id] == [True]
    removed = await fake.command("feeds", {"feed": str(wire.id)}, sub="remove", guild_id=GUILD_A)
    assert "removed" in removed.text()
    assert wire.id not in [f.id for f in await store.list_feeds(guild_id=GUILD_A)]
    assert wire.id in [f.id for f in await store.list_feeds(guild_id=GUILD_B)]
    # Guild B's own feed cannot be touched from guild A.
    b_only = next(f for f in await store.list_feeds(guild_id=GUILD_B) if f.name == "Guild B Only")
    denied = await fake.command("feeds", {"feed": str(b_only.id)}, sub="remove", guild_id=GUILD_A)
    assert denied.ephemeral and "doesn't follow" in denied.text()
    assert b_only.id in [f.id for f in await store.list_feeds(guild_id=GUILD_B)]


async def test_settings_timezone(fake: FakeDiscord, bot: WirewatchBot, store: Any) -> None:
    ok = await fake.command("settings", {"zone": "europe/berlin"}, sub="timezone", guild_id=GUILD_A)
    assert "Europe/Berlin" in ok.text()
    assert await store.get_guild_timezone(GUILD_A) == "Europe/Berlin"
    assert await store.get_guild_timezone(GUILD_B) == "UTC"
    bad = await fake.command("settings", {"zone": "Mars/Olympus"}, sub="timezone", guild_id=GUILD_A)
    assert bad.ephemeral and "not a time zone" in bad.text()
    ac = await fake.autocomplete("settings", "zone", "berl", guild_id=GUILD_A, sub="timezone")
    assert [c["value"] for c in ac.choices()] == ["Europe/Berlin"]


@pytest.fixture
async def feed_server() -> Any:
    async def rss(request: web.Request) -> web.Response:
        return web.Response(body=RSS, content_type="application/rss+xml")

    async def page(request: web.Request) -> web.Response:
        html = '<html><head><link rel="alternate" type="application/rss+xml" href="/rss"></head><body>hi</body></html>'
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/rss", rss)
    app.router.add_get("/page", page)
    async with serving(app) as base:
        yield base


async def test_feeds_add_finds_feed_behind_page_and_refuses_private(
    fake: FakeDiscord,
    tmp_path: Path,
    start_bot: StartBot,
    store: Any,
    seeded: Any,
    feed_server: str,
) -> None:
    strict = await start_bot(store, make_settings(fake, tmp_path))
    refused = await fake.command(
        "feeds", {"url": f"{feed_server}/rss"}, sub="add", guild_id=GUILD_A
    )
    assert "can't add that feed" in refused.text() and "127.0.0.1" in refused.text()
    await strict.close()

    await start_bot(
        store, make_settings(fake, tmp_path, WIREWATCH_DISCORD_ALLOW_PRIVATE_FEEDS="true")
    )
    added = await fake.command(
        "feeds", {"url": f"{feed_server}/page", "topics": "Diplomacy"}, sub="add", guild_id=GUILD_A
    )
    assert "Added **Loopback Wire**" in added.text(), added.text()
    feed = next(f for f in await store.list_feeds(guild_id=GUILD_A) if f.name == "Loopback Wire")
    assert feed.url.endswith("/rss") and feed.topics == ["diplomacy"]
    assert "Loopback Wire" not in [f.name for f in await store.list_feeds(guild_id=GUILD_B)]
    again = await fake.command("feeds", {"url": f"{feed_server}/rss"}, sub="add", guild_id=GUILD_A)
    assert "already follows" in again.text()
    not_feed = await fake.command(
        "feeds", {"url": f"{feed_server}/nothing"}, sub="add", guild_id=GUILD_A
    )
    assert "can't add that feed" in not_feed.text() and "HTTP 404" in not_feed.text()
