"""The clustering rule (`assign`) and the in-memory index that models the store's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from stories.decide import Params, StoryState, assign
from stories.memory import MemoryIndex
from stories.vectors import article_vector

T0 = datetime(2026, 2, 17, 12, tzinfo=UTC)
ZORVIA = "Zorvian lawmakers impeach President Kalemba over bribery"
MARVELLE = "Floods swamp Marvelle delta farmland, displacing herders"


def vec(text: str) -> dict[str, float]:
    return article_vector(text, text)


def story(sid: int, text: str, hours: float = 0, posted: bool = False) -> StoryState:
    at = T0 + timedelta(hours=hours)
    return StoryState(sid, vec(text), at, at, posted)


@pytest.mark.parametrize(
    ("article", "candidates", "joined"),
    [
        (ZORVIA, [story(1, ZORVIA)], 1),
        (ZORVIA, [story(1, MARVELLE), story(2, ZORVIA)], 2),
        (ZORVIA, [story(1, MARVELLE)], None),
        (ZORVIA, [], None),
        (ZORVIA, [story(1, ZORVIA, hours=-100)], None),  # outside the 72 h window
        (ZORVIA, [story(1, ZORVIA, hours=-70)], 1),
        (ZORVIA, [story(1, ZORVIA, hours=+80)], None),
    ],
)
def test_join_or_open(article: str, candidates: list[StoryState], joined: int | None) -> None:
    assert assign(vec(article), T0, candidates).story == joined


def test_weak_match_joins_when_it_stands_out() -> None:
    p = Params(join=0.99, weak=0.1, margin=3.0)
    sole = assign(vec(ZORVIA), T0, [story(1, ZORVIA + " " + MARVELLE)], p)
    assert sole.story == 1
    assert assign(vec(ZORVIA), T0, [story(1, MARVELLE)], p).story is None


@pytest.mark.parametrize(
    ("posted", "survivor", "merged"),
    [
        ((False, False), 1, (2,)),  # the older story survives
        ((False, True), 2, (1,)),  # a posted story keeps its id
        ((True, True), 1, (2,)),
    ],
)
def test_merge_survivor(posted: tuple[bool, bool], survivor: int, merged: tuple[int]) -> None:
    a = story(1, ZORVIA, hours=-2, posted=posted[0])
    b = story(2, ZORVIA, hours=-1, posted=posted[1])
    d = assign(vec(ZORVIA), T0, [b, a])
    assert (d.story, d.merged) == (survivor, merged)


def test_memory_index_joins_and_opens() -> None:
    idx = MemoryIndex()
    a = idx.add("a", vec(ZORVIA), T0)
    b = idx.add("b", vec(MARVELLE), T0)
    c = idx.add("c", vec("Kalemba impeached by Zorvian lawmakers"), T0)
    assert a != b and c == a and len(idx) == 2


def test_memory_index_merges_via_a_bridging_article() -> None:
    left = "Kalemba Zorvia impeachment bribery Ostrana"
    right = "Dravik Quellport blockade tanker Ostrana"
    idx = MemoryIndex(Params(join=0.4, merge=0.4, weak=0.4))
    s1 = idx.add("left", vec(left), T0)
    s2 = idx.add("right", vec(right), T0)
    assert s1 != s2
    s3 = idx.add("bridge", vec(left + " " + right), T0)
    assert s3 == s1 and len(idx) == 1
    assert idx.story_of("right") == s1
    # the folded story left no posting behind: later articles still cluster
    assert idx.add("more", vec(right), T0) == s1
