"""`wirewatch run` without a token says so in one line and exits 2."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

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


class _Digests:
    """Stands in for the bot's DigestPoster: counts runs, and can hold one run open."""

    def __init__(self, settle: float) -> None:
        self.runs = 0
        self.settle = timedelta(seconds=settle)
        self.on_new_story: Callable[[], None] | None = None
        self.hold: asyncio.Event | None = None
        self.started = asyncio.Event()

    async def run_due(self) -> int:
        self.runs += 1
        self.started.set()
        if self.hold is not None:
            await self.hold.wait()
        return 0


def _bot(settle: float) -> Any:
    logged_in = asyncio.Event()
    logged_in.set()
    return SimpleNamespace(logged_in=logged_in, is_closed=lambda: False, digests=_Digests(settle))


def _nudge(bot: Any) -> None:
    assert bot.digests.on_new_story is not None
    bot.digests.on_new_story()


async def test_a_stream_of_new_stories_does_not_postpone_the_digest_job() -> None:
    bot = _bot(settle=0.5)
    scheduler = AsyncIOScheduler(timezone="UTC")
    service.add_digest_job(scheduler, bot, interval=timedelta(seconds=1))
    scheduler.start()
    try:
        await asyncio.sleep(0.2)
        first = bot.digests.runs
        # A story stored every 0.3 s for 4 s (four intervals): each nudge may only bring the
        # next run forward, never push a due run back.
        for _ in range(13):
            _nudge(bot)
            await asyncio.sleep(0.3)
        assert bot.digests.runs - first >= 3
    finally:
        scheduler.shutdown(wait=False)


async def test_a_story_stored_during_a_run_gets_a_run_after_it() -> None:
    bot = _bot(settle=0.1)
    bot.digests.hold = asyncio.Event()
    scheduler = AsyncIOScheduler(timezone="UTC")
    # An hour between scheduled runs: only the nudge can bring the second run in time.
    service.add_digest_job(scheduler, bot, interval=timedelta(hours=1))
    scheduler.start()
    try:
        await asyncio.wait_for(bot.digests.started.wait(), 2)
        _nudge(bot)  # the run in progress may already have read past this story
        await asyncio.sleep(0.3)  # still running when the nudged run comes due
        bot.digests.hold.set()
        for _ in range(40):
            if bot.digests.runs >= 2:
                break
            await asyncio.sleep(0.05)
        assert bot.digests.runs == 2
    finally:
        scheduler.shutdown(wait=False)


async def test_service_jobs_run_late_rather_than_not_at_all() -> None:
    scheduler = AsyncIOScheduler(timezone="UTC")
    service.add_digest_job(scheduler, _bot(settle=1))
    scheduler.start(paused=True)
    # The default grace (1 s) would drop a run whenever the loop is busy for longer.
    try:
        assert scheduler.get_job("digests").misfire_grace_time is None
    finally:
        scheduler.shutdown(wait=False)
