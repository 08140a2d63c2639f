"""feeds.parse: RSS 2.0, Atom, RSS 1.0, JSON Feed, malformed input, and no I/O."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from feeds.parse import parse_feed
from tests.feeds.conftest import FeedServer, fixture_bytes


def test_rss20_entries() -> None:
    feed = parse_feed(fixture_bytes("rss20.xml"), "https://news.northwind.example/world/rss")
    assert feed.title == "Northwind Wire – World"
    assert feed.link == "https://news.northwind.example/world"
    assert feed.problem is None
    first, second, third = feed.entries
    assert first.title == "Ministers meet in Valdoria over river treaty"
    assert first.url == "https://news.northwind.example/world/2024/03/river-treaty?ref=world"
    assert first.dedupe_key == "url:https://news.northwind.example/world/2024/03/river-treaty"
    assert first.published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert first.author == "Ana Ribeiro"
    assert first.guid == "https://news.northwind.example/world/2024/03/river-treaty?utm_source=rss"
    # content:encoded is preferred over the shorter description; scripts are gone
    assert first.text.startswith("Foreign ministers of Valdoria and Ostmark met in the border town")
    assert "trackReader" not in first.text and first.text.count("\n\n") == 3
    assert '"We have agreed to talk again' in first.text
    assert not first.is_teaser
    assert second.author == "Tomas Berg"
    assert second.url == "https://news.northwind.example/world/2024/03/ostmark-vote"
    assert second.dedupe_key == "guid:nw-2024-0305-ostmark-vote"
    assert second.is_teaser and third.is_teaser
    assert third.title == "Ports reopen after strike & talks"
    assert third.published == datetime(2024, 3, 4, 23, 15, tzinfo=UTC)


def test_atom_entries() -> None:
    feed = parse_feed(fixture_bytes("atom.xml"))
    assert feed.title == "Atlas & Globe" and feed.link == "https://atlas.example/"
    summit, sanctions = feed.entries
    assert summit.title == "Summit ends with joint statement"
    assert summit.url == "https://atlas.example/2024/03/06/summit-statement"  # xml:base
    assert summit.published == datetime(2024, 3, 6, 8, 15, tzinfo=UTC)  # published, not updated
    assert summit.author == "Mira Castell"
    assert summit.text == (
        "Leaders of five northern states signed a joint statement on Wednesday.\n\nIt calls for a ceasefire."
    )
    assert summit.dedupe_key == "guid:tag:atlas.example,2024:summit-statement"
    assert sanctions.published == datetime(2024, 3, 5, 8, tzinfo=UTC)  # from <updated>
    assert sanctions.url == "https://atlas.example/2024/03/05/sanctions"


def test_rss10_rdf_entries() -> None:
    feed = parse_feed(fixture_bytes("rdf.xml"))
    assert feed.title == "Meridian Daily"
    assert [e.title for e in feed.entries] == [
        "Parliament passes budget",
        "Central bank holds rates",
    ]
    assert feed.entries[0].published == datetime(2024, 3, 1, 15, 20, tzinfo=UTC)
    assert feed.entries[0].author == "Jonas Weller"
    assert [e.dedupe_key for e in feed.entries] == [
        "url:https://meridian.example/a/101",
        "url:https://meridian.example/a/102",
    ]


def test_json_feed() -> None:
    feed = parse_feed(fixture_bytes("feed.json"), "https://lantern.example/feed.json")
    assert feed.title == "Lantern JSON" and feed.link == "https://lantern.example/"
    talks, note = feed.entries
    assert talks.title == "Talks resume" and talks.text == "Talks resumed on Friday."
    assert talks.url == "https://lantern.example/posts/1"
    assert talks.dedupe_key == "url:https://lantern.example/posts/1"
    assert talks.author == "Iris Vale"
    assert talks.published == datetime(2024, 3, 8, 9, tzinfo=UTC)
    assert note.title == "A note without a title."  # taken from the text
    assert note.text == "A note without a title.\n\nIt has two paragraphs & an ampersand."
    assert note.url == "https://lantern.example/posts/2"
    assert note.dedupe_key == "guid:lantern.example/2"
    assert note.published == datetime(2024, 3, 9, tzinfo=UTC)


def test_invalid_json_is_a_problem_not_an_exception() -> None:
    feed = parse_feed(b'{"items": [1, 2')
    assert (
        feed.entries == [] and feed.problem is not None and feed.problem.startswith("invalid JSON")
    )
    assert parse_feed(b'{"hello": "world"}').problem == "JSON document is not a JSON Feed"


def test_malformed_feed_keeps_good_entries() -> None:
    feed = parse_feed(fixture_bytes("malformed.xml"))
    assert feed.problem is not None and "not well-formed" in feed.problem
    titles = [e.title for e in feed.entries]
    assert titles[:2] == ["First good story", "Second good story"]
    assert feed.entries[0].published == datetime(2024, 3, 1, 10, tzinfo=UTC)
    assert feed.entries[1].dedupe_key == "url:https://broken.example/2"


def test_html_entities_and_cdata() -> None:
    feed = parse_feed(fixture_bytes("entities.xml"))
    assert feed.title == "Café Diplomatique"
    (entry,) = feed.entries
    assert entry.title == "Président visits Köln & Liège"
    assert entry.text == "“We are friends,” she said.\n\nTea & talks — at 5 pm."


def test_relative_links_resolve_against_base_url() -> None:
    feed = parse_feed(fixture_bytes("relative.xml"), "https://rel.example/feeds/main.xml")
    assert feed.link == "https://rel.example/"
    assert [e.url for e in feed.entries] == [
        "https://rel.example/news/root-relative",
        "https://rel.example/feeds/stories/path-relative?id=7",
    ]
    assert feed.entries[0].dedupe_key == "url:https://rel.example/news/root-relative"


def test_garbage_and_empty_input_do_not_raise() -> None:
    for body in (b"", b"\x00\xff\xfe garbage", b"<html><body>Not a feed</body></html>", b"{"):
        feed = parse_feed(body)
        assert feed.entries == []
    assert parse_feed(b"").problem == "empty document"
    assert (
        parse_feed(b"<html><body>Not a feed</body></html>").problem == "not an RSS or Atom document"
    )


def test_entry_without_title_or_link_is_dropped() -> None:
    body = b"""<rss version="2.0"><channel><title>x</title>
      <item><description></description></item>
      <item><link>https://x.example/only-link</link></item>
    </channel></rss>"""
    (entry,) = parse_feed(body).entries
    assert (
        entry.url == "https://x.example/only-link" and entry.title == "https://x.example/only-link"
    )


def test_body_that_is_a_path_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_bytes(fixture_bytes("rss20.xml"))
    feed = parse_feed(str(secret).encode())
    assert feed.entries == [] and feed.title is None


async def test_body_that_is_a_url_is_not_fetched(feed_server: FeedServer) -> None:
    url = feed_server.url("/feeds/rss20.xml")
    feed = await asyncio.to_thread(parse_feed, url.encode())
    assert feed.entries == []
    assert feed_server.requests == []
