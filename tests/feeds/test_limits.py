"""Limits that must hold against a hostile server on 127.0.0.1: time, size, redirects, XML."""

from __future__ import annotations

import time
import tracemalloc
from urllib.parse import quote

import pytest

from feeds.fetch import fetch
from feeds.models import FetchLimits
from feeds.parse import parse_feed
from feeds.urlsafety import check_public_url
from tests.feeds.conftest import FeedServer


async def test_slow_drip_body_ends_at_the_total_deadline(feed_server: FeedServer) -> None:
    # Each byte arrives well within any per-read timeout; only a deadline for the whole
    # exchange ends this fetch.
    limits = FetchLimits(timeout_s=1.5)
    started = time.monotonic()
    result = await fetch(feed_server.url("/drip"), limits=limits)
    assert result.error == "timed out after 1.5s" and result.body is None
    assert time.monotonic() - started < 4
    assert feed_server.streamed["/drip"] <= 3


async def test_gzip_bomb_decompresses_no_further_than_the_cap(feed_server: FeedServer) -> None:
    limits = FetchLimits(timeout_s=10, max_bytes=1_000_000)
    tracemalloc.start()
    try:
        result = await fetch(feed_server.url("/gzip-bomb-stream"), limits=limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.error == "response larger than 1000000 bytes" and result.body is None
    # Decoded bytes are counted as they stream: memory stays near the cap, nowhere near the
    # 1 GB the server's stream would decode to (its ~1 MB on the wire fits socket buffers,
    # so what the server wrote proves nothing here).
    assert peak < 8 * limits.max_bytes


@pytest.mark.parametrize(
    ("route", "error"),
    [
        ("/loop", "redirect loop: {base}/loop leads back to {base}/loop"),
        ("/redirect/302/redirect/301/loop", "redirect loop: {base}/loop leads back to {base}/loop"),
        ("/hops/6", "too many redirects (>5)"),
    ],
)
async def test_redirect_loops_and_long_chains_are_errors(
    feed_server: FeedServer, route: str, error: str
) -> None:
    limits = FetchLimits(timeout_s=2, max_redirects=5)
    result = await fetch(feed_server.url(route), limits=limits)
    base = feed_server.url("").rstrip("/")
    assert result.error == error.format(base=base) and result.body is None


_LAUGHS = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))


@pytest.mark.parametrize(
    "doctype",
    [
        f'<!DOCTYPE rss [<!ENTITY l0 "{"ha" * 50}">{_LAUGHS}]>',  # billion laughs
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY x SYSTEM "{server}/ping/xxe">]>',
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "{server}/ping/dtd"> %p;]>',
        '<!DOCTYPE rss SYSTEM "{server}/ping/dtd">',
    ],
    ids=["billion-laughs", "file-entity", "http-entity", "parameter-entity", "external-dtd"],
)
async def test_xml_entities_are_neither_expanded_nor_fetched(
    feed_server: FeedServer, doctype: str
) -> None:
    server = feed_server.url("").rstrip("/")
    ref = "&l9;" if "l9" in doctype else "&x;"
    body = (
        '<?xml version="1.0"?>'
        + doctype.replace("{server}", server)
        + f'<rss version="2.0"><channel><title>T</title><item><title>a {ref}</title>'
        + f"<description>b {ref}</description><link>http://example.com/1</link></item>"
        + "</channel></rss>"
    ).encode()
    parsed = parse_feed(body, base_url="http://example.com/")
    assert [e.url for e in parsed.entries] == ["http://example.com/1"]
    (entry,) = parsed.entries
    for text in (entry.title, entry.text):
        assert "haha" not in text and "root:" not in text and "pong" not in text
        assert len(text) < 100
    assert not [p for p, _ in feed_server.requests if p.startswith("/ping/")]


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2/feed",
        "http://2130706433/feed",
        "http://0177.0.0.1/feed",
        "http://0x7f.1/feed",
        "http://0.0.0.0/feed",
        "http://[::ffff:127.0.0.1]/feed",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00:ec2::254]/latest/meta-data/",
        "http://10.0.0.1/feed",
        "http://[fe80::1]/feed",
        "file:///etc/passwd",
    ],
)
async def test_guild_feed_redirect_to_a_non_public_address_is_refused(
    feed_server: FeedServer, target: str
) -> None:
    start = feed_server.url("/redirect-to?url=" + quote(target, safe=""))

    async def public_but_the_test_server(url: str) -> str | None:
        # The loopback test server stands in for a public outlet; every hop after it is
        # vetted by the real check.
        return None if url == start else await check_public_url(url)

    result = await fetch(start, limits=FetchLimits(timeout_s=2), guard=public_but_the_test_server)
    assert result.error is not None and result.body is None
    assert result.error.startswith(("redirect to a bad address: ", "invalid URL: ")), result.error
    assert "file://" in target or "redirect to a bad address" in result.error
