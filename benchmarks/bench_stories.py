"""Story clustering speed: articles per second clustered through `MemoryIndex` (the candidate
index the store models) into a window already holding WINDOW articles, against an all-pairs
baseline (compare each new article with every stored article) on the same data.

The articles are synthetic: each event draws its words from its own small vocabulary of
invented names plus a shared pool of common English words, so stories have realistic overlap."""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from stories.memory import MemoryIndex
from stories.vectors import Vector, article_vector, cosine

# The setting: 2,000 articles clustered into a window already holding 20,000.
WINDOW = 20_000
TIMED = 2_000
BASELINE = 50  # all-pairs is slow: timed on fewer articles, reported as a rate
TARGET = 2_000.0  # articles/s


def _word(rng: random.Random) -> str:
    return "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))


def _articles(n: int, seed: int = 7) -> list[tuple[str, str]]:
    from wordfreq import top_n_list

    rng = random.Random(seed)
    common = [w for w in top_n_list("en", 5_000) if w.isalpha()][200:3_200]  # real English
    events = [[_word(rng) for _ in range(12)] for _ in range(n // 4)]
    out = []
    for _ in range(n):
        ev = rng.choice(events)
        words = rng.choices(ev, k=25) + rng.choices(common, k=120)
        out.append((" ".join(rng.sample(ev, 4)), " ".join(words)))
    return out


def main() -> None:
    texts = _articles(WINDOW + TIMED)
    vectors: list[Vector] = [article_vector(t, x) for t, x in texts]
    t0 = datetime(2026, 2, 17, tzinfo=UTC)
    at = [t0 + timedelta(seconds=5 * i) for i in range(len(vectors))]  # all within 72 h
    index = MemoryIndex()
    for i in range(WINDOW):
        index.add(str(i), vectors[i], at[i])
    start = time.perf_counter()
    for i in range(WINDOW, WINDOW + TIMED):
        index.add(str(i), vectors[i], at[i])
    rate = TIMED / (time.perf_counter() - start)

    stored = vectors[:WINDOW]
    start = time.perf_counter()
    for v in vectors[WINDOW : WINDOW + BASELINE]:
        max(cosine(v, s) for s in stored)
    base = BASELINE / (time.perf_counter() - start)
    print(f"   window {WINDOW} articles in {len(index)} stories; {TIMED} more clustered")
    print(f"   candidate index: {rate:,.0f} articles/s (target {TARGET:,.0f})")
    print(f"   all-pairs baseline: {base:,.0f} articles/s; ratio {rate / base:.1f}x")
    if rate < TARGET:
        print("   BELOW TARGET")
