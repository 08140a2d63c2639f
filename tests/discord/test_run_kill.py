"""`kill -9` of the real `wirewatch run` mid-poll and mid-post: no article and no post is lost
or duplicated.

The process polls loopback feeds (each answer delayed, so a poll takes seconds) and posts an
instant subscription's stories to the fake Discord (each answer delayed after Discord created
the message). Over five starts it is killed four times:

1. mid-poll of the new feeds' backlog (stored silently: a new feed's first poll announces
   nothing), then again once the restart has stored the rest;
2. mid-poll of a new item per feed (these are announced), some stored and some not;
3. mid-post: the moment Discord created a message, before the bot heard its id;
4. the last start posts the rest and stops on SIGTERM.

Checked against the SQLite file and the fake's records: every entry stored once, the database
intact, and every new story posted to the channel exactly once.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pytest
from aiohttp import web

from store import open_store
from store.base import FeedSpec
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord

REPO = Path(__file__).resolve().parents[2]
WIREWATCH = Path(sys.executable).parent / "wirewatch"
CHANNEL = GUILD_A + 1
FEEDS = 24
BACKLOG = 2  # items per feed before the first poll
FEED_DELAY = 0.3  # seconds each feed answer takes: with 4 feeds at a time, a poll takes ~2 s
POST_DELAY = 0.25  # seconds Discord takes to answer a message POST it already accepted
WAIT = 60.0  # generous bound on every observable condition; none should come near it


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

    def url(self, n: int) -> str:
        return f"{self.base}/feed/{n}"

    def served(self) -> list[Item]:
        return [i for items in self.items.values() for i in items]


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
        f"<title>Kill wire {n}</title><link>{feed.url(n)}</link>{entries}</channel></rss>"
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
        await asyncio.sleep(FEED_DELAY)
        body = _rss(state, int(request.match_info["n"]))
        return web.Response(body=body, content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/feed/{n}", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    state.base = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
    yield state
    await runner.cleanup()


class Db:
    """Read-only looks at the service's SQLite file, from outside the process."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        con = sqlite3.connect(self.path, timeout=30)
        try:
            return con.execute(sql).fetchall()
        finally:
            con.close()

    def count(self, sql: str) -> int:
        return int(self.rows(sql)[0][0])


class Service:
    """`wirewatch run` as a child process, its output in a log file per start."""

    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env, self.cwd = env, cwd
        self.proc: asyncio.subprocess.Process | None = None
        self.log: Path | None = None
        self._log: IO[bytes] | None = None
        self.starts = 0

    async def start(self) -> None:
        self.starts += 1
        self.log = self.cwd / f"run{self.starts}.log"
        self._log = self.log.open("wb")  # a file, not a pipe: a full pipe would block the bot
        self.proc = await asyncio.create_subprocess_exec(
            str(WIREWATCH), "run", env=self.env, cwd=self.cwd, stdout=self._log, stderr=self._log
        )

    def tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log else ""

    async def until(self, what: str, cond: Callable[[], bool]) -> None:
        """Wait for an observable condition; fail at once if the process died instead."""
        deadline = time.monotonic() + WAIT
        while not cond():
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


def _titles(messages: list[dict[str, Any]]) -> list[str]:
    return [e.get("title", "") for m in messages for e in m.get("embeds", [])]


