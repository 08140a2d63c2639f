"""feeds.discover: <link rel=alternate> discovery and feed sniffing."""

from __future__ import annotations

import pytest

from feeds.discover import discover_feed_links, looks_like_feed
from tests.feeds.conftest import fixture_bytes


def test_discovers_feed_links_in_order_comments_last() -> None:
    links = discover_feed_links(fixture_bytes("page.html"), "https://ignored-by-base.example/page")
    assert links == [
        "https://news.northwind.example/world/feed.rss",  # relative to <base href>
        "https://news.northwind.example/world/atom.xml",  # rel="ALTERNATE home", type with charset
        "https://cdn.northwind.example/world.json",  # scheme-relative
        "https://news.northwind.example/comments/feed",  # a comments feed goes last
    ]


def test_discovery_without_base_uses_page_url() -> None:
    html = '<head><link rel="alternate" type="application/atom+xml" href="../feed.atom"></head>'
    assert discover_feed_links(html, "https://site.example/blog/post.html") == [
        "https://site.example/feed.atom"
    ]


def test_no_feed_links() -> None:
    html = '<link rel="stylesheet" href="a.css"><link rel="alternate" hreflang="fr" href="/fr">'
    assert discover_feed_links(html, "https://site.example/") == []
    assert discover_feed_links(b"", "https://site.example/") == []


@pytest.mark.parametrize(
    "name", ["rss20.xml", "atom.xml", "rdf.xml", "feed.json", "malformed.xml", "entities.xml"]
)
def test_fixture_feeds_look_like_feeds(name: str) -> None:
    assert looks_like_feed(fixture_bytes(name))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (fixture_bytes("page.html"), False),
        (b"<!doctype html><html><body><p>About our <rss> feed</p></body></html>", False),
        (b'{"name": "not a feed", "items": []}', False),
        (b"", False),
        (b"plain text", False),
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<rss version='0.91'><channel/></rss>", True),
        (
            "<?xml version='1.0' encoding='utf-16'?><feed xmlns='http://www.w3.org/2005/Atom'/>".encode(
                "utf-16"
            ),
            True,
        ),
        (b"<?xml version='1.0'?><?xml-stylesheet href='x.xsl'?>\n<rdf:RDF xmlns:rdf='x'/>", True),
    ],
)
def test_looks_like_feed(body: bytes, expected: bool) -> None:
    assert looks_like_feed(body) is expected
