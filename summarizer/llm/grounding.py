"""Grounding: keep only what the article text supports, and count what was dropped.

A model can invent a quote, an actor or a date. Every item is checked against the original
article text (title + body, not the cleaned copy the model saw):
- a quote must occur in the text, after normalizing quote marks, dashes, whitespace and case;
- an actor's name or one of its aliases must be mentioned (unmentioned aliases are removed);
- a date's value must be a real ISO date (YYYY, YYYY-MM, YYYY-MM-DD) and its text must occur;
- a quote's speaker must be one of the kept actors, else the speaker (not the quote) is dropped.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from summarizer.llm.parse import ModelAnswer
from summarizer.models import Actor, DateRef, Grounding, Quote

_MARKS = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛‹›′`´", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)
_WS = re.compile(r"\s+")
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_EDGE_MARKS = " \"'"
_EDGE_PUNCT = " \"'.,;:…"


def normalize(text: str) -> str:
    """Fold the differences a faithful copy may still have: quote marks, dashes, whitespace,
    compatibility characters (NBSP, ellipsis) and case."""
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return _WS.sub(" ", text).strip().casefold()


def _mentions(terms: list[str], haystack: str) -> int:
    """How often any of `terms` (normalized) occurs in `haystack` as whole words; longest
    first, so "Putin" inside "Vladimir Putin" is not counted twice."""
    terms = sorted({t for t in terms if t}, key=len, reverse=True)
    if not terms:
        return 0
    pattern = "|".join(re.escape(t) for t in terms)
    return len(re.findall(rf"(?<!\w)(?:{pattern})(?!\w)", haystack))


def valid_iso(value: str) -> bool:
    m = _ISO.match(value)
    if not m:
        return False
    year, month, day = (int(g) if g else None for g in m.groups())
    try:
        date(year or 0, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _quote_present(text: str, haystack: str) -> bool:
    norm = normalize(text)
    candidates = {norm.strip(_EDGE_MARKS), norm.strip(_EDGE_PUNCT)}
    return any(c and c in haystack for c in candidates)


def ground(
    answer: ModelAnswer, article_text: str
) -> tuple[list[Actor], list[Quote], list[DateRef], Grounding]:
    haystack = normalize(article_text)
    stats = Grounding(
        dropped_actors=answer.invalid_actors,
        dropped_quotes=answer.invalid_quotes,
        dropped_dates=answer.invalid_dates,
    )

    actors: list[Actor] = []
    by_form: dict[str, Actor] = {}  # normalized name or alias → kept actor
    for a in answer.actors:
        forms = [f.strip() for f in (a.name, *a.aliases)]
        present = [f for f in forms if _mentions([normalize(f)], haystack)]
        if not present:
            stats.dropped_actors += 1
            continue
        if normalize(a.name) in by_form:  # the same actor twice: keep the first
            continue
        name = forms[0]
        aliases = [f for f in dict.fromkeys(present) if normalize(f) != normalize(name)]
        actor = Actor(
            name=name,
            type=a.type,
            aliases=aliases,
            role=a.role,
            key=a.key,
            mentions=max(1, _mentions([normalize(f) for f in present], haystack)),
        )
        actors.append(actor)
        for f in forms:
            by_form.setdefault(normalize(f), actor)

    quotes: list[Quote] = []
    seen_quotes: set[str] = set()
    for q in answer.quotes:
        if not _quote_present(q.text, haystack):
            stats.dropped_quotes += 1
            continue
        text = q.text.strip().strip("\"“”'‘’").strip()
        if normalize(text) in seen_quotes:
            continue
        seen_quotes.add(normalize(text))
        speaker = None
        if q.speaker:
            match = by_form.get(normalize(q.speaker))
            if match is None:
                stats.dropped_speakers += 1
            else:
                speaker = match.name
        quotes.append(Quote(speaker=speaker, text=text))

    dates: list[DateRef] = []
    for d in answer.dates:
        value = d.value.strip()
        if not valid_iso(value) or not _mentions([normalize(d.text)], haystack):
            stats.dropped_dates += 1
            continue
        dates.append(DateRef(text=d.text.strip(), value=value, context=d.context))

    return actors, quotes, dates, stats
