"""`wirewatch summarize FILE…`: one JSON summary line per article file, in input order."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.settings import Settings
    from summarizer.models import Article, Summary


class ArticleFileError(Exception):
    pass


def parse_published(value: Any) -> datetime | None:
    """ISO 8601 date/date-time or RFC 2822; naive values are taken as UTC."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ArticleFileError(f"'published' must be a string, got {type(value).__name__}")
    text = value.strip()
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            raise ArticleFileError(f"'published' is not a date: {value!r}") from None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def load_article(path: Path) -> Article:
    """An article JSON (title, published, text, optional id/source/url) or a plain .txt."""
    from summarizer.models import Article

    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ArticleFileError("no such file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise ArticleFileError(f"cannot read: {e}") from None
    if path.suffix.lower() == ".txt":
        lines = [ln.strip() for ln in raw.splitlines() if ln.strip()]
        if not lines:
            raise ArticleFileError("empty text file")
        return Article(id=path.stem, title=lines[0], text=raw)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ArticleFileError(
            f"invalid JSON: {e.msg} at line {e.lineno} column {e.colno}"
        ) from None
    if not isinstance(data, dict):
        raise ArticleFileError("expected a JSON object with 'title' and 'text'")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ArticleFileError("missing or empty 'text'")
    for key in ("title", "id", "source", "url"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ArticleFileError(f"'{key}' must be a string")
    return Article(
        id=data.get("id") or path.stem,
        title=data.get("title") or "",
        text=text,
        published=parse_published(data.get("published")),
        source=data.get("source"),
        url=data.get("url"),
    )


def with_metadata(summary: Summary, article: Article) -> Summary:
    """The input's metadata wins over whatever a backend echoed (or left out)."""
    published = summary.published or (
        article.published.date().isoformat() if article.published else None
    )
    return summary.model_copy(
        update={
            "id": article.id,
            "title": summary.title or article.title,
            "url": article.url,
            "source": article.source,
            "published": published,
        }
    )


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "summarize",
        help="summarize article files (JSON or .txt) to JSON lines",
        description="Print one JSON summary per FILE, in input order. A bad file is reported on "
        "stderr and skipped; the exit code is 1 if any file failed.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--backend", choices=["rules", "openai"], help="override summarizer.backend")
    p.set_defaults(func=handler)


def handler(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    return asyncio.run(_summarize_all(args.files, settings, args.backend))


async def _summarize_all(files: list[Path], settings: Settings, backend: str | None) -> int:
    from contextlib import AsyncExitStack

    from bot.summarizing import build_summarizer

    failed = 0
    async with AsyncExitStack() as stack:
        store = None
        if (backend or settings.summarizer.backend) == "openai":
            # The model backend caches and budgets through the store.
            from bot.commands._common import configured_store

            store = await stack.enter_async_context(configured_store(settings))
        summarize = build_summarizer(settings, store, backend)
        for path in files:
            try:
                article = load_article(path)
            except ArticleFileError as e:
                print(f"wirewatch summarize: {path}: {e}", file=sys.stderr)
                failed += 1
                continue
            try:
                summary = with_metadata(await summarize(article), article)
            except Exception as e:  # one article's bug must not cost the other files
                logging.getLogger(__name__).debug("summarizing %s failed", path, exc_info=True)
                print(
                    f"wirewatch summarize: {path}: internal error: {type(e).__name__}: {e}",
                    file=sys.stderr,
                )
                failed += 1
                continue
            sys.stdout.write(summary.model_dump_json() + "\n")
            sys.stdout.flush()
    return 1 if failed else 0
