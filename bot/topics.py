"""Topic assignment: an article's topics are its feed's plus every topic whose keywords occur."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

from summarizer.models import Summary


@lru_cache(maxsize=256)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keywords:
        return None
    # Whole words only: "EU" must not match "Europe", "Iran" must not match "Iranian"-less text.
    alts = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def assign_topics(
    summary: Summary, feed_topics: Iterable[str], topic_keywords: Mapping[str, list[str]]
) -> list[str]:
    """Feed topics first (in order), then keyword topics in config order; no duplicates."""
    haystack = "\n".join(
        [summary.title, summary.summary] + [n for a in summary.actors for n in (a.name, *a.aliases)]
    )
    topics = list(dict.fromkeys(t.lower() for t in feed_topics))
    for name, keywords in topic_keywords.items():
        pat = _pattern(tuple(keywords))
        if name not in topics and pat is not None and pat.search(haystack):
            topics.append(name)
    return topics
