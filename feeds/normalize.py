"""Pure helpers that turn feedparser's loose values into clean, comparable data.

* :func:`canonical_url` — one spelling per article URL (tracking parameters removed).
* :func:`html_to_text` — plain text from an HTML fragment, paragraphs kept.
* :func:`to_utc` / :func:`published_utc` — timezone-aware UTC datetimes, None when absurd.
* :func:`is_teaser` — does this text look like a cut-off summary rather than the article?
"""

from __future__ import annotations

import html
import re
import time
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


@cache
def _tracking() -> tuple[frozenset[str], tuple[str, ...]]:
    """The tracking parameter names and prefixes listed in data/tracking_params.txt."""
    text = resources.files("feeds").joinpath("data/tracking_params.txt").read_text("utf-8")
    names = [w.strip().lower() for w in text.splitlines()]
    names = [w for w in names if w and not w.startswith("#")]
    prefixes = tuple(w[:-1] for w in names if w.endswith("*"))
    return frozenset(w for w in names if not w.endswith("*")), prefixes


def _is_tracking(name: str) -> bool:
    exact, prefixes = _tracking()
    lower = name.lower()
    return lower in exact or lower.startswith(prefixes)


def canonical_url(url: str) -> str:
    """One spelling of ``url`` so the same page compares equal wherever it was linked.

    Lower-cases scheme and host, drops the default port, the fragment and tracking
    parameters (``utm_*``, ``at_*``, ``fbclid``, …), sorts the remaining query parameters
    and gives an empty path as ``/``. Text that is not an absolute URL comes back stripped.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # e.g. a non-numeric port: leave it alone rather than guess
        return url
    if not parts.scheme or not parts.netloc:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{port}"
    if parts.username is not None:
        userinfo = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{userinfo}@{netloc}"
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(sorted((k, v) for k, v in pairs if not _is_tracking(k)))
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


# --- HTML to text ----------------------------------------------------------------------

# Elements that start a new paragraph (blank line) or a new line.
_PARAGRAPH_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "table",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "main",
        "nav",
        "address",
        "form",
        "fieldset",
    }
)
_LINE_TAGS = frozenset({"br", "li", "tr", "dt", "dd", "figcaption", "caption"})
# Their content is never readable prose.
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "head", "title"})
_PARA = "\x00P"  # markers that survive whitespace collapsing
_LINE = "\x00L"
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u3000]+")
_LEFTOVER_ENTITY = re.compile(r"&(#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth += 1
        elif tag in _PARAGRAPH_TAGS:
            self.parts.append(_PARA)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <hr/>: no content, so a skipped element must not open here
        if tag in _PARAGRAPH_TAGS:
            self.parts.append(_PARA)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _PARAGRAPH_TAGS:
            self.parts.append(_PARA)
        elif tag in _LINE_TAGS:
            self.parts.append(_LINE)

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: tags stripped, entities decoded, whitespace tidied.

    Block elements (``<p>``, ``<div>``, headings, lists…) become paragraphs separated by a
    blank line, ``<br>`` and list items a line break; ``<script>``/``<style>`` content is
    dropped. Entities that were escaped twice (``&amp;#8217;``, common in feeds) are decoded.
    """
    if not fragment:
        return ""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    raw = "".join(collector.parts)
    if _LEFTOVER_ENTITY.search(raw):
        raw = html.unescape(raw)
    paragraphs: list[str] = []
    for block in raw.split(_PARA):
        lines = (_SPACES.sub(" ", line).strip() for line in block.split(_LINE))
        text = "\n".join(line for line in lines if line)
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def one_line(text: str) -> str:
    """``text`` with all whitespace runs (line breaks too) collapsed to single spaces."""
    return _SPACES.sub(" ", text).strip()


# --- dates -----------------------------------------------------------------------------

# Feeds carry placeholder dates (1970-01-01, 0001-01-01) and typos years ahead.
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
FUTURE_SLACK = timedelta(days=2)


