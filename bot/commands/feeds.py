"""`wirewatch feeds list|add|remove|pause|resume`: the watched feeds (global, i.e. not tied
to a guild)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("feeds", help="list, add or remove watched feeds", description=__doc__)
    fsub = p.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)
    ls = fsub.add_parser("list", help="list feeds with their health")
    ls.set_defaults(func=handle_list)
    add = fsub.add_parser("add", help="watch a feed (http(s) URL, file:// URL or local path)")
    add.add_argument("url")
    add.add_argument("--name", help="display name (default: the feed's title)")
    add.add_argument(
        "--topic", action="append", default=[], dest="topics", help="topic (repeatable)"
    )
    add.add_argument(
        "--no-check", action="store_true", help="add without fetching it once to check it is a feed"
    )
    add.set_defaults(func=handle_add)
    rm = fsub.add_parser("remove", help="stop watching a feed (by id, URL or name)")
    rm.add_argument("feed")
    rm.set_defaults(func=handle_remove)
    pause = fsub.add_parser("pause", help="stop polling a feed (by id, URL or name)")
    pause.add_argument("feed")
    pause.set_defaults(func=handle_pause)
    resume = fsub.add_parser(
        "resume",
        help="poll a paused feed again, or re-enable a disabled one after a test fetch",
    )
    resume.add_argument("feed")
    resume.set_defaults(func=handle_resume)


def normalize_location(url: str) -> str | None:
    """http(s) and file:// URLs as given; an existing local path becomes absolute."""
    if url.startswith(("http://", "https://", "file://")):
        return url
    path = Path(url).expanduser()
    return str(path.resolve()) if path.exists() else None


def handle_list(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands._common import configured_store
    from bot.feedhealth import feed_state

    async def go() -> int:
        async with configured_store(settings) as store:
            feeds = await store.list_feeds()
        if not feeds:
            print("No feeds. Add one with: wirewatch feeds add URL")
        for f in feeds:
            last = (
                f.last_polled_at.strftime("%Y-%m-%d %H:%M UTC")
                if f.last_polled_at
                else "never polled"
            )
            topics = ",".join(f.topics) or "-"
            print(
                f"{f.id:>3}  {f.name}  [{topics}]  {f.article_count} articles  {last}  {feed_state(f)}\n     {f.url}"
            )
            if f.moved_from:
                print(f"     (moved from {f.moved_from} by a permanent redirect)")
        return 0

    return asyncio.run(go())


def handle_add(args: argparse.Namespace, settings: Settings) -> int:
    url = normalize_location(args.url)
    if url is None:
        print(
            f"wirewatch feeds add: {args.url!r} is neither an http(s)/file:// URL nor an existing file",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_add(url, args, settings))


async def _add(url: str, args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands._common import configured_store
    from bot.feedcheck import FeedCheckError, check_feed
    from store.base import FeedExists, FeedSpec

    title = None
    if not args.no_check:
        try:
            checked = await check_feed(url, settings, operator=True)
        except FeedCheckError as e:
            print(f"wirewatch feeds add: {e}", file=sys.stderr)
            return 1
        url, title = checked.url, checked.title
        print(f"Found feed {title or url!r} with {checked.entries} entries.")
    topics = [t.lower() for t in args.topics]
    async with configured_store(settings) as store:
        try:
            f = await store.add_feed(
                FeedSpec(url=url, name=args.name or title or url, topics=topics)
            )
        except FeedExists:
            print(f"wirewatch feeds add: already watching {url}", file=sys.stderr)
            return 1
    print(f"Added feed #{f.id} {f.name}; it is polled on the next `wirewatch poll`.")
    return 0


def _no_feed(action: str, ref: str) -> int:
    print(
        f"wirewatch feeds {action}: no feed {ref!r} (see `wirewatch feeds list`)", file=sys.stderr
    )
    return 1


def handle_remove(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_remove(args.feed.strip(), settings))


async def _remove(ref: str, settings: Settings) -> int:
    from bot.commands._common import configured_store

    async with configured_store(settings) as store:
        match = await store.find_feed(ref)
        if match is not None and match.is_default:
            # Removing it here would be undone by the next start's sync with the config.
            print(
                f"wirewatch feeds remove: {match.name!r} is a default feed from "
                f"{settings.config_dir / settings.feeds_file}; remove it there",
                file=sys.stderr,
            )
            return 1
        removed = await store.remove_feed(ref)
    if not removed:
        return _no_feed("remove", ref)
    print(f"Removed {ref}; its stored articles are kept.")
    return 0


def handle_pause(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_pause(args.feed.strip(), settings))


async def _pause(ref: str, settings: Settings) -> int:
    from bot.commands._common import configured_store

    async with configured_store(settings) as store:
        if not await store.set_feed_paused(ref, True):
            return _no_feed("pause", ref)
    print(f"Paused {ref}; `wirewatch feeds resume {ref}` polls it again.")
    return 0


def handle_resume(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_resume(args.feed.strip(), settings))


async def _resume(ref: str, settings: Settings) -> int:
    from bot.commands._common import configured_store
    from bot.feedcheck import FeedCheckError, resume_feed

    async with configured_store(settings) as store:
        feed = await store.find_feed(ref)
        if feed is None:
            return _no_feed("resume", ref)
        if feed.disabled:
            try:
                checked = await resume_feed(store, feed, settings)
            except FeedCheckError as e:
                print(f"wirewatch feeds resume: still broken, left disabled: {e}", file=sys.stderr)
                return 1
            print(f"Re-enabled {feed.name!r}: the test fetch found {checked.entries} entries.")
        if feed.paused:
            await store.set_feed_paused(str(feed.id), False)
            print(f"Resumed {feed.name!r}.")
        if not (feed.disabled or feed.paused):
            print(f"{feed.name!r} is neither paused nor disabled; nothing to do.")
    return 0
