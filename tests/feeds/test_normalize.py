"""feeds.normalize: URL canonicalization, HTML to text, dates, teasers."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest

from feeds.normalize import (
    canonical_url,
    html_to_text,
    is_teaser,
    parse_iso8601,
    parse_loose_date,
    published_utc,
    to_utc,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("HTTPS://News.Example.COM/World/Story", "https://news.example.com/World/Story"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        (
            "https://example.com/a?utm_source=rss&utm_medium=feed&utm_campaign=x",
            "https://example.com/a",
        ),
        ("https://example.com/a?UTM_Source=rss&id=5", "https://example.com/a?id=5"),
        ("https://example.com/a?fbclid=IwAR0&gclid=xyz&id=5", "https://example.com/a?id=5"),
        ("https://example.com/a?mc_cid=1&mc_eid=2&ocid=3&cmpid=4", "https://example.com/a"),
        ("https://example.com/a?at_medium=RSS&at_campaign=KARANGA", "https://example.com/a"),
        ("https://example.com/a?xtor=RSS-3208&smid=tw-share", "https://example.com/a"),
        ("https://example.com/a?maca=en-rss-en-world-4025-rdf", "https://example.com/a"),
        ("https://example.com/a?wt_mc=rss.beitrag.atom&id=5", "https://example.com/a?id=5"),
        ("https://example.com/a?traffic_source=rss", "https://example.com/a"),
        ("https://example.com/a?CMP=share_btn_url", "https://example.com/a"),
        ("https://example.com/a?ref_src=twsrc%5Etfw", "https://example.com/a"),
        ("https://example.com/a?utmost=1", "https://example.com/a?utmost=1"),  # not utm_
        ("https://example.com/a?z=1&b=2&a=3", "https://example.com/a?a=3&b=2&z=1"),
        ("https://example.com/a?b=2&a=1&b=1", "https://example.com/a?a=1&b=1&b=2"),
        ("https://example.com/a?flag&x=1", "https://example.com/a?flag=&x=1"),
        ("https://example.com/search?q=a+b%26c", "https://example.com/search?q=a+b%26c"),
        ("http://[2001:DB8::1]:80/x", "http://[2001:db8::1]/x"),
        ("  https://example.com/padded  ", "https://example.com/padded"),
        ("/relative/path?utm_source=x", "/relative/path?utm_source=x"),  # not absolute: untouched
        ("https://example.com:notaport/a", "https://example.com:notaport/a"),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_canonical_url_is_idempotent() -> None:
    url = "HTTPS://Example.com:443/a/b?utm_source=x&b=2&a=1#frag"
    assert (
        canonical_url(canonical_url(url)) == canonical_url(url) == "https://example.com/a/b?a=1&b=2"
    )


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Line one<br>line two<br/>line three", "Line one\nline two\nline three"),
        (
            "<div>Tom &amp; Jerry &lt;3 &eacute;t&eacute; &#8212; &#x2019;</div>",
            "Tom & Jerry <3 été — ’",
        ),
        ("It&amp;#8217;s double-escaped", "It’s double-escaped"),
        ("<p>Keep</p><script>alert('x')</script><style>p{}</style><p>this</p>", "Keep\n\nthis"),
        ("  lots\n\n of\t  space&nbsp;here  ", "lots of space here"),
        ("<ul><li>a</li><li>b</li></ul>", "a\nb"),
        ("<p>unclosed <b>bold", "unclosed bold"),
        ("plain text, no tags", "plain text, no tags"),
        ("<h2>Head</h2>Body", "Head\n\nBody"),
        ("a < b and c > d", "a < b and c > d"),
        ("", ""),
        ("<img src='x.png'><p></p>", ""),
    ],
)
def test_html_to_text(html: str, text: str) -> None:
    assert html_to_text(html) == text


def test_to_utc_from_struct_time_and_datetimes() -> None:
    now = datetime(2024, 3, 6, tzinfo=UTC)
    parsed = time.strptime("2024-03-05 08:30:00", "%Y-%m-%d %H:%M:%S")
    assert to_utc(parsed, now=now) == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    plus_two = datetime(2024, 3, 5, 10, 30, tzinfo=timezone(timedelta(hours=2)))
    assert to_utc(plus_two, now=now) == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert to_utc(datetime(2024, 3, 5, 8, 30), now=now) == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert to_utc(None) is None


@pytest.mark.parametrize(
    "absurd",
    [
        datetime(1970, 1, 1, tzinfo=UTC),
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(2031, 1, 1, tzinfo=UTC),
    ],
)
def test_to_utc_rejects_absurd_dates(absurd: datetime) -> None:
    assert to_utc(absurd, now=datetime(2024, 3, 6, tzinfo=UTC)) is None


def test_to_utc_allows_small_clock_skew() -> None:
    now = datetime(2024, 3, 6, tzinfo=UTC)
    assert to_utc(now + timedelta(hours=30), now=now) is not None
    assert to_utc(now + timedelta(days=3), now=now) is None


def test_published_prefers_published_then_updated() -> None:
    now = datetime(2024, 3, 6, tzinfo=UTC)
    pub = time.strptime("2024-03-01", "%Y-%m-%d")
    upd = time.strptime("2024-03-02", "%Y-%m-%d")
    assert published_utc({"published_parsed": pub, "updated_parsed": upd}, now=now) == datetime(
        2024, 3, 1, tzinfo=UTC
    )
    assert published_utc({"updated_parsed": upd}, now=now) == datetime(2024, 3, 2, tzinfo=UTC)
    bogus = time.strptime("1970-01-01", "%Y-%m-%d")
    assert published_utc({"published_parsed": bogus, "updated_parsed": upd}, now=now) == datetime(
        2024, 3, 2, tzinfo=UTC
    )
    assert published_utc({}, now=now) is None


def test_parse_iso8601() -> None:
    now = datetime(2024, 3, 10, tzinfo=UTC)
    assert parse_iso8601("2024-03-08T10:00:00+01:00", now=now) == datetime(
        2024, 3, 8, 9, tzinfo=UTC
    )
    assert parse_iso8601("2024-03-08T10:00:00Z", now=now) == datetime(2024, 3, 8, 10, tzinfo=UTC)
    assert parse_iso8601("last Tuesday", now=now) is None
    assert parse_iso8601(None) is None


LONG_BODY = " ".join(["The delegation met officials to discuss the agreement in detail."] * 20)


@pytest.mark.parametrize(
    ("text", "teaser"),
    [
        ("", True),
        ("   ", True),
        ("Dock workers returned to work on Monday.", True),  # short
        (LONG_BODY, False),
        (LONG_BODY + " And then…", True),
        (LONG_BODY + " more [...]", True),
        (LONG_BODY + " more […]", True),
        (LONG_BODY + "\n\nRead more", True),
        (LONG_BODY + " Continue reading...", True),
        (LONG_BODY + "\n\nThe post Talks resume appeared first on Lantern.", True),
        (LONG_BODY + " Read more about it in the report below, which is long.", False),
    ],
)
def test_is_teaser(text: str, teaser: bool) -> None:
    assert is_teaser(text) is teaser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seg, 24 Set 2018 19:42:40 -0300", datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)),
        ("mer, 16 nov 2022 00:38:15 +0100", datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC)),
        ("Di, 5. Mär 2024 10:00:00 +01:00", datetime(2024, 3, 5, 9, tzinfo=UTC)),
        ("16 févr. 2024 10:00", datetime(2024, 2, 16, 10, tzinfo=UTC)),
        ("3 juil 2023", datetime(2023, 7, 3, tzinfo=UTC)),
        ("12 juin 2023 08:00 GMT", datetime(2023, 6, 12, 8, tzinfo=UTC)),
        ("32 jan 2020", None),
        ("5 Smarch 2020", None),
        ("yesterday", None),
    ],
)
def test_parse_loose_date(text: str, expected: datetime | None) -> None:
    assert parse_loose_date(text, now=datetime(2024, 3, 6, tzinfo=UTC)) == expected


def test_published_falls_back_to_localized_raw_date() -> None:
    entry = {"published": "Seg, 24 Set 2018 19:42:40 -0300", "published_parsed": None}
    assert published_utc(entry) == datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)
