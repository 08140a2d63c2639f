"""Shard routing: two real bot processes run one Discord shard each (`--shard-count 2
--shards 0|1`); a guild's stories are posted by the process holding its shard, and the slash
commands are synced once, by the process running shard 0."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.discord.fake_discord import FakeDiscord
from tests.live import Feeds
from tests.pg import query
from tests.scaleout.bots import bot, seed_instant

pytestmark = pytest.mark.postgres

# Discord's shard of a guild is (id >> 22) % shard count.
ON_SHARD = {0: 10 << 22, 1: 11 << 22}
STORIES = 2


async def test_each_guild_is_posted_to_by_the_process_holding_its_shard(
    fake: FakeDiscord, feeds: Feeds, fresh_pg: str, tmp_path: Path
) -> None:
    for shard, guild in ON_SHARD.items():
        fake.add_guild(guild, f"Shard {shard}", [guild + 1])
    targets = [(guild, guild + 1) for guild in ON_SHARD.values()]
    await seed_instant(fresh_pg, feeds, targets, STORIES)
    bots = []
    for shard in ON_SHARD:
        b = bot(fake, feeds, tmp_path, fresh_pg, f"shard-{shard}")
        b.args = (*b.args, "--shard-count", "2", "--shards", str(shard))
        bots.append(b)

    async def all_posted() -> bool:
        rows = await query(fresh_pg, "SELECT count(*) FROM story_posts")
        return int(rows[0][0]) == len(targets) * STORIES

    try:
        for b in bots:
            await b.start()
        await bots[0].until("every story posted", all_posted)
        for b in bots:
            assert await b.stop(signal.SIGTERM) == 0, b.tail()
    finally:
        for b in bots:
            b.kill()
    for shard, guild in ON_SHARD.items():
        posters = {c.auth for c in fake.calls_to("POST", f"/channels/{guild + 1}/messages")}
        assert posters == {f"Bot shard-{shard}"}
    syncs = [c.auth for c in fake.calls_to("PUT", "/commands")]
    assert syncs == ["Bot shard-0"]
