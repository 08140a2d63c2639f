"""feeds.extract: article text from a page, without boilerplate, comments or tables."""

from __future__ import annotations

import asyncio

from feeds.extract import extract_article_text
from tests.feeds.conftest import fixture_bytes

URL = "https://news.northwind.example/world/2024/03/river-treaty"


def test_extracts_article_paragraphs() -> None:
    text = extract_article_text(fixture_bytes("page.html"), URL)
    assert text is not None
    assert "Foreign ministers of Valdoria and Ostmark met in the border town" in text
    assert '"We have agreed to talk again' in text
    assert "Its expiry left both governments" in text
    assert "\n\n" in text  # paragraphs separated by blank lines


def test_drops_boilerplate_comments_tables_and_scripts() -> None:
    text = extract_article_text(fixture_bytes("page.html").decode(), URL)
    assert text is not None
    for unwanted in (
        "First! This comment",
        "All rights reserved",
        "do not keep this",
        "40 percent",
        "Sport",
    ):
        assert unwanted not in text


def test_no_article_gives_none() -> None:
    assert extract_article_text(b"") is None
    assert extract_article_text("<html><body><nav><a href='/'>Home</a></nav></body></html>") is None
    assert extract_article_text(b"\x00\x01 not html at all") is None


async def test_runs_in_a_worker_thread() -> None:
    # The pipeline calls it through asyncio.to_thread; nothing in it may need the main thread.
    text = await asyncio.to_thread(extract_article_text, fixture_bytes("page.html"), URL)
    assert text is not None and "Kessel" in text
