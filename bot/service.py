"""`wirewatch run`: the Discord bot, the poller and the digest scheduler on one event loop
(or, with --role, only the poller or only the bot and its digests).

Two APScheduler jobs share the loop with the bot: polling and digests (every minute; a new story
pulls the digest job forward, so instant subscriptions hear within seconds). Shutdown order on
SIGTERM/SIGINT: the scheduler starts no new runs and the pipeline finishes the article in hand; the bot closes (its send queue answers every waiting post
with "shutting down", which a digest saves as progress); the jobs in flight get a bounded time to
end, then whatever still runs is cancelled and awaited; the store closes last, when nothing can
use it any more.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.settings import Settings
from bot.shards import Shards
from store.base import RetentionStore

if TYPE_CHECKING:  # discord.py and APScheduler load only when the service runs
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.discord.client import WirewatchBot

log = logging.getLogger(__name__)

JOB_DRAIN_SECONDS = 120  # how long a poll in flight may take to finish at shutdown
JOB_CANCEL_SECONDS = 10  # how long a cancelled job may take to unwind
DIGEST_INTERVAL = timedelta(minutes=1)  # due windows are checked this often
# A run that comes due while the loop is busy runs late instead of being skipped (APScheduler's
# default grace is one second); coalesce=True still folds several missed runs into one.
MISFIRE_GRACE = None


class Jobs:
    """Scheduled coroutines, tracked so shutdown can wait for them instead of cancelling."""

    def __init__(self) -> None:
        self.running: set[asyncio.Task[Any]] = set()

    def tracked(self, name: str, fn: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[None]]:
        async def job() -> None:
            task = asyncio.current_task()
            assert task is not None
            self.running.add(task)
            try:
                await fn()
            except Exception:  # a failed run is logged; the next one tries again
                log.exception("scheduled job %s failed", name)
            finally:
                self.running.discard(task)

        return job

    def add(self, task: asyncio.Task[Any]) -> None:
        """Track a long-running task (not started by the scheduler) like a job."""
        self.running.add(task)
        task.add_done_callback(self.running.discard)

    async def drain(self, seconds: float) -> None:
        if self.running:
            await asyncio.wait(set(self.running), timeout=seconds)

    async def cancel(self, seconds: float = JOB_CANCEL_SECONDS) -> None:
        """Cancel the jobs still running and wait (bounded) until they have unwound, so none
        touches the store after it closes."""
        left = set(self.running)
        for task in left:
            task.cancel()
        if left:
            _, stuck = await asyncio.wait(left, timeout=seconds)
            for task in stuck:
                log.error("job %s did not stop after being cancelled", task.get_name())


PRUNE_FIRST_DELAY = timedelta(minutes=10)  # after start-up, clear of the first polls


def add_digest_job(
    scheduler: AsyncIOScheduler,
    bot: WirewatchBot,
    jobs: Jobs | None = None,
    interval: timedelta = DIGEST_INTERVAL,
) -> None:
    """The digest job: every subscription's due windows, every `interval`, and a few seconds
    after each new story (the pipeline listener pulls the next run forward)."""
    running = False
    last_nudge: datetime | None = None  # when the latest new story asked for a run

    async def run() -> None:
        nonlocal running
        running = True
        started = datetime.now(UTC)
        try:
            if bot.logged_in.is_set() and not bot.is_closed():  # posting needs a live client
                await bot.digests.run_due()
        finally:
            running = False
            if last_nudge is not None and last_nudge > started - bot.digests.settle:
                # A story stored after this run's window ended (`settle` before it started)
                # or while it ran: its nudge could not bring a run forward (one was due
                # sooner, or this one was running: max_instances=1), so run again once it
                # has settled. Without this, the rest of a burst of stories waited for the
                # next interval, a minute later (found by tests/discord/test_run_kill.py).
                soon()

    scheduler.add_job(
        jobs.tracked("digests", run) if jobs else run,
        id="digests",
        trigger="interval",
        seconds=interval.total_seconds(),
        next_run_time=datetime.now(UTC),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=MISFIRE_GRACE,
    )

    def soon() -> None:
        # After the settle delay a just-stored story is inside the instant window, and a
        # burst of stories gathers into one run.
        nonlocal last_nudge
        last_nudge = datetime.now(UTC)
        if running:
            return  # the run's end schedules the next one
        target = datetime.now(UTC) + bot.digests.settle
        job = scheduler.get_job("digests")
        # Only ever earlier: moving a run that is due sooner back to `target` would let a
        # steady stream of stories postpone every scheduled window indefinitely. No next run
        # means the job is paused (shutting down): leave it so.
        if job is not None and job.next_run_time is not None and job.next_run_time > target:
            job.modify(next_run_time=target)

    bot.digests.on_new_story = soon


async def prune_expired(
    store: RetentionStore, retention_days: int, now: datetime | None = None
) -> int:
    """The retention job: delete articles stored more than `retention_days` ago."""
    now = now or datetime.now(UTC)
    removed = await store.prune_articles(now - timedelta(days=retention_days))
    log.info("retention: pruned %d articles stored over %d days ago", removed, retention_days)
    return removed


async def run(settings: Settings, role: str = "all", shards: Shards | None = None) -> int:
    """`role` picks what this process does: "poller" fetches, summarizes and stores; "bot"
    holds the Discord connection, answers commands and posts digests; "all" does both (one
    process, the SQLite default). Any number of each share one PostgreSQL database."""
    polls, posts = role in ("all", "poller"), role in ("all", "bot")
    token = settings.discord_token
    if posts and token is None:
        print(
            "DISCORD_TOKEN is not set: export your bot's token (Discord developer portal → Bot) and run again.",
            file=sys.stderr,
        )
        return 2

    from store.process_lock import single_process

    with single_process(settings.database.url):
        secret = token.get_secret_value() if posts and token else None
        return await _run(settings, role, polls, secret, shards)


async def _run(
    settings: Settings, role: str, polls: bool, token: str | None, shards: Shards | None
) -> int:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.cpu import CpuPool
    from bot.pipeline import Pipeline
    from bot.registry import registered, this_process
    from bot.summarizing import build_summarizer
    from store import open_store

    loop = asyncio.get_running_loop()
    store = await open_store(settings.database.url, settings.stories.params())
    jobs = Jobs()
    stack = contextlib.AsyncExitStack()  # the registration, left before the store closes
    try:
        await store.sync_default_feeds(settings.feeds())
        pipeline = None
        if polls:
            cpu = CpuPool(settings.poll.workers)
            stack.callback(cpu.close)  # after the scheduler and pipeline have stopped
            pipeline = Pipeline(store, settings, build_summarizer(settings, store, cpu=cpu), cpu)
        bot = None
        if token is not None:  # discord.py loads only in a process that talks to Discord
            from bot.discord.client import make_bot

            bot = make_bot(store=store, settings=settings, pipeline=pipeline, shards=shards)
        scheduler = AsyncIOScheduler(event_loop=loop, timezone="UTC")
        if pipeline is not None:
            scheduler.add_job(
                jobs.tracked("poll", pipeline.poll_due),
                id="poll",
                next_run_time=datetime.now(UTC),
                trigger="interval",
                seconds=settings.poll.check_seconds,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=MISFIRE_GRACE,
            )
        if pipeline is not None and (retention := settings.database.retention_days) > 0:
            # Daily, and first soon after start: a service restarted more often than daily
            # would otherwise never reach its first run.
            scheduler.add_job(
                jobs.tracked("prune", lambda: prune_expired(store, retention)),
                id="prune",
                next_run_time=datetime.now(UTC) + PRUNE_FIRST_DELAY,
                trigger="interval",
                days=1,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=MISFIRE_GRACE,
            )
        if bot is not None:
            add_digest_job(scheduler, bot, jobs, timedelta(seconds=settings.digest.check_seconds))

        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stack.enter_async_context(
                registered(store, this_process(role, str(shards) if shards else None))
            )
            if bot is not None:  # stories stored by other processes (PostgreSQL)
                await stack.enter_async_context(store.listen_new_stories(bot.digests.nudge))
            scheduler.start()
            stop_task = asyncio.create_task(stop.wait())
            waiting: set[asyncio.Task[Any]] = {stop_task}
            bot_task = None
            if bot is not None and token is not None:
                bot_task = asyncio.create_task(bot.start(token), name="discord-bot")
                waiting.add(bot_task)
            log.info("running")
            await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
            log.info("shutting down")
            scheduler.pause()  # no new runs; the ones in flight finish below
            if pipeline is not None:
                pipeline.request_stop()
            if bot is not None:
                # Closed first: a digest waiting on Discord (a long rate limit, say) is
                # answered "shutting down" at once and saves its progress, instead of holding
                # up the exit.
                await bot.close()
            await jobs.drain(JOB_DRAIN_SECONDS)
            scheduler.shutdown(wait=False)
            stop_task.cancel()
            code = 0
            if bot_task is not None and not bot_task.done():
                bot_task.cancel()
            elif bot_task is not None and not bot_task.cancelled() and bot_task.exception():
                log.error("the Discord connection failed: %s", bot_task.exception())
                code = 1
            return code
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
    finally:
        # Also on an error above: no job may still be using the store when it closes.
        await jobs.cancel()
        try:
            await stack.aclose()
        finally:
            await store.close()
