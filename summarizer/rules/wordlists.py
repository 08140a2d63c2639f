"""Word lists as data: one word or phrase per line in `summarizer/data/words/NAME.txt`.

Rules read their vocabulary from here rather than from literals in Python, so extending a rule
is one line in a text file, and regex alternations are built from the same list they test.
Lines starting with `#` are comments; blank lines are skipped.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def words(name: str) -> frozenset[str]:
    """The entries of `data/words/NAME.txt`; a missing list is an error, not an empty set."""
    return frozenset(entries(name))


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries in file order (for lists where order matters, e.g. longest match first)."""
    path = resources.files("summarizer").joinpath("data", "words", f"{name}.txt")
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if entry and not entry.startswith("#"):
            out.append(entry)
    return tuple(out)


def alternation(items: frozenset[str] | tuple[str, ...]) -> str:
    """A non-capturing regex alternation, longest entry first so "said to" beats "said"."""
    ordered = sorted(set(items), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
