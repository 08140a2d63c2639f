"""Feed bytes → :class:`~feeds.models.ParsedFeed` (RSS 0.9x/1.0/2.0, Atom, JSON Feed).

feedparser does the XML work. It is only ever handed an in-memory stream: given a ``str``
or ``bytes`` it would treat a URL-looking value as something to fetch and a path-looking
one as a file to open, so feed content could make it touch the network or the disk.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

import feedparser

from feeds.dedupe import dedupe_key
from feeds.limits import clip_text, cut_entries
from feeds.models import NO_LIMITS, Entry, ParsedFeed, ParseLimits
from feeds.normalize import (
    canonical_url,
    html_to_text,
    is_teaser,
    one_line,
    parse_iso8601,
    published_utc,
)

# An entry without a title is named after the start of its text.
_UNTITLED_CHARS = 100


def parse_feed(
    body: bytes,
    base_url: str | None = None,
    *,
    content_type: str | None = None,
    limits: ParseLimits = NO_LIMITS,
) -> ParsedFeed:
    """Parse a feed document; never raises for bad input and never does I/O.

    ``base_url`` (the URL the body was fetched from) resolves relative links;
    ``content_type`` (the HTTP header, optional) helps feedparser pick the encoding.
    A malformed document keeps the entries read before the damage and reports the
    problem in ``ParsedFeed.problem``. Entries come out in document order, with
    canonical links, UTC dates, plain text and a dedupe key unique within the feed.
    ``limits`` bound the cost (feeds/limits.py): only the first ``max_entries`` entries are
    read (``total_entries`` then says how many there were) and each entry's text is clipped
    to ``max_text_chars``.
    """
    max_entries, max_text_chars = limits.max_entries, limits.max_text_chars
    if not body.strip():
        return ParsedFeed(title=None, link=None, problem="empty document")
    total = None  # entries the document had, when more than were read
    if _looks_like_json(body):
        parsed = _parse_json_feed(body, base_url, max_text_chars)
    else:
        if max_entries is not None:
            cut = cut_entries(body, max_entries)
            body, total = cut.body, (cut.total if cut.kept < cut.total else None)
        parsed = _parse_xml_feed(body, base_url, content_type, max_text_chars)
    # JSON feeds, and XML ones whose entries the cut did not recognize, are capped here.
    if max_entries is not None and len(parsed.entries) > max_entries:
        total = len(parsed.entries)
        parsed = replace(parsed, entries=parsed.entries[:max_entries])
    return replace(parsed, total_entries=total) if total else parsed


def _parse_xml_feed(
    body: bytes, base_url: str | None, content_type: str | None, max_text_chars: int | None
) -> ParsedFeed:
    # Without a content type feedparser flags any header set as "non-XML"; application/xml
    # (unlike text/xml) leaves the encoding to the BOM and the XML declaration.
    headers = {"content-type": content_type or "application/xml"}
    if base_url:
        headers["content-location"] = base_url
    try:
        result = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except Exception as e:  # feedparser is meant not to raise; a bad feed must not stop a poll
        return ParsedFeed(title=None, link=None, problem=f"{type(e).__name__}: {e}")
    feed = result.get("feed", {})
    link = _absolute(feed.get("link"), base_url)
    if link and not link.lower().startswith(("http://", "https://")):
        link = None  # e.g. an Atom feed without <link> reports its urn: id here
    raw = [_raw_entry(e, link or base_url) for e in result.get("entries", [])]
    problem = None
    if result.get("bozo"):
        exc = result.get("bozo_exception")
        problem = f"{type(exc).__name__}: {exc}" if exc is not None else "malformed feed"
    elif not result.get("version") and not result.get("entries"):
        problem = "not an RSS or Atom document"  # e.g. an HTML page, which feedparser accepts
    return ParsedFeed(
        title=one_line(html_to_text(feed.get("title", ""))) or None,
        link=link,
        entries=_finish(raw, max_text_chars),
        problem=problem,
    )


# --- feedparser entries ----------------------------------------------------------------


def _raw_entry(e: Mapping[str, Any], base: str | None) -> dict[str, Any]:
    texts = [c.get("value", "") for c in e.get("content", []) if isinstance(c, Mapping)]
    texts.append(e.get("summary", ""))
    return {
        "guid": e.get("id") or None,
        "link": _absolute(e.get("link"), base),
        "title": e.get("title", ""),
        "texts": texts,
        "author": _author_name(e),
        "published": published_utc(e),
    }


# "desk@example.com (Jane Roe)" and "Jane Roe <desk@example.com>", as RSS <author> has it.
_EMAIL_THEN_NAME = re.compile(r"^\s*[^\s@]+@[^\s@]+\s*\((?P<name>[^()]+)\)\s*$")
_NAME_THEN_EMAIL = re.compile(r"^\s*(?P<name>[^<>]+?)\s*<[^\s@]+@[^\s@>]+>\s*$")


def _author_name(e: Mapping[str, Any]) -> str | None:
    # Parsed here: feedparser's own split mangles addresses on long top-level domains.
    author = e.get("author")
    if isinstance(author, str) and author.strip():
        m = _EMAIL_THEN_NAME.match(author) or _NAME_THEN_EMAIL.match(author)
        return m.group("name") if m else author
    detail = e.get("author_detail") or {}
    name = detail.get("name")
    return name if isinstance(name, str) else None


def _absolute(link: str | None, base: str | None) -> str | None:
    if not link or not link.strip():
        return None
    link = link.strip()
    return urljoin(base, link) if base else link


# --- JSON Feed (feedparser 6.0 has no reader for it) ------------------------------------


def _looks_like_json(body: bytes) -> bool:
    return body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def _parse_json_feed(body: bytes, base_url: str | None, max_text_chars: int | None) -> ParsedFeed:
    try:
        doc = json.loads(body.decode("utf-8-sig", errors="replace"))
    except ValueError as e:
        return ParsedFeed(title=None, link=None, problem=f"invalid JSON: {e}")
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        return ParsedFeed(title=None, link=None, problem="JSON document is not a JSON Feed")
    link = _absolute(_str(doc.get("home_page_url")), base_url)
    raw = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        names = [a.get("name") for a in authors if isinstance(a, dict) and a.get("name")]
        published = parse_iso8601(_str(item.get("date_published"))) or parse_iso8601(
            _str(item.get("date_modified"))
        )
        raw.append(
            {
                "guid": _str(item.get("id")),
                "link": _absolute(_str(item.get("url") or item.get("external_url")), base_url),
                "title": _str(item.get("title")) or "",
                "texts": [
                    _str(item.get("content_html")) or "",
                    _escape(_str(item.get("content_text")) or ""),
                    _str(item.get("summary")) or "",
                ],
                "author": ", ".join(str(n) for n in names) or None,
                "published": published,
            }
        )
    return ParsedFeed(
        title=one_line(html_to_text(_str(doc.get("title")) or "")) or None,
        link=link,
        entries=_finish(raw, max_text_chars),
    )


def _str(value: object) -> str | None:
    # JSON Feed ids may be numbers; anything else unexpected is ignored.
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _escape(text: str) -> str:
    # content_text is plain text: keep its "<" and "&" literal through html_to_text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace("\n\n", "<p>")


# --- common finishing ------------------------------------------------------------------


# Markup around the text of an entry: raw HTML is clipped at this many times the text cap
# before conversion, so a 10 MB entry is never converted whole.
_MARKUP_FACTOR = 4


def _finish(raw: list[dict[str, Any]], max_text_chars: int | None = None) -> list[Entry]:
    """Raw entry dicts → Entries with text, teaser flag and feed-unique dedupe keys."""
    entries: list[Entry] = []
    kept: list[dict[str, Any]] = []
    for r in raw:
        texts = [t for t in r["texts"] if t]
        if max_text_chars is not None:
            texts = [t[: max_text_chars * _MARKUP_FACTOR] for t in texts]
        text = max((html_to_text(t) for t in texts), key=len, default="")
        if max_text_chars is not None:
            text = clip_text(text, max_text_chars)
        title = one_line(html_to_text(r["title"]))
        if not title:
            title = _title_from(text)
        if not title and not r["link"]:
            continue  # nothing to show or to link to
        r["text"], r["title_text"] = text, title
        kept.append(r)
    keys = _unique_keys(kept)
    for r, key in zip(kept, keys, strict=True):
        entries.append(
            Entry(
                dedupe_key=key,
                title=r["title_text"] or r["link"],
                url=canonical_url(r["link"]) if r["link"] else None,
                published=r["published"],
                author=_author(r["author"]),
                text=r["text"],
                guid=r["guid"],
                is_teaser=is_teaser(r["text"]),
            )
        )
    return entries


def _author(author: str | None) -> str | None:
    return (one_line(html_to_text(author)) or None) if author else None


def _title_from(text: str) -> str:
    first = one_line(text.split("\n", 1)[0]) if text else ""
    if len(first) <= _UNTITLED_CHARS:
        return first
    return first[:_UNTITLED_CHARS].rsplit(" ", 1)[0] + "…"


def _unique_keys(raw: list[dict[str, Any]]) -> list[str]:
    """Dedupe keys, falling back past guids or links that several entries share.

    Some generators give every item the same guid, or link every item to the home page;
    such values identify nothing, so colliding entries retry with the next kind of key
    (guid → link → title+date hash). Entries sharing a key and a title are one item
    repeated, and keep that key.
    """
    stages: list[Callable[[dict[str, Any]], str]] = [
        lambda r: dedupe_key(r["guid"], r["link"], r["title_text"], r["published"]),
        lambda r: dedupe_key(None, r["link"], r["title_text"], r["published"]),
        lambda r: dedupe_key(None, None, r["title_text"], r["published"]),
    ]
    keys = [stages[0](r) for r in raw]
    for stage in stages[1:]:
        titles: dict[str, set[str]] = defaultdict(set)
        for r, k in zip(raw, keys, strict=True):
            titles[k].add(r["title_text"].casefold())
        # A key shared by entries with one title is a repeated item, which is fine.
        keys = [stage(r) if len(titles[k]) > 1 else k for r, k in zip(raw, keys, strict=True)]
    return keys
