"""`wirewatch run` as a real process against the fake Discord, seeded by `wirewatch poll --once`."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from bot.discord.embeds import safe
from tests.discord.conftest import GUILD_A
from tests.discord.fake_discord import FakeDiscord

REPO = Path(__file__).resolve().parents[2]
WIREWATCH = Path(sys.executable).parent / "wirewatch"


async def _run(*args: str, env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(WIREWATCH),
        *args,
        env=env,
        cwd=cwd,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_wirewatch_run_answers_search_and_actor_from_polled_samples(
    fake: FakeDiscord, tmp_path: Path
) -> None:
    assert (REPO / "samples" / "wirewatch.toml").is_file() and WIREWATCH.exists()
    db = f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("WIREWATCH_") and k != "DISCORD_TOKEN"
    }
    env |= {
        "WIREWATCH_CONFIG": str(REPO / "samples" / "wirewatch.toml"),
        "WIREWATCH_DATABASE_URL": db,
        "WIREWATCH_DISCORD_API_BASE": fake.api_base,
    }

    poll = await _run("poll", "--once", env=env, cwd=tmp_path)
    out, err = await asyncio.wait_for(poll.communicate(), 120)
    assert poll.returncode == 0, err.decode()

    from store import open_store

    store = await open_store(db)
    try:
        article = (await store.recent_articles(limit=1))[0]
        actor = (await store.actor_names(limit=1))[0]
        by_actor = await store.articles_by_actor(actor, limit=5)
    finally:
        await store.close()
    word = max(re.findall(r"[A-Za-z]{5,}", article.title), key=len)

    run = await _run("run", env=env | {"DISCORD_TOKEN": "fake-token"}, cwd=tmp_path)
    try:
        await asyncio.wait_for(fake.synced.wait(), 60)
        await asyncio.wait_for(fake.identified.wait(), 30)
        await asyncio.sleep(0.5)  # READY processed by the bot
        found = await fake.command("search", {"query": word}, guild_id=GUILD_A, wait_s=30)
        assert safe(article.title, 200) in found.text()
        said = await fake.command("actor", {"name": actor}, guild_id=GUILD_A, wait_s=30)
        assert any(safe(a.title, 200) in said.text() for a in by_actor), said.text()
    finally:
        run.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(run.communicate(), 60)
    assert run.returncode == 0, err.decode()[-2000:]
