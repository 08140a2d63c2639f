"""`wirewatch run`: the long-running service (Discord bot, poller and digest scheduler)."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="run the service: poll on schedule, post digests on Discord",
        description=__doc__ + " Needs DISCORD_TOKEN in the environment.",
    )
    p.add_argument(
        "--role",
        choices=("all", "poller", "bot"),
        default="all",
        help="poller: fetch and store only; bot: Discord and digests only (no DISCORD_TOKEN"
        " needed for a poller); all, the default, does both. Several processes need"
        " PostgreSQL: SQLite serves one",
    )
    p.add_argument(
        "--shard-count",
        type=int,
        metavar="N",
        help="Discord shards in all (bots only; default: unsharded, or Discord's count with"
        " --shards auto)",
    )
    p.add_argument(
        "--shards",
        metavar="IDS",
        help="the shards this bot process runs: `auto` (all of them) or ids like 0-3; it posts"
        " only for guilds on them, and only the process running shard 0 syncs commands",
    )
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    import sys

    from bot import service  # imports discord.py; only this command needs it
    from bot.shards import parse_shards

    shards = None
    if args.shards is not None or args.shard_count is not None:
        try:
            shards = parse_shards(args.shards or "auto", args.shard_count)
        except ValueError as e:
            print(f"wirewatch: {e}", file=sys.stderr)
            return 2
    return asyncio.run(service.run(settings, args.role, shards))
