"""Two real `wirewatch run --role bot` processes on one PostgreSQL database post to the fake
Discord: each subscription is worked by one bot at a time (a lease), so every story reaches
every channel once, and a bot killed with kill -9 mid-delivery leaves the rest to the other.
"""

from __future__ import annotations

import signal
from collections import Counter
from pathlib import Path

import pytest

from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds
from tests.pg import query
from tests.scaleout.bots import CHANNELS, GUILD, SUBSCRIPTIONS, bot, seed_instant

pytestmark = pytest.mark.postgres

STORIES = 3
POST_DELAY = 0.05  # seconds Discord takes to answer a message POST it already accepted


def _posts(fake: FakeDiscord, name: str) -> int:
    return sum(
        1 for c in fake.calls_to("POST", "/messages") if c.auth == f"Bot {name}" and c.status == 200
    )


def _titles(fake: FakeDiscord, channel: int) -> list[str]:
    return [e.get("title", "") for m in fake.posted(channel) for e in m.get("embeds", [])]


async def test_two_bots_and_a_kill_post_every_story_once_to_every_channel(
    fake: FakeDiscord, feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> None:
    titles = await seed_instant(fresh_pg, feeds, [(GUILD, c) for c in CHANNELS], STORIES)
    fake.post_delay = POST_DELAY
    a, b = (bot(fake, feeds, tmp_path, fresh_pg, name) for name in ("bot-a", "bot-b"))
    try:
        await a.start()
        await b.start()
        await a.until(
            "both bots posting", lambda: _posts(fake, "bot-a") >= 5 <= _posts(fake, "bot-b")
        )
        assert await a.stop(signal.SIGKILL) == -signal.SIGKILL
        a_posted = _posts(fake, "bot-a")
        assert a_posted < SUBSCRIPTIONS * STORIES, "the kill came after the delivery ended"

        async def all_linked() -> bool:
            rows = await query(fresh_pg, "SELECT count(*) FROM story_posts")
            return int(rows[0][0]) == SUBSCRIPTIONS * STORIES

        await b.until("every story posted to every channel", all_linked)
        assert await b.stop(signal.SIGTERM) == 0, b.tail()
    finally:
        a.kill()
        b.kill()

    # The message log: every channel got each story once.
    for channel in CHANNELS:
        assert Counter(_titles(fake, channel)) == Counter(titles), channel
    # No two bots worked one subscription at once: every message was asked for once, but
    # the one a's kill cut short, which b asked for again with the same nonce.
    nonces = Counter(c.json["nonce"] for c in fake.calls_to("POST", "/messages") if c.json)
    assert sum(n - 1 for n in nonces.values()) <= 1
    assert _posts(fake, "bot-b") >= SUBSCRIPTIONS * STORIES - a_posted
