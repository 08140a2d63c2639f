"""New stories reach a bot in another process by LISTEN/NOTIFY: a real poller and a real bot
(`--role poller`, `--role bot`) on PostgreSQL, the bot checking for due windows only every ten
minutes, far longer than the test waits: a story it posts was announced to it by the poller.
"""

from __future__ import annotations

import signal
from functools import partial
from pathlib import Path

import pytest

from store import open_store
from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds, Stories
from tests.pg import query
from tests.scaleout.bots import CHANNELS, GUILD, bot
from tests.scaleout.pollers import poller

pytestmark = pytest.mark.postgres

CHANNEL = CHANNELS[0]


def _posted(fake: FakeDiscord, title: str) -> bool:
    return title in _titles(fake)


def _titles(fake: FakeDiscord) -> list[str]:
    return [e.get("title", "") for m in fake.posted(CHANNEL) for e in m.get("embeds", [])]


async def test_a_story_a_poller_stores_is_posted_by_a_bot_told_by_notify(
    fake: FakeDiscord, feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> None:
    stories = Stories()
    feeds.items = {0: []}
    feeds.delay = 0.01
    store = await open_store(fresh_pg)
    try:
        await store.sync_default_feeds(feeds.specs())
        await store.ensure_guild(GUILD)
        await store.add_subscription(GUILD, CHANNEL, None, "instant")
    finally:
        await store.close()
    # Past its silent first poll: what the feed lists from now on is announced.
    await query(fresh_pg, "UPDATE feeds SET initialized = true")

    posting = bot(fake, feeds, tmp_path, fresh_pg, "bot-a", check_seconds="600")
    polling = poller(feeds, tmp_path, fresh_pg, "poller-a")
    polling.env["WIREWATCH_POLL_INTERVAL_MINUTES"] = "0.01"  # the feed is read again and again
    try:
        await posting.start()
        await posting.until("logged in", lambda: bool(fake.calls_to("PUT", "/commands")))
        await polling.start()
        for k in range(2):  # the second can only have come by a notification
            item = stories.make(f"n{k}", feeds.base)
            feeds.items[0].insert(0, item)
            await posting.until(f"story {k} posted", partial(_posted, fake, item.title))
        assert await polling.stop(signal.SIGTERM) == 0, polling.tail()
        assert await posting.stop(signal.SIGTERM) == 0, posting.tail()
    finally:
        posting.kill()
        polling.kill()
    assert len(_titles(fake)) == 2
