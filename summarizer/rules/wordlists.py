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


def alternation(items: frozenset[str] | tuple[str, ...], capitals: bool = False) -> str:
    """A non-capturing regex alternation, longest entry first so "said to" beats "said".
    `capitals`: each word of an entry may also start with its capital ("[Ff]oreign")."""
    ordered = sorted(set(items), key=lambda w: (-len(w), w))
    if not capitals:
        return "(?:" + "|".join(re.escape(w) for w in ordered) + ")"
    return "(?:" + "|".join(" ".join(map(_either_case, w.split(" "))) for w in ordered) + ")"


def _either_case(word: str) -> str:
    head = word[:1]
    if head.upper() == head.lower():
        return re.escape(word)
    return f"[{head.upper()}{head.lower()}]" + re.escape(word[1:])
