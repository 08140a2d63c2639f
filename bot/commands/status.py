"""`wirewatch status`: the running wirewatch processes, feeds' health, the summarizer backend and
today's model token usage."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings


# Counting stops here: past it, `status` says "over N" rather than scan every article.
FALLBACK_COUNT_CAP = 1000


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "status",
        help="running processes, feeds' health, summarizer backend, token usage",
        description=__doc__,
    )
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_status(settings))


async def _status(settings: Settings) -> int:
    from bot.commands._common import configured_store
    from bot.feedhealth import feed_health, feed_state
    from bot.registry import live_since

    s = settings.summarizer
    async with configured_store(settings) as store:
        feeds = await store.list_feeds()
        usage = await store.token_usage(datetime.now(UTC).date())
        # Counted, not loaded: each fallback article's text and summary would be parsed.
        fallbacks = await store.count_fallback_articles(limit=FALLBACK_COUNT_CAP + 1)
        now = datetime.now(UTC)
        running = await store.live_processes(live_since(now))
    summary = feed_health(feeds)
    print(f"Processes: {len(running) or 'none'} running")
    for p in running:
        shards = f", shards {p.shards}" if p.shards else ""
        beat = (now - p.heartbeat_at).total_seconds()
        print(
            f"  {p.role}{shards} on {p.host} pid {p.pid}: up since"
            f" {p.started_at:%Y-%m-%d %H:%M}, heartbeat {beat:.0f} s ago, {p.leases} feed leases"
        )
    print(
        f"Summarizer: {s.backend}"
        + (f" ({s.model}, {s.mode} mode)" if s.backend == "openai" else "")
    )
    if s.backend == "openai" or usage.requests:
        print(
            f"Model tokens today: {usage.input_tokens} in / {usage.output_tokens} out"
            f" in {usage.requests} requests (daily budget {s.daily_token_budget})"
        )
    if fallbacks:
        print(
            "Articles summarized by the rules fallback: "
            + (f"over {FALLBACK_COUNT_CAP}" if fallbacks > FALLBACK_COUNT_CAP else str(fallbacks))
            + " (see `wirewatch resummarize`)"
        )
    print(
        f"Feeds: {summary.total} ({summary.healthy} healthy, {len(summary.failing)} failing, "
        f"{len(summary.disabled)} disabled, {len(summary.paused)} paused)"
    )
    for f in feeds:
        last = f.last_polled_at.strftime("%Y-%m-%d %H:%M") if f.last_polled_at else "never"
        print(f"  #{f.id} {f.name}: last poll {last}, {f.article_count} articles, {feed_state(f)}")
    if summary.disabled:
        print("Disabled feeds are not polled; `wirewatch feeds resume FEED` re-enables one.")
    return 0
