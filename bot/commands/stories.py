"""`wirewatch stories` (stored stories, most important first) and `wirewatch story ID` (one
story in full: every outlet's article, all quotes by speaker, the dates, the actors)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.durations import DURATION_HELP, parse_duration

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "stories",
        help="list stored stories, most important first",
        description="Stories (one event across outlets) with an article stored in the window, "
        "ranked by the outlets covering them, then recency.",
    )
    p.add_argument("--since", help=f"window length, {DURATION_HELP} (default: digest.since_hours)")
    p.add_argument("--topic", help="only stories with an article of this topic")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--limit", type=int, default=50, help="at most this many stories (default 50)")
    p.set_defaults(func=list_handler)
    one = sub.add_parser("story", help="show one story in full", description=__doc__)
    one.add_argument("id", metavar="ID", help="a story id (as `wirewatch stories` shows it)")
    one.add_argument("--format", choices=["text", "json"], default="text")
    one.set_defaults(func=show_handler)


def list_handler(args: argparse.Namespace, settings: Settings) -> int:
    try:
        window = (
            parse_duration(args.since)
            if args.since
            else timedelta(hours=settings.digest.since_hours)
        )
    except ValueError as e:
        print(f"wirewatch stories: --since: {e}", file=sys.stderr)
        return 2
    if args.limit < 1:
        print("wirewatch stories: --limit must be at least 1", file=sys.stderr)
        return 2
    since = datetime.now(UTC) - window
    return asyncio.run(_list(settings, since, args.topic, args.format, args.limit))


async def _list(
    settings: Settings, since: datetime, topic: str | None, fmt: str, limit: int
) -> int:
    from bot.commands._common import configured_store
    from bot.digest import render_story_text, story_from_record, story_json

    async with configured_store(settings) as store:
        if topic and topic.lower() not in await store.topic_names(topic.lower(), limit=1000):
            known = ", ".join(await store.topic_names(limit=50)) or "none yet"
            print(
                f"wirewatch stories: unknown topic {topic!r}; known topics: {known}",
                file=sys.stderr,
            )
            return 2
        records = await store.list_stories(
            since=since, topic=topic.lower() if topic else None, limit=limit
        )
    if fmt == "json":
        for r in records:
            line = json.dumps(
                story_json(story_from_record(r, quotes=None, dates=None)), ensure_ascii=False
            )
            sys.stdout.write(line + "\n")
        return 0
    if not records:
        print("No stories in this window.")
    for r in records:
        sys.stdout.write("\n".join(render_story_text(story_from_record(r))) + "\n\n")
    return 0


def show_handler(args: argparse.Namespace, settings: Settings) -> int:
    try:
        story_id = int(args.id)
        if story_id < 1:
            raise ValueError
    except ValueError:
        print(
            f"wirewatch story: {args.id!r} is not a story id (a positive number)", file=sys.stderr
        )
        return 2
    return asyncio.run(_show(settings, story_id, args.format))


async def _show(settings: Settings, story_id: int, fmt: str) -> int:
    from bot.commands._common import configured_store
    from bot.digest import render_story_text, story_from_record, story_json

    async with configured_store(settings) as store:
        record = await store.get_story(story_id)
    if record is None:
        print(
            f"wirewatch story: no story {story_id} (unknown, or all its articles were pruned)",
            file=sys.stderr,
        )
        return 1
    story = story_from_record(record, quotes=None, dates=None)
    if fmt == "json":
        sys.stdout.write(json.dumps(story_json(story), ensure_ascii=False) + "\n")
        return 0
    if record.id != story_id:
        print(f"(story {story_id} was merged into story {record.id})")
    sys.stdout.write("\n".join(render_story_text(story, full=True)) + "\n")
    return 0
