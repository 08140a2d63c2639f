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

import signal
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from store import open_store
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds, Service, Stories, clean_env

CHANNEL = GUILD_A + 1
FEEDS = 24
BACKLOG = 2  # items per feed before the first poll
POST_DELAY = 0.25  # seconds Discord takes to answer a message POST it already accepted


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


def _titles(messages: list[dict[str, Any]]) -> list[str]:
    return [e.get("title", "") for m in messages for e in m.get("embeds", [])]


async def test_kill_9_mid_poll_and_mid_post_loses_and_duplicates_nothing(
    fake: FakeDiscord, feeds: Feeds, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    stories = Stories()
    for n in range(FEEDS):
        feeds.items[n] = [stories.make(f"f{n}-old{k}", feeds.base) for k in range(BACKLOG)]
    backlog = {i.link for i in feeds.served()}

    config = feeds.write_config(tmp_path)
    path = tmp_path / "kill.db"
    url = f"sqlite+aiosqlite:///{path}"
    store = await open_store(url)
    try:
        await store.sync_default_feeds(feeds.specs())
        await store.ensure_guild(GUILD_A)
        await store.add_subscription(GUILD_A, CHANNEL, None, "instant")
    finally:
        await store.close()

    env = clean_env() | {
        "WIREWATCH_CONFIG": str(config),
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
