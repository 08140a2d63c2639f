"""`wirewatch demo`: the whole pipeline offline on the sample feeds, then a digest."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from bot.commands.digest import DIGEST_FORMATS

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "demo", help="offline demo: sample feeds → summaries → digest", description=__doc__
    )
    p.add_argument("--format", choices=DIGEST_FORMATS, default="text")
    p.add_argument("--keep", type=Path, metavar="DB", help="keep the demo database at this path")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    from bot.settings import REPO_CONFIG, load_settings

    # The demo ignores the user's settings on purpose: a fresh database, the shipped sample
    # feeds, the offline rules backend. Nothing touches the network or ./data.
    with tempfile.TemporaryDirectory(prefix="wirewatch-demo-") as tmp:
        db = args.keep.resolve() if args.keep else Path(tmp) / "demo.db"
        if db.exists():  # never overwrite a file the user named: it may be a real database
            print(
                f"wirewatch demo: {db} already exists; name a new file for --keep", file=sys.stderr
            )
            return 2
        demo_settings = load_settings(
            REPO_CONFIG.parent / "samples" / "wirewatch.toml",
            env={"WIREWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{db}"},
        )
        return asyncio.run(_demo(demo_settings, args.format))


async def _demo(settings: Settings, fmt: str) -> int:
    from rich.console import Console

    from bot.commands._common import configured_store
    from bot.commands.poll import poll
    from bot.digest import RENDERERS, build_digest

    console = Console()
    console.rule("wirewatch demo: polling the sample feeds (offline)")
    report = await poll(settings, once=True, console=console)
    console.print(f"{report.new} articles summarized and stored.", highlight=False)
    async with configured_store(settings) as store:
        digest = await build_digest(store, since=None, max_stories=settings.digest.max_stories)
    console.rule("digest")
    print(RENDERERS[fmt](digest))
    return 0
