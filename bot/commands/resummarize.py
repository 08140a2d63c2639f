"""`wirewatch resummarize`: retry the model on articles that fell back to the rules backend.

An article whose model summary failed (timeouts, rate limits, the daily budget) was stored with
a rules summary and a `fallback_reason`; this asks the configured model again and swaps in the
new summary where it succeeds. Articles that fail again keep their rules summary.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings
    from bot.summarizing import Summarize
    from store.base import ArticleStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "resummarize",
        help="re-summarize articles that fell back to the rules backend, with the model",
        description=__doc__,
    )
    p.add_argument(
        "--limit", type=int, default=100, help="at most this many articles (default 100)"
    )
    p.add_argument(
        "--dry-run", action="store_true", help="only list the articles and why they fell back"
    )
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_resummarize(settings, args.limit, args.dry_run))


async def resummarize(store: ArticleStore, summarize: Summarize, limit: int) -> tuple[int, int]:
    """(re-summarized, still on rules) over at most `limit` fallback articles, one at a time
    so a failing endpoint is not hammered."""
    from bot.articles import article_for

    done = failed = 0
    for stored in await store.fallback_articles(limit):
        summary = await summarize(article_for(stored, text=stored.text, source=stored.source))
        if summary.fallback_reason is not None:
            failed += 1
            print(f"#{stored.id} {stored.title}: still on rules ({summary.fallback_reason})")
            continue
        await store.replace_summary(stored.id, summary)
        done += 1
    return done, failed


async def _resummarize(settings: Settings, limit: int, dry_run: bool) -> int:
    from bot.commands._common import configured_store
    from bot.settings import ConfigError
    from bot.summarizing import build_summarizer

    async with configured_store(settings) as store:
        if dry_run:
            for stored in await store.fallback_articles(limit):
                print(f"#{stored.id} {stored.title}: {stored.summary.fallback_reason}")
            return 0
        try:
            summarize = build_summarizer(settings, store, "openai")
        except ConfigError as e:
            print(f"wirewatch resummarize: {e}", file=sys.stderr)
            return 2
        done, failed = await resummarize(store, summarize, limit)
        aclose = getattr(summarize, "aclose", None)
        if aclose is not None:
            await aclose()
    print(
        f"Re-summarized {done} article(s) with {settings.summarizer.model}; {failed} still on rules."
    )
    return 1 if failed else 0
