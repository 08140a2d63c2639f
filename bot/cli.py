"""`wirewatch` command line: global options, then one subcommand module each (bot/commands/).

Building the parser imports only the command modules, which keep their heavy imports inside
their handlers (see bot/commands/__init__.py), so `wirewatch --help` starts fast; the settings
and the store are imported once a command is chosen.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from bot.commands import (
    cluster,
    demo,
    digest,
    feeds,
    poll,
    prune,
    resummarize,
    run,
    search,
    status,
    stories,
    summarize,
)

COMMANDS: list[ModuleType] = [
    summarize,
    cluster,
    poll,
    digest,
    stories,
    search,
    feeds,
    status,
    resummarize,
    prune,
    run,
    demo,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirewatch",
        description="Watch geopolitics news feeds; summarize actors, quotes and dates; post digests.",
    )
    parser.add_argument(
        "--config", type=Path, metavar="PATH", help="settings file (default: config/wirewatch.toml)"
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from bot.settings import ConfigError, load_settings
    from store.base import StoreUnavailable

    level = [logging.WARNING, logging.INFO, logging.DEBUG][min(args.verbose, 2)]
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )
    try:
        return int(args.func(args, load_settings(args.config)))
    except ConfigError as e:
        print(f"wirewatch: configuration error: {e}", file=sys.stderr)
        return 2
    except StoreUnavailable as e:
        print(f"wirewatch: {e} (check database.url / WIREWATCH_DATABASE_URL)", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`wirewatch digest | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
