"""Real `wirewatch` processes and the loopback feeds they poll, for tests that start, kill and
restart the service (tests/discord/test_run_kill.py, tests/scaleout/)."""

from __future__ import annotations

import asyncio
import inspect
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest
from aiohttp import web

from store.base import FeedSpec


@asynccontextmanager
async def serving(app: web.Application) -> AsyncIterator[str]:
    """Serve `app` on a free loopback port for the block; yields its base URL."""
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    finally:
        await runner.cleanup()


REPO = Path(__file__).resolve().parents[1]
WIREWATCH = Path(sys.executable).parent / "wirewatch"
WAIT = 60.0  # generous bound on every observable condition; none should come near it
FEED_DELAY = 0.3  # seconds each feed answer takes: with 4 feeds at a time, a poll takes ~2 s


def clean_env() -> dict[str, str]:
    """This environment without any wirewatch setting or token of the developer's."""
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WIREWATCH_") and k != "DISCORD_TOKEN"
    }


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    body: str
    link: str


@dataclass
class Feeds:
    """Loopback RSS feeds /feed/<n>; `items[n]` is what feed n serves, newest first."""

    base: str = ""
    items: dict[int, list[Item]] = field(default_factory=dict)
    delay: float = FEED_DELAY  # seconds each answer takes
    hits: Counter[int] = field(default_factory=Counter)  # requests per feed
    in_flight: Counter[int] = field(default_factory=Counter)
    overlaps: list[int] = field(default_factory=list)  # feeds fetched twice at one time
    agents: list[tuple[int, str]] = field(default_factory=list)  # (feed, User-Agent) per request
    # While set and closed, requests wait (in flight) until it opens: a poller can be caught
    # holding its feeds without racing the clock.
    gate: asyncio.Event | None = None
    busy: Counter[str] = field(default_factory=Counter)  # requests in flight by User-Agent

    def url(self, n: int) -> str:
        return f"{self.base}/feed/{n}"

    def served(self) -> list[Item]:
        return [i for items in self.items.values() for i in items]

    def name(self, n: int) -> str:
        return f"Kill wire {n}"

    def specs(self) -> list[FeedSpec]:
        return [FeedSpec(self.url(n), self.name(n), ["world"]) for n in sorted(self.items)]

    def write_config(self, folder: Path) -> Path:
        """wirewatch.toml (returned) and a feeds.toml listing every feed, in `folder`."""
        (folder / "feeds.toml").write_text(
            "".join(
                f'[[feed]]\nname = "{s.name}"\nurl = "{s.url}"\ntopics = ["world"]\n\n'
                for s in self.specs()
            )
        )
        config = folder / "wirewatch.toml"
        config.write_text(
            f'feeds_file = "feeds.toml"\ntopics_file = "{REPO / "config" / "topics.toml"}"\n'
        )
        return config


def _rss(feed: Feeds, n: int) -> bytes:
    entries = "".join(
        f"<item><title>{i.title}</title><link>{i.link}</link>"
        f'<guid isPermaLink="false">{i.guid}</guid>'
        "<pubDate>Tue, 03 Mar 2026 12:00:00 GMT</pubDate>"
        f"<description>{i.body}</description></item>"
        for i in feed.items[n]
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{feed.name(n)}</title><link>{feed.url(n)}</link>{entries}</channel></rss>"
    ).encode()


class Stories:
    """Fictional stories that share no word but stopwords, so no two cluster into one story."""

    SYLLABLES = "ba ke lo mi nu ra so ti vu za dro qua tal vix pel gor sul fen mok rin"

    def __init__(self) -> None:
        self._rng = random.Random(9)  # the same stories every run
        self._used: set[str] = set()

    def _word(self) -> str:
        while True:
            w = "".join(self._rng.choice(self.SYLLABLES.split()) for _ in range(3))
            if w not in self._used:
                self._used.add(w)
                return w

    def make(self, guid: str, base: str) -> Item:
        w = [self._word() for _ in range(10)]
        title = " ".join(x.capitalize() for x in w[:3])
        body = (
            f"{w[0].capitalize()} {w[1].capitalize()} of {w[2].capitalize()} and "
            f"{w[3]} {w[4]} in {w[5].capitalize()}, the {w[6]} {w[7]} to {w[8]} {w[9]}."
        )
        return Item(guid, title, body, f"{base}/story/{guid}")


@pytest.fixture
async def feeds() -> AsyncIterator[Feeds]:
    state = Feeds()

    async def serve(request: web.Request) -> web.Response:
        n = int(request.match_info["n"])
        state.hits[n] += 1
        agent = request.headers.get("User-Agent", "")
        state.agents.append((n, agent))
        state.in_flight[n] += 1
        state.busy[agent] += 1
        if state.in_flight[n] > 1:
            state.overlaps.append(n)
        try:
            if state.gate is not None:
                await state.gate.wait()
            await asyncio.sleep(state.delay)
        finally:
            state.in_flight[n] -= 1
            state.busy[agent] -= 1
        return web.Response(body=_rss(state, n), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed/{n}", serve)
    async with serving(app) as base:
        state.base = base
        yield state


async def _holds(cond: Callable[[], bool | Awaitable[bool]]) -> bool:
    result = cond()
    return bool(await result) if inspect.isawaitable(result) else bool(result)


class Service:
    """`wirewatch run` as a child process, its output in a log file per start."""

    def __init__(
        self, env: dict[str, str], cwd: Path, args: Sequence[str] = ("run",), name: str = "run"
    ) -> None:
        self.env, self.cwd, self.args, self.name = env, cwd, tuple(args), name
        self.proc: asyncio.subprocess.Process | None = None
        self.log: Path | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    async def start(self) -> None:
        self.starts += 1
        self.log = self.cwd / f"{self.name}{self.starts}.log"
        self._log = self.log.open("wb")  # a file, not a pipe: a full pipe would block the bot
        self.proc = await asyncio.create_subprocess_exec(
            str(WIREWATCH),
            *self.args,
            env=self.env,
            cwd=self.cwd,
            stdout=self._log,
            stderr=self._log,
        )

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else ""

    async def until(self, what: str, cond: Callable[[], bool | Awaitable[bool]]) -> None:
        """Wait for an observable condition (a database query may be awaited); fail at once
        if the process died instead."""
        deadline = time.monotonic() + WAIT
        while not await _holds(cond):
            assert self.proc is not None and self.proc.returncode is None, (
                f"wirewatch exited ({self.proc and self.proc.returncode}) waiting for {what}:\n"
                + self.tail()
            )
            assert time.monotonic() < deadline, f"timed out waiting for {what}:\n{self.tail()}"
            await asyncio.sleep(0.02)

    def kill(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            self.proc.kill()  # its loop is gone by now: no wait, the OS reaps the orphan
        if self._log is not None:
            self._log.close()

    async def stop(self, sig: signal.Signals) -> int:
        assert self.proc is not None and self._log is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        code = await asyncio.wait_for(self.proc.wait(), WAIT)
        self._log.close()
        return code
