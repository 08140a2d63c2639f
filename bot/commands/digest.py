"""`wirewatch digest`: stored stories of a recent window, grouped by topic."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.durations import DURATION_HELP, parse_duration

if TYPE_CHECKING:
    from bot.settings import Settings

# The keys of bot.digest.RENDERERS, spelled out so that building the parser needs no import of
# bot.digest (tests/cli/test_startup.py checks they agree).
DIGEST_FORMATS = ["json", "markdown", "text"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("digest", help="print a digest of recent stories", description=__doc__)
    p.add_argument("--since", help=f"window length, {DURATION_HELP} (default: digest.since_hours)")
    p.add_argument("--topic", help="only this topic")
    p.add_argument("--format", choices=DIGEST_FORMATS, default="text")
    p.add_argument(
        "--limit", type=int, help="at most this many stories (default: digest.max_stories)"
    )
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    try:
        window = (
            parse_duration(args.since)
            if args.since
            else timedelta(hours=settings.digest.since_hours)
        )
        since = datetime.now(UTC) - window
    except ValueError as e:
        print(f"wirewatch digest: --since: {e}", file=sys.stderr)
        return 2
    limit = args.limit or settings.digest.max_stories
    return asyncio.run(_digest(settings, since, args.topic, args.format, limit))


async def _digest(
    settings: Settings, since: datetime, topic: str | None, fmt: str, limit: int
) -> int:
    from bot.commands._common import configured_store
    from bot.digest import RENDERERS, build_digest
    from bot.settings import ConfigError

    async with configured_store(settings) as store:
        if topic and topic.lower() not in await store.topic_names(topic.lower(), limit=1000):
            known = ", ".join(await store.topic_names(limit=50)) or "none yet"
            print(
                f"wirewatch digest: unknown topic {topic!r}; known topics: {known}", file=sys.stderr
            )
            return 2
        # With the OpenAI backend, stories of 3+ outlets get a model-written summary (cached
        # per story version, within the daily budget); otherwise the rules pick.
        backend = None
        if settings.summarizer.backend == "openai":
            from bot.summarizing import build_summarizer  # lazily: the rules path needs none

            try:
                backend = build_summarizer(settings, store)
            except ConfigError as e:
                print(f"wirewatch digest: {e}; story summaries by rules", file=sys.stderr)
        try:
            d = await build_digest(
                store,
                since=since,
                topic=topic.lower() if topic else None,
                max_stories=limit,
                story_summary=getattr(backend, "story_summary", None),
            )
        finally:
            aclose = getattr(backend, "aclose", None)
            if aclose is not None:
                await aclose()
    sys.stdout.write(RENDERERS[fmt](d))
    return 0
