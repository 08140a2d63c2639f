"""Real `wirewatch run --role bot` processes on the fake Discord, one guild of many channels."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from store import open_store
from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds, Service, Stories, clean_env
from tests.pg import query
from tests.store.factories import article

GUILD = 333_000_000_000_000_000
SUBSCRIPTIONS = 50
CHANNELS = [GUILD + 1 + i for i in range(SUBSCRIPTIONS)]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    server.add_guild(GUILD, "Guild C", CHANNELS)
    await server.start()
    yield server
    await server.stop()


def bot(
    fake: FakeDiscord, feeds: Feeds, tmp_path: Path, url: str, name: str, check_seconds: str = "0.5"
) -> Service:
    """`wirewatch run --role bot` on the fake Discord; it looks for due windows every
    `check_seconds`."""
    env = clean_env() | {
        "WIREWATCH_CONFIG": str(feeds.write_config(tmp_path)),
        "WIREWATCH_DATABASE_URL": url,
        "WIREWATCH_DISCORD_API_BASE": fake.api_base,
        "WIREWATCH_DIGEST_CHECK_SECONDS": check_seconds,
        "WIREWATCH_DIGEST_LEASE_SECONDS": "3",
        "DISCORD_TOKEN": name,  # tells the fake which bot is posting
    }
    return Service(env, tmp_path, ("run", "--role", "bot"), name=name)


async def seed_instant(
    url: str, feeds: Feeds, targets: list[tuple[int, int]], count: int, schedule: str = "instant"
) -> list[str]:
    """A feed every guild follows, an instant (or `schedule`) subscription per (guild,
    channel), then `count` stories (stored after the subscriptions, so each is in every
    subscription's first window); their titles."""
    stories = Stories()
    items = [stories.make(f"s{k}", feeds.base) for k in range(count)]
    feeds.items = {0: []}
    store = await open_store(url)
    try:
        await store.sync_default_feeds(feeds.specs())
        for guild, channel in targets:
            await store.ensure_guild(guild)
            await store.add_subscription(guild, channel, None, schedule)
        (feed,) = await store.list_feeds()
        await store.add_articles(
            [article(feed.id, i.guid, title=i.title, text=i.body, topics=["world"]) for i in items]
        )
    finally:
        await store.close()
    return [i.title for i in items]


async def seed_due_windows(
    url: str, feeds: Feeds, targets: list[tuple[int, int]], count: int
) -> list[str]:
    """As seed_instant, with daily digests whose first window ended half an hour ago: every
    subscription's window is due at once, and holds the `count` stories (their titles). The
    window's end is far from now, so no new window falls due while a test runs."""
    end = (datetime.now(UTC) - timedelta(minutes=30)).replace(second=0, microsecond=0)
    titles = await seed_instant(url, feeds, targets, count, schedule=f"daily {end:%H:%M}")
    # Made before the window ended, and the stories stored in it.
    await query(url, "UPDATE subscriptions SET created_at = $1", end - timedelta(hours=1))
    await query(url, "UPDATE articles SET stored_at = $1", end - timedelta(minutes=1))
    return titles
