"""Finding the feed behind a web page, and telling feeds from pages."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json+feed",
    }
)


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.base: str | None = None
        self.links: list[tuple[str, str]] = []  # (href, title)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and a.get("href") and self.base is None:
            self.base = a["href"].strip()
        elif tag == "link":
            rels = a.get("rel", "").lower().split()
            mime = a.get("type", "").split(";")[0].strip().lower()
            href = a.get("href", "").strip()
            if "alternate" in rels and mime in FEED_TYPES and href:
                self.links.append((href, a.get("title", "")))

    handle_startendtag = handle_starttag


def discover_feed_links(html: bytes | str, base_url: str) -> list[str]:
    """Absolute URLs of the feeds a page advertises with ``<link rel="alternate">``.

    RSS, Atom, RDF and JSON Feed types count. Links are resolved against ``<base href>``
    or ``base_url``, kept in page order without duplicates, except that comment feeds
    (a title mentioning "comments") go last: the user wants the articles.
    """
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    collector = _LinkCollector()
    collector.feed(text)
    collector.close()
    base = urljoin(base_url, collector.base) if collector.base else base_url
    found: dict[str, bool] = {}  # url → is a comments feed; dicts keep insertion order
    for href, title in collector.links:
        url = urljoin(base, href)
        if urlsplit(url).scheme.lower() in ("http", "https") and url not in found:
            found[url] = "comment" in title.lower()
    return [u for u, c in found.items() if not c] + [u for u, c in found.items() if c]


# Root elements of RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom; the document must reach one
# before any <html>.
_FEED_ROOT = re.compile(rb"<(?:rss|feed|(?:[a-z0-9]+:)?rdf)[\s>/]", re.IGNORECASE)
_HTML_ROOT = re.compile(rb"<(?:html|!doctype\s+html|body|head)[\s>]", re.IGNORECASE)
_SNIFF_BYTES = 4096


def looks_like_feed(body: bytes) -> bool:
    """Whether ``body`` is a feed document (RSS, RDF, Atom or JSON Feed), by sniffing its start."""
    head = _utf8_head(body)
    stripped = head.lstrip()
    if stripped.startswith(b"{"):
        return b"jsonfeed.org/version" in head
    feed = _FEED_ROOT.search(head)
    if not feed:
        return False
    page = _HTML_ROOT.search(head)
    return page is None or feed.start() < page.start()


def looks_like_html(body: bytes, content_type: str | None = None) -> bool:
    """Whether ``body`` is a web page rather than a feed: declared ``text/html`` or with an
    ``<html>`` root before any feed root (a site that replaced its feed with a page, a login
    wall, a parking page)."""
    if looks_like_feed(body):
        return False
    mime = (content_type or "").split(";")[0].strip().lower()
    return mime in ("text/html", "application/xhtml+xml") or bool(
        _HTML_ROOT.search(_utf8_head(body))
    )


def _utf8_head(body: bytes) -> bytes:
    """The first few KiB, re-encoded to UTF-8 when a UTF-16/32 BOM says otherwise."""
    head = body[: _SNIFF_BYTES * 4]
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, errors="ignore").encode()[:_SNIFF_BYTES]
    return head.removeprefix(codecs.BOM_UTF8)[:_SNIFF_BYTES]