def to_utc(
    value: time.struct_time | datetime | None, *, now: datetime | None = None
) -> datetime | None:
    """A timezone-aware UTC datetime, or None when absent or absurd.

    ``struct_time`` values are taken as UTC (feedparser's ``*_parsed`` fields are); naive
    datetimes likewise. Dates before 1995 or more than two days ahead of ``now`` give None.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        dt = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    else:
        try:
            dt = datetime(*value[:6], tzinfo=UTC)
        except (TypeError, ValueError, OverflowError):
            return None
    now = now or datetime.now(UTC)
    if dt < EARLIEST or dt > now + FUTURE_SLACK:
        return None
    return dt


def published_utc(entry: Mapping[str, Any], *, now: datetime | None = None) -> datetime | None:
    """When a feedparser entry was published (else updated), in UTC; None when unknown.

    feedparser's parsed dates come first; its raw strings are tried with
    :func:`parse_loose_date` when it could not read them (e.g. "Seg, 24 Set 2018 …").
    """
    # dict.get: FeedParserDict.get maps a missing updated_parsed to published_parsed
    # with a DeprecationWarning; here each key is read as it is.
    fields: Mapping[str, Any] = dict(entry) if isinstance(entry, dict) else entry
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        dt = to_utc(fields.get(key), now=now)
        if dt is not None:
            return dt
    for key in ("published", "updated", "created"):
        raw = fields.get(key)
        dt = parse_loose_date(raw, now=now) if isinstance(raw, str) else None
        if dt is not None:
            return dt
    return None


# Month names and abbreviations in the languages of the feeds wirewatch meets, for the
# RFC 822 dates some outlets localize ("mer, 16 nov 2022", "Seg, 24 Set 2018").
_MONTH_ROWS = (
    "jan feb mar apr may jun jul aug sep oct nov dec",  # English
    "gen feb mar apr mag giu lug ago set ott nov dic",  # Italian
    "jan fev mar abr mai jun jul ago set out nov dez",  # Portuguese
    "ene feb mar abr may jun jul ago sep oct nov dic",  # Spanish
    "jan feb mrz apr mai jun jul aug sep okt nov dez",  # German
    "janv fevr mars avr mai juin juil aout sept oct nov dec",  # French
    "jan feb maa apr mei jun jul aug sep okt nov dec",  # Dutch
)
_MONTHS: dict[str, int] = {
    name: number for row in _MONTH_ROWS for number, name in enumerate(row.split(), start=1)
}
_LOOSE_DATE = re.compile(
    r"(?P<day>\d{1,2})\.?\s+(?P<month>[^\W\d_]+)\.?,?\s+(?P<year>\d{4}),?"
    r"(?:\s+(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
    r"\s*(?P<tz>[+-]\d{2}:?\d{2}|GMT|UTC|UT|Z)?",
    re.IGNORECASE,
)


def _month(name: str) -> int | None:
    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return _MONTHS.get(plain) or _MONTHS.get(plain[:4]) or _MONTHS.get(plain[:3])


def parse_loose_date(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """A "day month year [hh:mm[:ss]] [zone]" date with month names in several languages.

    A missing zone is taken as UTC. Returns None when nothing date-like is found.
    """
    m = _LOOSE_DATE.search(text or "")
    if not m:
        return None
    month = _month(m["month"])
    if month is None:
        return None
    tz = UTC
    if m["tz"] and m["tz"][0] in "+-":
        digits = m["tz"][1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        tz = timezone(offset if m["tz"][0] == "+" else -offset)
    try:
        dt = datetime(
            int(m["year"]),
            month,
            int(m["day"]),
            int(m["h"] or 0),
            int(m["m"] or 0),
            int(m["s"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None
    return to_utc(dt, now=now)


def parse_iso8601(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """An RFC 3339 / ISO 8601 timestamp (as in JSON Feed) in UTC; None when unreadable."""
    if not text:
        return None
    try:
        return to_utc(datetime.fromisoformat(text.strip()), now=now)
    except ValueError:
        return None


# --- teasers ---------------------------------------------------------------------------

# How a summary says "the rest is on the web page".
_TEASER_ENDINGS = re.compile(
    r"(…|\.\.\.|\[…\]|\[\.\.\.\]|\[&hellip;\]|\(more…?\)|"
    r"read more|continue reading|read the full (story|article)|full story|"
    r"keep reading|»|appeared first on [^\n]*)\W*$",
    re.IGNORECASE,
)
TEASER_MAX_WORDS = 150


def is_teaser(text: str) -> bool:
    """Whether ``text`` looks like a feed teaser rather than the article body.

    True when it is empty, when it ends the way cut-off summaries do ("…", "[...]",
    "Read more", "The post … appeared first on …") or when it is short (fewer than
    ``TEASER_MAX_WORDS`` words): a few sentences rarely hold the quotes worth summarizing.
    """
    stripped = text.strip()
    if not stripped:
        return True
    if _TEASER_ENDINGS.search(stripped):
        return True
    return len(stripped.split()) < TEASER_MAX_WORDS
