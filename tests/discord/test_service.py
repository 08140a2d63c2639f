"""`wirewatch run` without a token says so in one line and exits 2."""

from __future__ import annotations

import asyncio

import pytest

from bot import service
from bot.settings import load_settings


async def test_run_without_token_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = await service.run(load_settings(env={}))
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("DISCORD_TOKEN is not set: ") and err.count("\n") == 1


async def test_jobs_still_running_after_the_drain_are_cancelled_and_awaited() -> None:
    jobs = service.Jobs()
    unwound: list[str] = []

    async def endless() -> None:
        try:
            await asyncio.sleep(3600)
        finally:
            unwound.append("endless")  # e.g. a digest saving its progress

    task = asyncio.ensure_future(jobs.tracked("endless", endless)())
    tracked = asyncio.create_task(asyncio.sleep(3600))
    jobs.add(tracked)
    await asyncio.sleep(0)
    await jobs.drain(0.05)  # bounded: returns although both still run
    assert not task.done() and not tracked.done()
    await asyncio.wait_for(jobs.cancel(), 2)
    assert task.done() and tracked.cancelled() and unwound == ["endless"]
    assert not jobs.running  # nothing left that could touch a closed store
