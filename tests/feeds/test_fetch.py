"""feeds.fetch against a real aiohttp server on 127.0.0.1 (and the local disk)."""

from __future__ import annotations

import gzip
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest

from feeds.fetch import fetch, make_session, parse_retry_after
from feeds.models import FetchLimits
from feeds.parse import parse_feed
from tests.feeds.conftest import BIG_BYTES, LAST_MODIFIED, FeedServer, etag_of, fixture_bytes

FAST = FetchLimits(
    timeout_s=0.5, max_bytes=100_000, max_redirects=5, user_agent="wirewatch-test/1.0 (+tests)"
)


async def test_200_returns_body_validators_and_content_type(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/feeds/rss20.xml"), limits=FAST)
    assert result.ok and result.status == 200 and not result.not_modified
    assert result.body == fixture_bytes("rss20.xml")
    assert result.etag == etag_of(result.body)
    assert result.last_modified == LAST_MODIFIED
    assert result.content_type is not None and result.content_type.startswith("application/rss+xml")
    assert result.url == feed_server.url("/feeds/rss20.xml")
    assert not result.permanent_redirect and result.error is None


async def test_sends_user_agent_accept_and_encodings(feed_server: FeedServer) -> None:
    await fetch(feed_server.url("/feeds/atom.xml"), limits=FAST)
    (headers,) = feed_server.headers_for("/feeds/atom.xml")
    assert headers["User-Agent"] == FAST.user_agent
    assert "application/rss+xml" in headers["Accept"]
    assert {"gzip", "deflate"} <= {e.strip() for e in headers["Accept-Encoding"].split(",")}
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


async def test_etag_gives_304_and_keeps_validators(feed_server: FeedServer) -> None:
    first = await fetch(feed_server.url("/feeds/rss20.xml"), limits=FAST)
    again = await fetch(feed_server.url("/feeds/rss20.xml"), etag=first.etag, limits=FAST)
    assert again.not_modified and again.status == 304
    assert again.body is None and again.error is None and not again.ok
    assert again.etag == first.etag
    assert feed_server.headers_for("/feeds/rss20.xml")[-1]["If-None-Match"] == first.etag


async def test_stale_etag_gets_the_body(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/feeds/rss20.xml"), etag='"old"', limits=FAST)
    assert result.status == 200 and result.body == fixture_bytes("rss20.xml")


async def test_last_modified_gives_304(feed_server: FeedServer) -> None:
    result = await fetch(
        feed_server.url("/feeds/atom.xml"), last_modified=LAST_MODIFIED, limits=FAST
    )
    assert result.not_modified and result.body is None
    assert result.last_modified == LAST_MODIFIED
    sent = feed_server.headers_for("/feeds/atom.xml")[-1]
    assert sent["If-Modified-Since"] == LAST_MODIFIED


@pytest.mark.parametrize(
    ("code", "error"),
    [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error"), (410, "HTTP 410 Gone")],
)
async def test_http_errors_are_described(feed_server: FeedServer, code: int, error: str) -> None:
    result = await fetch(feed_server.url(f"/status/{code}"), limits=FAST)
    assert result.status == code and result.error == error
    assert result.body is None and not result.ok and result.retry_after_s is None


@pytest.mark.parametrize("code", [301, 308])
async def test_permanent_redirect_reports_final_url(feed_server: FeedServer, code: int) -> None:
    result = await fetch(feed_server.url(f"/redirect/{code}/feeds/rdf.xml"), limits=FAST)
    assert result.ok and result.body == fixture_bytes("rdf.xml")
    assert result.url == feed_server.url("/feeds/rdf.xml")
    assert result.permanent_redirect


@pytest.mark.parametrize("code", [302, 303, 307])
async def test_temporary_redirect_is_not_permanent(feed_server: FeedServer, code: int) -> None:
    result = await fetch(feed_server.url(f"/redirect/{code}/feeds/rdf.xml"), limits=FAST)
    assert result.ok and result.url == feed_server.url("/feeds/rdf.xml")
    assert not result.permanent_redirect


async def test_mixed_chain_is_not_permanent(feed_server: FeedServer) -> None:
    url = feed_server.url("/redirect/301/redirect/302/feeds/rss20.xml")
    result = await fetch(url, limits=FAST)
    assert result.ok and result.url == feed_server.url("/feeds/rss20.xml")
    assert not result.permanent_redirect


async def test_all_permanent_chain_is_permanent(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/hops/3"), limits=FAST)
    assert result.ok and result.permanent_redirect
    assert result.url == feed_server.url("/feeds/rss20.xml")


async def test_relative_location_is_resolved(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/relative-redirect/deeper"), limits=FAST)
    assert result.ok and result.url == feed_server.url("/feeds/rss20.xml")


async def test_conditional_headers_survive_redirects(feed_server: FeedServer) -> None:
    etag = etag_of(fixture_bytes("rss20.xml"))
    result = await fetch(feed_server.url("/redirect/301/feeds/rss20.xml"), etag=etag, limits=FAST)
    assert result.not_modified and result.permanent_redirect
    assert result.url == feed_server.url("/feeds/rss20.xml")


async def test_redirect_loop_stops(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/loop"), limits=FAST)
    loop = feed_server.url("/loop")
    assert result.error == f"redirect loop: {loop} leads back to {loop}" and result.body is None
    assert len(feed_server.headers_for("/loop")) == 1


async def test_redirect_limit_counts_hops(feed_server: FeedServer) -> None:
    two = FetchLimits(timeout_s=0.5, max_redirects=2)
    assert (await fetch(feed_server.url("/hops/1"), limits=two)).ok  # 2 redirects
    result = await fetch(feed_server.url("/hops/2"), limits=two)  # 3 redirects
    assert result.error == "too many redirects (>2)"
    assert result.url == feed_server.url("/hops/0")  # where the chain had got to


async def test_redirect_without_location_or_to_ftp(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/no-location"), limits=FAST)
    assert result.status == 302 and result.error == "HTTP 302 Found without a Location header"
    result = await fetch(feed_server.url("/to-ftp"), limits=FAST)
    assert result.error is not None and "unsupported scheme 'ftp'" in result.error


async def test_slow_headers_time_out(feed_server: FeedServer) -> None:
    started = time.monotonic()
    result = await fetch(feed_server.url("/slow-headers"), limits=FAST)
    assert result.error == "timed out after 0.5s" and result.body is None
    assert time.monotonic() - started < 2


async def test_slow_body_times_out_with_shared_session(feed_server: FeedServer) -> None:
    async with make_session(FAST) as session:
        started = time.monotonic()
        result = await fetch(feed_server.url("/slow-body"), limits=FAST, session=session)
        assert result.error == "timed out after 0.5s"
        assert time.monotonic() - started < 2
        # the session is still usable afterwards
        assert (await fetch(feed_server.url("/feeds/rdf.xml"), limits=FAST, session=session)).ok
        assert not session.closed


async def test_declared_oversized_body_is_refused(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/big"), limits=FAST)
    assert result.error == f"response larger than {FAST.max_bytes} bytes"
    assert result.body is None and result.status == 200
    exact = FetchLimits(timeout_s=1, max_bytes=BIG_BYTES)  # the cap itself is allowed
    assert (await fetch(feed_server.url("/big"), limits=exact)).body == b"x" * BIG_BYTES


async def test_streamed_oversized_body_stops_reading(feed_server: FeedServer) -> None:
    limits = FetchLimits(timeout_s=2, max_bytes=50_000)
    result = await fetch(feed_server.url("/big-chunked"), limits=limits)
    assert result.error == "response larger than 50000 bytes" and result.body is None
    # The server could offer 32 MB; the client hung up long before that.
    assert feed_server.streamed["/big-chunked"] < 16_000_000


async def test_gzip_and_deflate_are_decoded(feed_server: FeedServer) -> None:
    for route in ("/gzip/atom.xml", "/deflate/atom.xml"):
        result = await fetch(feed_server.url(route), limits=FAST)
        assert result.ok and result.body == fixture_bytes("atom.xml"), route


async def test_gzip_bomb_hits_the_cap(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/gzip-bomb"), limits=FAST)
    assert result.error == f"response larger than {FAST.max_bytes} bytes"


async def test_429_retry_after_seconds(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/retry/429?after=120"), limits=FAST)
    assert result.status == 429 and result.error == "HTTP 429 Too Many Requests"
    assert result.retry_after_s == 120


async def test_503_retry_after_http_date(feed_server: FeedServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(minutes=10), usegmt=True)
    result = await fetch(feed_server.url(f"/retry/503?after={when}"), limits=FAST)
    assert result.error == "HTTP 503 Service Unavailable"
    assert result.retry_after_s is not None and 590 <= result.retry_after_s <= 600


async def test_retry_after_ignored_on_other_statuses(feed_server: FeedServer) -> None:
    result = await fetch(feed_server.url("/retry/500?after=60"), limits=FAST)
    assert result.status == 500 and result.retry_after_s is None


def test_parse_retry_after_forms() -> None:
    now = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)
    assert parse_retry_after("30", now=now) == 30
    assert parse_retry_after("Wed, 06 Mar 2024 12:01:30 GMT", now=now) == 90
    assert parse_retry_after("Wed, 06 Mar 2024 11:00:00 GMT", now=now) == 0  # past
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None and parse_retry_after("  ") is None


async def test_connection_refused() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await fetch(f"http://127.0.0.1:{port}/feed.xml", limits=FAST)
    assert result.error == "connection refused" and result.status is None and result.body is None


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("http://", "no host"),
        ("https:///feed.xml", "no host"),
        ("gopher://127.0.0.1/feed", "unsupported scheme 'gopher'"),
        ("http://127.0.0.1:99999/feed", "out of range"),
    ],
)
async def test_invalid_urls(url: str, detail: str) -> None:
    result = await fetch(url, limits=FAST)
    assert result.error is not None and result.error.startswith("invalid URL: ")
    assert detail in result.error and result.body is None


async def test_file_url_and_plain_path(tmp_path: Path) -> None:
    feed = tmp_path / "my feed.xml"
    feed.write_bytes(fixture_bytes("rdf.xml"))
    by_uri = await fetch(feed.as_uri(), limits=FAST)
    by_path = await fetch(str(feed), limits=FAST)
    for result in (by_uri, by_path):
        assert result.ok and result.status is None
        assert result.body == fixture_bytes("rdf.xml")
        assert result.url == feed.as_uri()


async def test_local_file_errors_and_cap(tmp_path: Path) -> None:
    missing = await fetch(str(tmp_path / "missing.xml"), limits=FAST)
    assert missing.error == f"file not found: {tmp_path / 'missing.xml'}"
    assert (await fetch(str(tmp_path), limits=FAST)).error == f"not a file: {tmp_path}"
    big = tmp_path / "big.xml"
    big.write_bytes(b"z" * (FAST.max_bytes + 1))
    assert (
        await fetch(big.as_uri(), limits=FAST)
    ).error == f"response larger than {FAST.max_bytes} bytes"
    remote = await fetch("file://fileserver/share/feed.xml", limits=FAST)
    assert remote.error is not None and remote.error.startswith("invalid URL")


async def test_fetch_then_parse_end_to_end(feed_server: FeedServer) -> None:
    async with make_session(FAST) as session:
        result = await fetch(feed_server.url("/gzip/relative.xml"), limits=FAST, session=session)
    assert result.body is not None
    parsed = parse_feed(result.body, base_url=result.url)
    assert [e.url for e in parsed.entries] == [
        feed_server.url("/news/root-relative"),
        feed_server.url("/gzip/stories/path-relative?id=7"),
    ]


def test_gzip_fixture_sanity() -> None:
    # The server compresses on the fly; make sure the fixture itself is not compressed.
    assert not fixture_bytes("atom.xml").startswith(gzip.compress(b"")[:2])


async def test_guard_refuses_a_private_address_before_any_request(feed_server: FeedServer) -> None:
    from feeds.urlsafety import check_public_url

    before = len(feed_server.requests)
    result = await fetch(feed_server.url("/feeds/rss20.xml"), limits=FAST, guard=check_public_url)
    assert not result.ok and result.error is not None and "127.0.0.1" in result.error
    assert len(feed_server.requests) == before, "nothing was sent to the refused address"


async def test_guard_vets_every_redirect_target(feed_server: FeedServer) -> None:
    seen: list[str] = []

    async def only_the_first_hop(url: str) -> str | None:
        seen.append(url)
        return None if "/redirect/" in url else f"refused address: {url}"

    result = await fetch(
        feed_server.url("/redirect/302/feeds/rdf.xml"), limits=FAST, guard=only_the_first_hop
    )
    assert not result.ok and result.error is not None
    assert "redirect to a bad address" in result.error
    assert seen == [
        feed_server.url("/redirect/302/feeds/rdf.xml"),
        feed_server.url("/feeds/rdf.xml"),
    ]


async def test_guard_refuses_local_files(tmp_path: Path) -> None:
    f = tmp_path / "feed.xml"
    f.write_bytes(fixture_bytes("rss20.xml"))

    async def allow_all(url: str) -> str | None:
        return None

    result = await fetch(str(f), limits=FAST, guard=allow_all)
    assert not result.ok and result.error is not None and "local files" in result.error
    assert (await fetch(str(f), limits=FAST)).ok
