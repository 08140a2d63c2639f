"""Text normalisation shared by both dialects: name keys, lookup terms, search words.

Doing this in Python rather than in SQL (``lower()``, ``unaccent``) keeps SQLite and PostgreSQL
agreeing on what matches, including non-ASCII names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

from summarizer.models import Summary

_WORD = re.compile(r"[^\W_]+")  # underscores split words, as in both FTS tokenizers
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # names recur across articles: an import computes each once
def name_key(name: str) -> str:
    """'  Recep Tayyip  Erdoğan ' → 'recep tayyip erdogan': case, accents and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", stripped).strip().casefold()


def lookup_terms(summary: Summary) -> set[tuple[str, str]]:
    """(term, canonical name key) pairs a name lookup may use for this summary.

    Terms are the canonical name, every alias and, for people, the surname alone, so that
    "Putin" finds "Vladimir Putin". Quote speakers missing from the actors are covered too.
    """
    pairs: set[tuple[str, str]] = set()
    for actor in summary.actors:
        canonical = name_key(actor.name)
        if not canonical:
            continue
        terms = {canonical, *(name_key(a) for a in actor.aliases)}
        if actor.type == "person" and " " in canonical:
            terms.add(canonical.rsplit(" ", 1)[1])
        pairs.update((t, canonical) for t in terms if t)
    for quote in summary.quotes:
        speaker = name_key(quote.speaker or "")
        if speaker and " " in speaker:
            pairs.add((speaker.rsplit(" ", 1)[1], speaker))
        if speaker:
            pairs.add((speaker, speaker))
    return pairs


@cache
def _stopwords() -> frozenset[str]:
    # PostgreSQL's own English stop list, so SQLite ignores exactly the words PostgreSQL does.
    text = resources.files("store").joinpath("stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip())


def search_words(query: str) -> list[str]:
    """A user query as plain words: operators, quotes and punctuation are never syntax.

    Every remaining word must match (AND), on both dialects. Empty when nothing searchable is
    left (only punctuation or stop words).
    """
    words = [w.casefold() for w in _WORD.findall(query)]
    stop = _stopwords()
    return list(dict.fromkeys(w for w in words if w not in stop))


def search_body(summary: Summary) -> str:
    """What full-text search indexes besides the title: summary, quotes and actor names."""
    parts = [summary.summary]
    parts += [q.text for q in summary.quotes]
    for actor in summary.actors:
        parts.append(actor.name)
        parts += actor.aliases
    return "\n".join(p for p in parts if p)


def like_pattern(fragment: str, *, prefix: bool) -> str:
    """A LIKE pattern (escape character '\\') matching `fragment` literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"{escaped}%" if prefix else f"%{escaped}%"
