"""`wirewatch cluster FILE…`: which story each article file joins, as the pipeline would decide.

Files are read exactly as `wirewatch summarize` reads them; the articles are clustered as one
stream in publication order (then input order), and one JSON line per file is printed in input
order: {"id": …, "story": …}. A bad file is reported on stderr and skipped (exit code 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.settings import Settings


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cluster",
        help="group article files (JSON or .txt) into stories",
        description="Print one JSON line per FILE, in input order: its id and its story. "
        "A bad file is reported on stderr and skipped; the exit code is 1 if any file failed.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    from bot.commands.summarize import ArticleFileError, load_article
    from stories import article_vector
    from stories.memory import MemoryIndex
    from summarizer.models import Article

    loaded: list[Article] = []
    failed = 0
    for path in args.files:
        try:
            loaded.append(load_article(path))
        except ArticleFileError as e:
            print(f"wirewatch cluster: {path}: {e}", file=sys.stderr)
            failed += 1
    # An undated article is taken to be as recent as the newest dated one (the pipeline uses
    # its stored time, which is about now).
    dated = [a.published for a in loaded if a.published is not None]
    undated_at = max(dated) if dated else datetime(1970, 1, 1, tzinfo=UTC)
    index = MemoryIndex(settings.stories.params())
    order = sorted(range(len(loaded)), key=lambda i: (loaded[i].published or undated_at, i))
    for i in order:
        a = loaded[i]
        index.add(str(i), article_vector(a.title, a.text), a.published or undated_at)
    for i, a in enumerate(loaded):
        # Merges renumber nothing but may fold an earlier answer into another story: ask last.
        sys.stdout.write(json.dumps({"id": a.id, "story": index.story_of(str(i))}) + "\n")
    return 1 if failed else 0
