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
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    from bot import service  # imports discord.py; only this command needs it

    return asyncio.run(service.run(settings, args.role))
