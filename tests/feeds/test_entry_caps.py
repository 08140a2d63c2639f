"""feeds/limits.py: cutting a document after its first entries, and clipping entry text."""

from __future__ import annotations

import json

import pytest

from feeds.limits import clip_text, cut_entries
from feeds.models import ParseLimits
from feeds.parse import parse_feed

RSS_HEAD = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
RSS_TAIL = b"</channel></rss>"
ATOM_HEAD = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'


def items(n: int, tag: bytes = b"item", inner: bytes = b"") -> bytes:
    return b"".join(
        b"<%s><title>E%d</title><guid>g%d</guid>%s</%s>" % (tag, i, i, inner, tag) for i in range(n)
    )


@pytest.mark.parametrize(
    ("doc", "keep", "closing", "total"),
    [
        (RSS_HEAD + items(5) + RSS_TAIL, 2, b"</channel></rss>", 5),
        (ATOM_HEAD + items(5, b"entry") + b"</feed>", 3, b"</feed>", 5),
        # RDF: items are siblings of <channel>, so only the root is open.
        (
            b'<rdf:RDF xmlns:rdf="r"><channel><title>T</title></channel>'
            + items(4)
            + b"</rdf:RDF>",
            1,
            b"</rdf:RDF>",
            4,
        ),
        (
            b'<feed xmlns:atom="a"><atom:title>T</atom:title>'
            + items(3, b"atom:entry")
            + b"</feed>",
            2,
            b"</feed>",
            3,
        ),
        # '<' inside a comment, CDATA or the doctype head opens nothing.
        (
            b"<!DOCTYPE rss><!-- <old> --><rss><channel><title><![CDATA[a <b> c]]></title>"
            b"<image><url>u</url></image><link/>" + items(3) + RSS_TAIL,
            1,
            b"</channel></rss>",
            3,
        ),
    ],
)
def test_cut_keeps_the_first_entries_and_closes_the_document(
    doc: bytes, keep: int, closing: bytes, total: int
) -> None:
    cut = cut_entries(doc, keep)
    assert (cut.kept, cut.total) == (keep, total)
    assert cut.body.endswith(closing)
    assert cut.body.count(b"<title>E") == keep


@pytest.mark.parametrize("n", [0, 1, 3])
def test_a_document_within_the_cap_is_untouched(n: int) -> None:
    doc = RSS_HEAD + items(n) + RSS_TAIL
    assert cut_entries(doc, 3).body is doc


def test_a_cut_document_parses_cleanly_with_the_count_noted() -> None:
    doc = RSS_HEAD + items(100_000) + RSS_TAIL
    parsed = parse_feed(doc, limits=ParseLimits(max_entries=500))
    assert len(parsed.entries) == 500 and parsed.total_entries == 100_000
    assert parsed.problem is None and parsed.title == "T"
    assert [e.title for e in parsed.entries[:2]] == ["E0", "E1"]


def test_json_feeds_are_capped_too() -> None:
    doc = json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "J",
            "items": [{"id": str(i), "title": f"E{i}", "content_text": "x"} for i in range(20)],
        }
    ).encode()
    parsed = parse_feed(doc, limits=ParseLimits(max_entries=5))
    assert [e.title for e in parsed.entries] == ["E0", "E1", "E2", "E3", "E4"]
    assert parsed.total_entries == 20


def test_a_huge_entry_is_clipped_to_the_text_cap() -> None:
    body = b"<description>" + b"Word and more words. " * 500_000 + b"</description>"
    doc = RSS_HEAD + b"<item><title>Huge</title><guid>h</guid>" + body + b"</item>" + RSS_TAIL
    (entry,) = parse_feed(doc, limits=ParseLimits(max_text_chars=100_000)).entries
    assert 90_000 <= len(entry.text) <= 100_000 and entry.text.endswith("words.")


@pytest.mark.parametrize(
    ("text", "cap", "clipped"),
    [
        ("short", 10, "short"),
        # A break far back is not used: it would drop most of the text.
        ("First para.\n\nSecond paragraph here", 25, "First para.\n\nSecond parag"),
        ("a" * 95 + "\n\n" + "b" * 20, 100, "a" * 95),  # paragraph break in the last tenth
        ("a" * 93 + ". " + "b" * 20, 100, "a" * 93 + "."),  # else a sentence end
        ("a" * 94 + " " + "b" * 20, 100, "a" * 94),  # else a space
        ("x" * 200, 100, "x" * 100),  # else a hard cut
    ],
)
def test_clip_text(text: str, cap: int, clipped: str) -> None:
    assert clip_text(text, cap) == clipped
