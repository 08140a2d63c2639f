"""A real week of world news: ten corpus feeds parsed from bytes with the project's own feed
parser, every entry clustered in publication order (as the pipeline stores them: the
entry's title and text), checked against hand labels in data/realweek_labels.json: each
labelled event's entries are one story, and each "apart" pair lands in different stories."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from feeds.models import Entry
from feeds.normalize import canonical_url
from feeds.parse import parse_feed
from stories import article_vector
from stories.memory import MemoryIndex

pytestmark = pytest.mark.corpus

REPO = Path(__file__).resolve().parents[2]
FEEDS = REPO / ".." / "shared" / "corpus" / "news-feeds"
LABELS = json.loads((Path(__file__).parent / "data" / "realweek_labels.json").read_text("utf-8"))
# Labelled entries that may end up outside their event's story, over all 71. Today 4 miss
# (short feed teasers sharing few rare words with the rest of their event); lower it as the
# rule improves, raise it only with a reason.
ALLOWED_MISSES = 4
# "Apart" pairs the rule merges today: the same actors and topic one day apart (a follow-up
# of the previous day's event). Term overlap cannot tell these apart within the window;
# they are expected failures, reported by pytest as xfail (xpass once fixed).
KNOWN_MERGED = (
    "Iran-US talks result on Feb 17",
    "Bangladesh PM swearing-in",
    "Rubio backing Orban in Budapest",
    "Australian government refusing repatriation",
    "Hamas demand aimed at Trump's peace board",
)


def _key(feed: str, link: str) -> str:
    return f"{feed} {canonical_url(link)}"


@pytest.fixture(scope="module")
def clustered() -> MemoryIndex:
    if not FEEDS.is_dir():
        pytest.skip(f"no feed corpus at {FEEDS}")
    entries: list[tuple[str, Entry]] = []
    for name in LABELS["feeds"]:
        parsed = parse_feed((FEEDS / name).read_bytes())
        entries += [(name, e) for e in parsed.entries if e.url]
    undated = max(e.published for _, e in entries if e.published is not None)
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    order = sorted(range(len(entries)), key=lambda i: (entries[i][1].published or undated, i))
    index = MemoryIndex()
    seen: set[str] = set()
    for i in order:
        name, e = entries[i]
        key = _key(name, e.url or "")
        if key in seen:
            continue
        seen.add(key)
        index.add(key, article_vector(e.title, e.text), e.published or undated or epoch)
    return index


def _story(index: MemoryIndex, ref: dict[str, str]) -> int:
    return index.story_of(_key(ref["feed"], ref["link"]))


def test_labelled_entries_are_in_the_feeds(clustered: MemoryIndex) -> None:
    refs = [r for ev in LABELS["events"] for r in ev["entries"]]
    refs += [p[side] for p in LABELS["apart"] for side in ("a", "b")]
    missing = [r["link"] for r in refs if _key(r["feed"], r["link"]) not in clustered._story_of]
    assert not missing


def test_each_labelled_event_is_one_story(clustered: MemoryIndex) -> None:
    misses: list[str] = []
    for ev in LABELS["events"]:
        stories = [_story(clustered, r) for r in ev["entries"]]
        main = max(set(stories), key=lambda s: (stories.count(s), -s))
        misses += [
            f"{ev['label']}: {r['feed']} {r['link']}"
            for r, s in zip(ev["entries"], stories, strict=True)
            if s != main
        ]
    assert len(misses) <= ALLOWED_MISSES, "\n".join(misses)


def _apart_cases() -> list[object]:
    return [
        pytest.param(
            p,
            id=p["why"][:60],
            marks=[pytest.mark.xfail(reason="same topic, a day apart")]
            if p["why"].startswith(KNOWN_MERGED)
            else [],
        )
        for p in LABELS["apart"]
    ]


@pytest.mark.parametrize("pair", _apart_cases())
def test_apart_pairs_are_different_stories(clustered: MemoryIndex, pair: dict) -> None:
    assert _story(clustered, pair["a"]) != _story(clustered, pair["b"]), pair["why"]


# Two labelled events the labeller noted overlap: Iran closed the strait during the talks, and
# one agency story covers both.
SAME_DAY_OVERLAP = {("Second round of indirect US-Iran", "Tehran briefly shuts the Hormuz")}


def test_distinct_labelled_events_stay_apart(clustered: MemoryIndex) -> None:
    mains: list[tuple[str, int]] = []
    for ev in LABELS["events"]:
        stories = [_story(clustered, r) for r in ev["entries"]]
        mains.append((ev["label"], max(set(stories), key=lambda s: (stories.count(s), -s))))
    together = [
        (a, b)
        for i, (a, sa) in enumerate(mains)
        for b, sb in mains[i + 1 :]
        if sa == sb and not any(a.startswith(x) and b.startswith(y) for x, y in SAME_DAY_OVERLAP)
    ]
    assert not together
