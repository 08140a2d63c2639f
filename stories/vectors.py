"""Sparse, L2-normalised term vectors for articles and summed centroids for stories."""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from itertools import repeat
from operator import itemgetter

from stories.terms import terms, weight

Vector = dict[str, float]

# Terms kept per article and per story centroid. Cutting a long article or a large story to a
# few hundred terms distorts its direction (its tail is where another outlet's wording meets
# it), so the caps only bound storage of very long pages.
ARTICLE_TERMS = 1000
STORY_TERMS = 1000
# The candidate index lists a story under its heaviest *specific* terms (rarer in English than
# about one word in 100,000, like names and places: "iran" yes, "government" no), and an article
# is looked up by its own. Common words would make nearly every story a candidate.
INDEX_TERMS = 64
INDEX_MIN_WEIGHT = 3.0
LOOKUP_TERMS = 64  # of an article's terms, how many are looked up
TITLE_WEIGHT = 1  # a title's words count once more, beside their place in the text
# The lead (headline paragraph) states the event; the rest of a page adds background,
# boilerplate or other items. Words in the first LEAD_CHARS characters count once more.
LEAD_CHARS = 1000
LEAD_WEIGHT = 1


def article_vector(title: str, text: str) -> Vector:
    counts: Counter[str] = Counter()
    for t in terms(title):
        counts[t] += TITLE_WEIGHT
    counts.update(terms(text))
    for t in terms(title) + terms(_lead(text)):  # the headline leads too
        counts[t] += LEAD_WEIGHT
    raw = {t: (1.0 + math.log(n)) * weight(t) for t, n in counts.items()}
    return normalised(top(raw, ARTICLE_TERMS))


def _lead(text: str) -> str:
    """The first LEAD_CHARS characters, not cutting a word in two."""
    if len(text) <= LEAD_CHARS:
        return text
    cut = text[:LEAD_CHARS]
    return cut if text[LEAD_CHARS].isspace() else cut.rsplit(None, 1)[0]


def top(v: Mapping[str, float], n: int) -> Vector:
    """The n heaviest terms; ties broken by the term so the result is deterministic."""
    if len(v) <= n:
        return dict(v)
    # Two stable sorts with C keys (term ascending, then weight descending) order ties by
    # term, as one sort on (-weight, term) would, in a third of its time.
    by_term = sorted(v.items(), key=itemgetter(0))
    return dict(sorted(by_term, key=itemgetter(1), reverse=True)[:n])


def normalised(v: Mapping[str, float]) -> Vector:
    length = norm(v)
    return {t: x / length for t, x in v.items()} if length else {}


def norm(v: Mapping[str, float]) -> float:
    # map() keeps the loop in C: a story's norm is taken at every article it gains
    return math.sqrt(sum(map(operator.mul, v.values(), v.values())))


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two vectors (either may be unnormalised)."""
    product = dot(a, b)
    if not product:
        return 0.0
    return product / (norm(a) * norm(b))


def add(total: Mapping[str, float], *vectors: Mapping[str, float]) -> Vector:
    """A centroid (sum) with more vectors added, kept to its STORY_TERMS heaviest terms."""
    out = dict(total)
    for v in vectors:
        for t, x in v.items():
            out[t] = out.get(t, 0.0) + x
    return top(out, STORY_TERMS)


def subtract(total: Mapping[str, float], v: Mapping[str, float]) -> Vector:
    """A centroid without one article (pruned); terms that fall to ~0 are dropped."""
    out = dict(total)
    for t, x in v.items():
        left = out.get(t, 0.0) - x
        if left > 1e-9:
            out[t] = left
        else:
            out.pop(t, None)
    return out


def index_terms(
    v: Mapping[str, float], n: int = INDEX_TERMS, *, filtered: bool = False
) -> list[str]:
    """The terms a vector is found by in the candidate index: its heaviest specific ones.
    `filtered`: every term of `v` is known to be specific (it came from `specific`)."""
    return list(top(v if filtered else specific(v), n))


# Terms already classified, so the test is two set operations in C rather than a call of
# `weight` per term (cProfile of bench_stories: that comprehension was a sixth of the time).
_SPECIFIC: set[str] = set()
_GENERIC: set[str] = set()


def specific(v: Mapping[str, float]) -> Vector:
    """The vector's specific terms (weight ≥ INDEX_MIN_WEIGHT) with their values."""
    new = v.keys() - _SPECIFIC - _GENERIC
    for t in new:
        (_SPECIFIC if weight(t) >= INDEX_MIN_WEIGHT else _GENERIC).add(t)
    keys = v.keys() & _SPECIFIC
    return {t: v[t] for t in keys}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # Summed in the smaller vector's own order (a set's order varies between runs with hash
    # randomisation, and another rounding could tip a decision at a threshold); map() keeps
    # the loop in C, a third of the time of a generator (cProfile of bench_stories).
    return sum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))


def summed(vectors: Iterable[Mapping[str, float]]) -> Vector:
    return add({}, *vectors)
