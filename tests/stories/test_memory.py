"""MemoryIndex's candidate lookup against a plain reference of the rule it documents: for
each of the article's index terms, the POSTING_DEPTH stories in the window indexed last; of
those, the MAX_CANDIDATES sharing the most terms (newest first on ties). The stream is out of
order and spans weeks, so stories outside the window sit in the postings."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from stories.decide import MAX_CANDIDATES, POSTING_DEPTH
from stories.memory import MemoryIndex
from stories.vectors import LOOKUP_TERMS, index_terms, normalised


def _reference(index: MemoryIndex, vector: dict[str, float], at: float) -> list[int]:
    shared: Counter[int] = Counter()
    for t in index_terms(vector, LOOKUP_TERMS):
        listed = list(index._postings.get(t, {}))[::-1]
        inside = [s for s in listed if index._opens[s] <= at <= index._closes[s]]
        shared.update(inside[:POSTING_DEPTH])
    ranked = sorted(shared.items(), key=lambda p: (p[1], p[0]), reverse=True)
    return [sid for sid, _ in ranked[:MAX_CANDIDATES]]


def _vector(rng: random.Random, vocab: list[str]) -> dict[str, float]:
    event = rng.randrange(0, len(vocab) // 12) * 12  # one of many events, a few shared words
    words = rng.sample(vocab[event : event + 12], 8) + rng.sample(vocab, 3)
    return normalised({w: rng.uniform(0.5, 3.0) for w in words})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_candidates_match_the_documented_rule(seed: int) -> None:
    rng = random.Random(seed)
    vocab = [f"zq{i:04d}x" for i in range(2400)]  # unknown to English: all specific
    index = MemoryIndex()
    start = datetime(2026, 2, 1, tzinfo=UTC)
    checked = outside = 0
    for i in range(1500):
        # mostly forward in time, now and then a day or more out of order
        hours = i * 2.0 - (rng.uniform(24, 120) if rng.random() < 0.1 else 0.0)
        published = start + timedelta(hours=max(hours, 0.0))
        vector = _vector(rng, vocab)
        at = published.timestamp()
        got = index._candidates(index_terms(vector, LOOKUP_TERMS), published)
        assert got == _reference(index, vector, at)
        checked += 1
        outside += any(not index._opens[s] <= at <= index._closes[s] for s in index._opens)
        index.add(str(i), vector, published)
    assert outside > checked // 2  # the window check was exercised, not just the fast path