async def test_kill_9_mid_poll_and_mid_post_loses_and_duplicates_nothing(
    fake: FakeDiscord, feeds: Feeds, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    stories = Stories()
    for n in range(FEEDS):
        feeds.items[n] = [stories.make(f"f{n}-old{k}", feeds.base) for k in range(BACKLOG)]
    backlog = {i.link for i in feeds.served()}

    (tmp_path / "feeds.toml").write_text(
        "".join(
            f'[[feed]]\nname = "Kill wire {n}"\nurl = "{feeds.url(n)}"\ntopics = ["world"]\n\n'
            for n in range(FEEDS)
        )
    )
    (tmp_path / "wirewatch.toml").write_text(
        f'feeds_file = "feeds.toml"\ntopics_file = "{REPO / "config" / "topics.toml"}"\n'
    )
    path = tmp_path / "kill.db"
    url = f"sqlite+aiosqlite:///{path}"
    store = await open_store(url)
    try:
        await store.sync_default_feeds(
            FeedSpec(feeds.url(n), f"Kill wire {n}", ["world"]) for n in range(FEEDS)
        )
        await store.ensure_guild(GUILD_A)
        await store.add_subscription(GUILD_A, CHANNEL, None, "instant")
    finally:
        await store.close()

    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WIREWATCH_") and k != "DISCORD_TOKEN"
    }
    env |= {
        "WIREWATCH_CONFIG": str(tmp_path / "wirewatch.toml"),
        "WIREWATCH_DATABASE_URL": url,
        "WIREWATCH_DISCORD_API_BASE": fake.api_base,
        # Every feed is due again at each start (the poll job runs at once, then every minute).
        "WIREWATCH_POLL_INTERVAL_MINUTES": "0.01",
        "DISCORD_TOKEN": "fake-token",
    }
    db = Db(path)
    service = Service(env, tmp_path)
    request.addfinalizer(service.kill)  # a failed wait must not leave the process running

    def stored() -> int:
        return db.count("SELECT count(*) FROM articles")

    def announced() -> int:
        return db.count("SELECT count(*) FROM articles WHERE announce")

    # 1. Killed mid-poll of the backlog: some entries stored, not all.
    await service.start()
    await service.until("part of the backlog stored", lambda: stored() >= FEEDS // 2)
    assert await service.stop(signal.SIGKILL) == -signal.SIGKILL
    assert FEEDS // 2 <= stored() < FEEDS * BACKLOG, "the kill came after the poll ended"

    # The restart finishes the backlog; a feed whose first poll was cut short is still new,
    # so it stays silent too.
    await service.start()
    await service.until(
        "every feed's first poll",
        lambda: db.count("SELECT count(*) FROM feeds WHERE initialized") == FEEDS,
    )
    assert await service.stop(signal.SIGKILL) == -signal.SIGKILL
    assert stored() == FEEDS * BACKLOG and announced() == 0

    # 2. One new story per feed, announced; killed mid-poll again.
    fresh = {n: stories.make(f"f{n}-new", feeds.base) for n in range(FEEDS)}
    for n, item in fresh.items():
        feeds.items[n].insert(0, item)
    await service.start()
    await service.until("some new stories stored", lambda: announced() >= FEEDS // 4)
    assert await service.stop(signal.SIGKILL) == -signal.SIGKILL
    assert announced() < FEEDS, "the kill came after the poll ended"

    # 3. Killed mid-post: the moment Discord created a message, before the bot heard its id.
    fake.post_delay = POST_DELAY
    await service.start()
    mid = FEEDS // 3
    await service.until("some stories posted", lambda: len(fake.posted(CHANNEL)) >= mid)
    assert await service.stop(signal.SIGKILL) == -signal.SIGKILL
    assert announced() == FEEDS and len(fake.posted(CHANNEL)) < FEEDS

    # 4. The last start posts the rest; stopped cleanly once every story is linked to a post.
    await service.start()
    await service.until(
        "every story posted", lambda: db.count("SELECT count(*) FROM story_posts") >= FEEDS
    )
    assert await service.stop(signal.SIGTERM) == 0, service.tail()

    # Every entry served is stored exactly once, the new ones announced, the backlog not.
    rows = db.rows("SELECT dedupe_key, url, announce FROM articles")
    urls = Counter(r[1] for r in rows)
    assert set(urls) == {i.link for i in feeds.served()} and max(urls.values()) == 1
    assert len({r[0] for r in rows}) == len(rows) == FEEDS * (BACKLOG + 1)
    assert {r[1] for r in rows if r[2]} == {i.link for i in fresh.values()}
    assert not {r[1] for r in rows if r[2]} & backlog
    assert db.rows("PRAGMA integrity_check") == [("ok",)]

    # Every new story posted to the channel exactly once, nothing else posted anywhere.
    posted = fake.posted(CHANNEL)
    titles = Counter(_titles(posted))
    assert [t for t, k in titles.items() if k > 1] == [], "posted twice"
    assert set(titles) == {i.title for i in fresh.values()}, "lost or stray posts"
    assert len(posted) == FEEDS
    assert {cid for cid, m in fake.messages.items() if m} == {CHANNEL}
    # The kill did cut a post short: its message was sent again after the restart, under the
    # same nonce, and Discord answered with the message the first attempt had created.
    nonces = Counter(c.json["nonce"] for c in fake.calls_to("POST", f"/channels/{CHANNEL}/"))
    assert len(nonces) == FEEDS and max(nonces.values()) == 2
    # Each post is linked to its story: later articles edit that message, never a new one.
    links = db.rows("SELECT message_id FROM story_posts")
    assert sorted(int(r[0]) for r in links) == sorted(int(m["id"]) for m in posted)
