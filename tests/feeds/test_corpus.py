"""parse_feed over the shared corpora: 30 real outlet feeds and feedparser's own test files."""

from __future__ import annotations

import traceback
from collections import Counter
from pathlib import Path

import pytest

from feeds.discover import looks_like_feed
from feeds.parse import parse_feed

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
NEWS = CORPUS / "news-feeds"
FEEDPARSER_TESTS = CORPUS / "feedparser-tests"

pytestmark = pytest.mark.corpus


def _needs(folder: Path) -> None:
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")


def _news_files() -> list[Path]:
    return sorted(p for p in NEWS.glob("*") if p.suffix in (".xml", ".json", ".rss", ".atom"))


def test_news_feeds_parse_with_titles_and_keys() -> None:
    _needs(NEWS)
    files = _news_files()
    assert len(files) >= 30
    failures: list[str] = []
    for path in files:
        body = path.read_bytes()
        try:
            feed = parse_feed(body, "https://outlet.example/feed")
        except Exception:
            failures.append(f"{path.name}: raised\n{traceback.format_exc()}")
            continue
        if not feed.entries:
            failures.append(f"{path.name}: no entries ({feed.problem})")
            continue
        if not looks_like_feed(body):
            failures.append(f"{path.name}: looks_like_feed is False")
        if any(not e.title.strip() for e in feed.entries):
            failures.append(f"{path.name}: an entry without a title")
        if any(not e.dedupe_key.startswith(("guid:", "url:", "hash:")) for e in feed.entries):
            failures.append(f"{path.name}: malformed dedupe key")
        if any(e.published is not None and e.published.utcoffset() is None for e in feed.entries):
            failures.append(f"{path.name}: naive datetime")
        guids = [e.guid for e in feed.entries]
        if all(guids) and len(set(guids)) == len(guids):
            dupes = [k for k, n in Counter(e.dedupe_key for e in feed.entries).items() if n > 1]
            if dupes:
                failures.append(f"{path.name}: unique guids but repeated keys {dupes[:3]}")
    assert not failures, "\n".join(failures)


def test_news_feeds_dates_where_the_feed_has_them() -> None:
    _needs(NEWS)
    # Every outlet feed except the one known to carry no dates yields UTC dates.
    for path in _news_files():
        feed = parse_feed(path.read_bytes())
        dated = sum(e.published is not None for e in feed.entries)
        if "nodates" in path.name:
            assert dated == 0, path.name
        elif b"<pubdate" in path.read_bytes().lower() or b"<updated" in path.read_bytes().lower():
            assert dated > 0, path.name


@pytest.mark.parametrize(
    "folder",
    ["wellformed", "illformed", "encoding", "entities", "json", "v6.0.14-extra"],
)
def test_feedparser_test_files_never_raise(folder: str) -> None:
    root = FEEDPARSER_TESTS / folder
    _needs(root)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix != ".tsv")
    assert files
    failures: list[str] = []
    for path in files:
        try:
            feed = parse_feed(path.read_bytes(), "http://127.0.0.1:8097/" + path.name)
            for e in feed.entries:
                assert isinstance(e.title, str) and isinstance(e.text, str) and e.dedupe_key
        except Exception as e:
            failures.append(f"{path.relative_to(FEEDPARSER_TESTS)}: {type(e).__name__}: {e}")
    assert not failures, f"{len(failures)} of {len(files)} files failed:\n" + "\n".join(
        failures[:50]
    )
