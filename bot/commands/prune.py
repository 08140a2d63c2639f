"""`wirewatch prune [--older-than 90d] [--dry-run]`: delete articles stored before a cutoff.

A pruned article leaves a tombstone (its key and URL), so a feed still listing the entry does
not get the old story stored and announced again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from bot.durations import DURATION_HELP, parse_duration

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "prune", help="delete articles older than the retention", description=__doc__
    )
    p.add_argument(
        "--older-than",
        metavar="DURATION",
        help=f"{DURATION_HELP} (default: database.retention_days)",
    )
    p.add_argument("--dry-run", action="store_true", help="count what would go, delete nothing")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    if args.older_than is not None:
        try:
            age = parse_duration(args.older_than)
        except ValueError as e:
            print(f"wirewatch prune: --older-than: {e}", file=sys.stderr)
            return 2
    else:
        age = timedelta(days=settings.database.retention_days)
    if age <= timedelta(0):
        # Pruning everything by accident is not undoable: an age must be asked for.
        print(
            "wirewatch prune: nothing to prune by: give --older-than (e.g. 90d) or set"
            " database.retention_days above 0",
            file=sys.stderr,
        )
        return 2
    return asyncio.run(_prune(settings, datetime.now(UTC) - age, args.dry_run))


async def _prune(settings: Settings, older_than: datetime, dry_run: bool) -> int:
    from bot.commands._common import configured_store

    async with configured_store(settings) as store:
        if dry_run:
            count = await store.count_articles_before(older_than)
        else:
            count = await store.prune_articles(older_than)
    when = older_than.strftime("%Y-%m-%d %H:%M UTC")
    noun = "article" if count == 1 else "articles"
    print(f"{'Would remove' if dry_run else 'Removed'} {count} {noun} stored before {when}.")
    return 0
