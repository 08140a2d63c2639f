"""Two real `wirewatch run --role bot` processes on one PostgreSQL database post to the fake
Discord: each subscription is worked by one bot at a time (a lease), so every story reaches
every channel once and every digest window is posted once, and a bot killed with kill -9
mid-delivery leaves the rest to the other.
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds
from tests.pg import query
from tests.scaleout.bots import (
    CHANNELS,
    GUILD,
    SUBSCRIPTIONS,
    bot,
    seed_due_windows,
    seed_instant,
)

pytestmark = pytest.mark.postgres

STORIES = 3
# A digest window's stories: with its header, more embeds than one message holds (10), so
# each window is two messages and a kill can fall between them.
WINDOW_STORIES = 12
WINDOW_PARTS = 2
POST_DELAY = 0.05  # seconds Discord takes to answer a message POST it already accepted


def _posts(fake: FakeDiscord, name: str) -> int:
    return sum(
        1 for c in fake.calls_to("POST", "/messages") if c.auth == f"Bot {name}" and c.status == 200
    )


def _titles(fake: FakeDiscord, channel: int) -> list[str]:
    return [e.get("title", "") for m in fake.posted(channel) for e in m.get("embeds", [])]


def _nonce_repeats(fake: FakeDiscord) -> int:
    nonces = Counter(c.json["nonce"] for c in fake.calls_to("POST", "/messages") if c.json)
    return sum(n - 1 for n in nonces.values())


async def _kill_one_mid_delivery(
    fake: FakeDiscord, feeds: Feeds, tmp_path: Path, url: str, posts: int, done_sql: str, done: int
) -> int:
    """Two bots deliver `posts` messages; bot-a is killed with kill -9 once both are posting,
    bot-b goes on until `done_sql` counts `done` (every delivery recorded). a's posts."""
    fake.post_delay = POST_DELAY
    a, b = (bot(fake, feeds, tmp_path, url, name) for name in ("bot-a", "bot-b"))
    try:
        await a.start()
        await b.start()
        await a.until(
            "both bots posting", lambda: _posts(fake, "bot-a") >= 5 <= _posts(fake, "bot-b")
        )
        assert await a.stop(signal.SIGKILL) == -signal.SIGKILL
        a_posted = _posts(fake, "bot-a")
        assert a_posted < posts, "the kill came after the delivery ended"

        async def all_recorded() -> bool:
            return int((await query(url, done_sql))[0][0]) == done

        await b.until("every delivery recorded", all_recorded)
        assert await b.stop(signal.SIGTERM) == 0, b.tail()
    finally:
        a.kill()
        b.kill()
    return a_posted


async def test_two_bots_and_a_kill_post_every_story_once_to_every_channel(
    fake: FakeDiscord, feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> None:
    titles = await seed_instant(fresh_pg, feeds, [(GUILD, c) for c in CHANNELS], STORIES)
    total = SUBSCRIPTIONS * STORIES
    sql = "SELECT count(*) FROM story_posts"
    a_posted = await _kill_one_mid_delivery(fake, feeds, tmp_path, fresh_pg, total, sql, total)

    # The message log: every channel got each story once.
    for channel in CHANNELS:
        assert Counter(_titles(fake, channel)) == Counter(titles), channel
    # No two bots worked one subscription at once: every message was asked for once, but
    # the one a's kill cut short, which b asked for again with the same nonce.
    assert _nonce_repeats(fake) <= 1
    assert _posts(fake, "bot-b") >= total - a_posted


async def test_two_bots_and_a_kill_post_every_digest_window_once(
    fake: FakeDiscord, feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> None:
    targets = [(GUILD, c) for c in CHANNELS]
    titles = await seed_due_windows(fresh_pg, feeds, targets, WINDOW_STORIES)
    total = SUBSCRIPTIONS * WINDOW_PARTS
    sql = "SELECT count(*) FROM digest_posts"
    await _kill_one_mid_delivery(fake, feeds, tmp_path, fresh_pg, total, sql, SUBSCRIPTIONS)

    # The message log: every channel got its window once, in two messages, each story once.
    for channel in CHANNELS:
        assert len(fake.posted(channel)) == WINDOW_PARTS, channel
        headers = [t for t in _titles(fake, channel) if t.endswith(" digest")]
        assert len(headers) == 1, channel
        assert Counter(_titles(fake, channel)) == Counter([*headers, *titles]), channel
    # Only the window a's kill cut short was asked for again (same nonces, so no new
    # message): no two bots ever worked one subscription at once.
    assert _nonce_repeats(fake) <= WINDOW_PARTS
