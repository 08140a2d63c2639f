"""Fixtures: a fake Discord on loopback and the real wirewatch bot connected to it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from aiohttp import web

from bot.discord.client import WirewatchBot
from bot.settings import Settings, load_settings
from store import open_store
from store.base import Store
from tests.discord.fake_discord import FakeDiscord
from tests.live import (
    feeds,  # noqa: F401 (the loopback feeds fixture)
    serving,
)

GUILD_A = 111_000_000_000_000_000
GUILD_B = 222_000_000_000_000_000

StartBot = Callable[..., Awaitable[WirewatchBot]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    server.add_guild(GUILD_A, "Guild A")
    server.add_guild(GUILD_B, "Guild B")
    await server.start()
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    yield server
    await server.stop()
    # The bot sets these process-wide; put them back for whatever runs next.
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = (
        base,
        yarl.URL(str(gateway)),
    )


def make_settings(fake: FakeDiscord, tmp_path: Path, **env: str) -> Settings:
    return load_settings(
        env={
            "WIREWATCH_DISCORD_API_BASE": fake.api_base,
            "WIREWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ww.db'}",
            **env,
        }
    )


@pytest.fixture
def settings(fake: FakeDiscord, tmp_path: Path) -> Settings:
    return make_settings(fake, tmp_path)


@pytest.fixture
async def start_bot(fake: FakeDiscord) -> AsyncIterator[StartBot]:
    """Start a bot (several may run one after another); all are closed at the end."""
    running: list[tuple[WirewatchBot, asyncio.Task[None]]] = []

    async def start(store: Any, settings: Settings, pipeline: Any = None) -> WirewatchBot:
        bot = WirewatchBot(
            store=store, settings=settings, pipeline=pipeline, guild_ready_timeout=0.05
        )
        task = asyncio.create_task(bot.start("fake-token"))
        running.append((bot, task))
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait({ready, task}, timeout=15, return_when=asyncio.FIRST_COMPLETED)
        if task in done:
            ready.cancel()
            task.result()  # raises the startup error
        assert ready in done, "bot did not become ready"
        return bot

    yield start
    for bot, task in running:
        await stop_bot(bot, task)


async def stop_bot(bot: WirewatchBot, task: asyncio.Task[None] | None = None) -> None:
    if not bot.is_closed():
        await bot.close()
    if task is not None:
        with contextlib.suppress(discord.ConnectionClosed, asyncio.CancelledError):
            await asyncio.wait_for(task, 5)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """The real store on a SQLite file (its PostgreSQL twin is covered by tests/store)."""
    s = await open_store(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    yield s
    await s.close()


@pytest.fixture
async def seeded(store: Any) -> Any:
    from tests.discord.seed import seed

    return await seed(store)


@pytest.fixture
async def bot(
    fake: FakeDiscord, settings: Settings, start_bot: StartBot, store: Any, seeded: Any
) -> WirewatchBot:
    return await start_bot(store, settings)


BODY = (
    "Foreign Minister Amara Okonkwo said on Tuesday that talks with Russia would resume in "
    "Geneva next week. “We are ready to sign a ceasefire within days,” Okonkwo told reporters."
)


def loop_rss(base: str, items: list[tuple[str, ...]]) -> bytes:
    """Items are (guid, title) or (guid, title, body); the body defaults to BODY."""
    entries = "".join(
        f"<item><title>{item[1]}</title><link>{base}/story/{item[0]}</link>"
        f'<guid isPermaLink="false">{item[0]}</guid>'
        "<pubDate>Tue, 03 Mar 2026 12:00:00 GMT</pubDate>"
        f"<description>{item[2] if len(item) > 2 else BODY}</description></item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Loop</title>'
        f"<link>{base}/</link>{entries}</channel></rss>"
    ).encode()


@pytest.fixture
async def feed() -> AsyncIterator[dict[str, Any]]:
    """A feed at state["base"] + "/rss" on loopback: set state["items"] to change what it
    serves, state["status"] to make it fail with that HTTP status."""
    state: dict[str, Any] = {"items": [], "status": 200}

    async def rss(request: web.Request) -> web.Response:
        if state["status"] != 200:
            return web.Response(status=state["status"], text="failing on purpose")
        return web.Response(body=loop_rss(state["base"], state["items"]), content_type="text/xml")

    app = web.Application()
    app.router.add_get("/rss", rss)
    async with serving(app) as base:
        state["base"] = base
        yield state
