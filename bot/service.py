"""`wirewatch run`: the Discord bot, the poller and the digest scheduler on one event loop.

Shutdown order on SIGTERM/SIGINT: the pipeline finishes the article in hand and stops, the
scheduler stops (after the jobs in flight end), the bot closes, and the store closes last.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from bot.settings import Settings

log = logging.getLogger(__name__)

JOB_DRAIN_SECONDS = 120  # how long a poll in flight may take to finish at shutdown


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

    async def drain(self, seconds: float) -> None:
        if self.running:
            await asyncio.wait(set(self.running), timeout=seconds)


async def run(settings: Settings) -> int:
    token = settings.discord_token
    if token is None:
        print(
            "DISCORD_TOKEN is not set: export your bot's token (Discord developer portal → Bot) and run again.",
            file=sys.stderr,
        )
        return 2

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.discord.client import WirewatchBot
    from bot.pipeline import Pipeline
    from bot.summarizing import build_summarizer
    from store import open_store

    loop = asyncio.get_running_loop()
    store = await open_store(settings.database.url)
    try:
        await store.sync_default_feeds(settings.feeds())
        pipeline = Pipeline(store, settings, build_summarizer(settings, store))
        bot = WirewatchBot(store=store, settings=settings, pipeline=pipeline)
        jobs = Jobs()
        scheduler = AsyncIOScheduler(event_loop=loop, timezone="UTC")
        every_minute: dict[str, Any] = {
            "trigger": "interval",
            "minutes": 1,
            "max_instances": 1,
            "coalesce": True,
        }
        scheduler.add_job(
            jobs.tracked("poll", pipeline.poll_due),
            id="poll",
            next_run_time=datetime.now(UTC),
            **every_minute,
        )
        scheduler.add_job(
            jobs.tracked("digests", bot.digests.run_due), id="digests", **every_minute
        )

        stop = asyncio.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        try:
            scheduler.start()
            bot_task = asyncio.create_task(bot.start(token.get_secret_value()), name="discord-bot")
            stop_task = asyncio.create_task(stop.wait())
            await asyncio.wait({bot_task, stop_task}, return_when=asyncio.FIRST_COMPLETED)
            log.info("shutting down")
            pipeline.request_stop()
            scheduler.pause()  # no new runs; the ones in flight finish below
            await jobs.drain(JOB_DRAIN_SECONDS)
            scheduler.shutdown(wait=False)
            await bot.close()
            stop_task.cancel()
            code = 0
            if (
                bot_task.done()
                and not bot_task.cancelled()
                and (err := bot_task.exception()) is not None
            ):
                log.error("the Discord connection failed: %s", err)
                code = 1
            else:
                bot_task.cancel()
            return code
        finally:
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.remove_signal_handler(sig)
    finally:
        await store.close()
