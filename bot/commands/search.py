"""`wirewatch search QUERY`: full-text search over titles, summaries and quotes."""

from __future__ import annotations

import argparse
import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="full-text search of stored summaries", description=__doc__)
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=10)
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_search(settings, " ".join(args.query), args.limit))


async def _search(settings: Settings, query: str, limit: int) -> int:
    from bot.commands._common import configured_store

    async with configured_store(settings) as store:
        hits = await store.search(query, limit=limit)
    if not hits:
        print(f"No stories match {query!r}.")
        return 0
    for a in hits:
        when = a.published.date().isoformat() if a.published else "undated"
        print(f"#{a.id}  {when}  {a.title}  ({a.source or 'unknown source'})")
        if a.summary.summary:
            print(f"     {a.summary.summary}")
    return 0
