"""feeds.dedupe: stable keys, and the same story in two feeds getting one key."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.dedupe import dedupe_key, title_date_hash, usable_guid
from feeds.parse import parse_feed
from tests.feeds.conftest import fixture_bytes

DAY = datetime(2024, 3, 6, 8, 0, tzinfo=UTC)


def test_permalink_guid_is_canonicalized() -> None:
    a = dedupe_key("https://Shared.example/x?utm_source=a", None, "T", DAY)
    b = dedupe_key(None, "https://shared.example/x?at_medium=RSS#top", "Other title", None)
    assert a == b == "url:https://shared.example/x"


def test_outlet_tracking_parameter_does_not_split_an_article() -> None:
    # DW tags its RSS links with ?maca=…; the same page linked without it is one article.
    tagged = dedupe_key(None, "https://dw.example/en/a/a-1?maca=en-rss-en-all-1573-rdf", "T", DAY)
    plain = dedupe_key(None, "https://dw.example/en/a/a-1", "Other title", None)
    assert tagged == plain == "url:https://dw.example/en/a/a-1"


def test_opaque_guid_wins_over_link() -> None:
    key = dedupe_key("tag:atlas.example,2024:summit", "https://atlas.example/s?page=2", "T", DAY)
    assert key == "guid:tag:atlas.example,2024:summit"


def test_short_or_numeric_guid_is_scoped_by_host() -> None:
    assert dedupe_key("12345", "https://a.example/story", "T", DAY) == "guid:a.example/12345"
    assert dedupe_key("12345", "https://b.example/story", "T", DAY) == "guid:b.example/12345"
    assert dedupe_key("abc", None, "T", DAY) == "guid:abc"
    long_numeric = "202403060800001234"
    assert (
        dedupe_key(long_numeric, "https://a.example/s", "T", None)
        == f"guid:a.example/{long_numeric}"
    )


@pytest.mark.parametrize("junk", [None, "", "  ", "null", "None", "0", "undefined"])
def test_placeholder_guids_fall_back_to_url(junk: str | None) -> None:
    assert usable_guid(junk) is None
    assert dedupe_key(junk, "https://a.example/s?utm_term=x", "T", DAY) == "url:https://a.example/s"


def test_hash_when_nothing_else() -> None:
    key = dedupe_key(None, None, "  Border   Crossing REOPENS ", DAY)
    assert key == "hash:" + title_date_hash("border crossing reopens", DAY)
    assert key == dedupe_key(None, "not a url", "border crossing reopens", DAY.replace(hour=23))
    assert key != dedupe_key(
        None, None, "border crossing reopens", datetime(2024, 3, 7, tzinfo=UTC)
    )
    assert key != dedupe_key(None, None, "border crossing closes", DAY)
    assert len(key) == len("hash:") + 64


def test_same_article_in_two_feeds_has_one_key() -> None:
    rss = parse_feed(fixture_bytes("feed_a.xml"))
    atom = parse_feed(fixture_bytes("feed_b.xml"))
    keys_a = {e.title: e.dedupe_key for e in rss.entries}
    keys_b = {e.title: e.dedupe_key for e in atom.entries}
    assert keys_a["Border crossing reopens"] == keys_b["Border crossing reopens"]
    assert keys_a["Only in feed A"] not in keys_b.values()
    assert (
        rss.entries[0].url == atom.entries[0].url == "https://shared.example/world/border-crossing"
    )


def test_keys_unique_when_feed_reuses_guid_or_link() -> None:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://site.example/</link><guid>same</guid></item>"
        for i in range(3)
    )
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}</channel></rss>'
    )
    keys = [e.dedupe_key for e in parse_feed(feed.encode()).entries]
    assert len(keys) == 3 and len(set(keys)) == 3
    assert all(k.startswith("hash:") for k in keys)


def test_repeated_item_keeps_one_key() -> None:
    item = "<item><title>Same story</title><link>https://site.example/s</link></item>"
    feed = f'<rss version="2.0"><channel><title>x</title>{item}{item}</channel></rss>'
    keys = [e.dedupe_key for e in parse_feed(feed.encode()).entries]
    assert keys == ["url:https://site.example/s"] * 2
