"""Plain data passed between the feed stages (fetch → parse → normalize → dedupe)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FetchLimits:
    timeout_s: float = 20.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    user_agent: str = "wirewatch/0.1 (+https://github.com/wirewatch/wirewatch; feed reader)"


@dataclass(frozen=True)
class ParseLimits:
    """What one document may cost to parse (feeds/limits.py); None: no bound."""

    max_entries: int | None = None  # the first entries (feeds list newest first)
    max_text_chars: int | None = None  # per entry


NO_LIMITS = ParseLimits()


@dataclass(frozen=True)
class FetchResult:
    """Outcome of one conditional GET. ``body`` is None on 304 or on error."""

    url: str  # final URL after redirects
    status: int | None  # HTTP status; None for local files and network failures
    body: bytes | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    error: str | None = None  # human-readable reason when the fetch failed
    retry_after_s: float | None = None
    # True when at least one redirect was followed and every hop was permanent (301/308):
    # the caller may then store ``url`` in place of the address it asked for.
    permanent_redirect: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


@dataclass(frozen=True)
class Entry:
    """One normalized feed entry."""

    dedupe_key: str  # guid, else canonical URL, else hash of title+date (see feeds.dedupe)
    title: str
    url: str | None  # canonical, tracking parameters removed
    published: datetime | None  # UTC
    author: str | None
    text: str  # plain text (HTML stripped); may be a teaser
    guid: str | None = None
    is_teaser: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    title: str | None
    link: str | None
    entries: list[Entry] = field(default_factory=list)
    # feedparser's bozo exception, when the document was malformed (good entries are kept)
    problem: str | None = None
    # Set when only the first entries were read (parse_feed's max_entries): how many it had.
    total_entries: int | None = None
