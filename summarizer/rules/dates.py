"""Temporal expressions → ISO dates at the precision the text gives.

The patterns are data: `date_rules.RULES`, one rule object each, tried in order on every
sentence, an earlier rule winning where two matches overlap. This module runs them and
keeps, for each date, the phrase around it. Durations ("over 25 years"), decades ("the
1930s"), weeks and vague spans ("in recent days") match no rule, so they are never dates.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass, field, replace
from datetime import date

from summarizer.models import DateRef
from summarizer.rules.date_rules import RULES, Ctx, DateRule

_FOUR_DIGITS = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")
_ISO_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# Stand-ins for the anchors while deciding which rule owns a span: an anchored rule claims
# its words even when the text gave no year or day before it (it then yields nothing).
_PROBE_YEAR = 2000
_PROBE_DAY = date(2000, 1, 1)


def _gate_plan() -> tuple[list[tuple[tuple[str, ...], bool]], list[tuple[DateRule, int]]]:
    """The distinct gates of RULES, each with whether it is looked for as written (it holds a
    capital), and per rule the bit mask of the gates it needs: many rules share a gate, and
    each gate is tested once a sentence."""
    gates: list[tuple[str, ...]] = []
    plan = []
    for rule in RULES:
        need = 0
        for words in rule.gates:
            if words not in gates:
                gates.append(words)
            need |= 1 << gates.index(words)
        plan.append((rule, need))
    return [(words, any(w != w.lower() for w in words)) for words in gates], plan


_GATES, _PLAN = _gate_plan()


def _rules_for(sentence: str) -> list[DateRule]:
    """The rules whose gate words the sentence holds: substring tests, much cheaper than the
    patterns, so most rules never scan most sentences."""
    low = sentence.lower()
    hits = 0
    for i, (words, cased) in enumerate(_GATES):
        # map over the bound method: no generator frame per word
        if any(map((sentence if cased else low).__contains__, words)):
            hits |= 1 << i
    digit = _DIGIT.search(sentence) is not None
    if not hits and not digit:
        return []
    return [r for r, need in _PLAN if hits & need == need and (digit or not r.digit)]


@dataclass
class _Anchor:
    """The last year written out and the last month and day given, in reading order, and
    the year of each day and month given so far."""

    year: int | None = None
    day: date | None = None
    month: date | None = None
    seen: dict[tuple[int, int], int] = field(default_factory=dict)

    def after(self, text: str, values: list[str]) -> None:
        if _FOUR_DIGITS.search(text):
            self.year = int(values[-1][:4])
        last = values[-1]
        if len(last) == 10:
            self.day = date.fromisoformat(last)
        # a month counts when written, not when it is only the month of "today" or "Monday"
        if len(last) == 7 or (len(last) == 10 and _DIGIT.search(text)):
            self.month = date(int(last[:4]), int(last[5:7]), 1)
        for x in values:
            if len(x) > 4:
                self.seen.setdefault((int(x[5:7]), int(x[8:10] or 0)), int(x[:4]))


CONTEXT_WORDS = 14


def _context(sentence: str, at: int) -> str:
    """A short phrase around the date: the clause it sits in, or, when that is long, the
    words around the date itself (a long clause's opening may not even reach the date)."""
    left = max(sentence.rfind(",", 0, at), sentence.rfind(";", 0, at))
    right_c = [i for i in (sentence.find(",", at), sentence.find(";", at)) if i >= 0]
    end = min(right_c) if right_c else len(sentence)
    clause = sentence[left + 1 : end]
    words = clause.split()
    if len(words) <= CONTEXT_WORDS:
        return clause.strip(' ."“”')
    # A window of words centred on the date: the event may sit on either side of it.
    here = len(sentence[left + 1 : at].split())
    start = max(0, min(here - CONTEXT_WORDS // 2, len(words) - CONTEXT_WORDS))
    window = " ".join(words[start : start + CONTEXT_WORDS]).strip(' ."“”')
    return ("… " if start else "") + window + (" …" if start + CONTEXT_WORDS < len(words) else "")


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any span of `taken`: sorted, disjoint, non-empty spans
    (every pattern matches at least one character), so their ends ascend too and only the
    first span ending after `start` can overlap. O(log n), where scanning every span taken
    made a sentence of n dates cost n²."""
    i = bisect_right(taken, start, key=lambda span: span[1])
    return i < len(taken) and taken[i][0] < end


def _resolve(rule: DateRule, m: re.Match[str], ctx: Ctx) -> list[str]:
    """ISO values of one match; none when the calendar arithmetic leaves the representable
    range (a publication date of 0001-01-01 or 9999-12-31, say)."""
    try:
        found = rule.resolve(m, ctx)
    except (OverflowError, ValueError):
        return []
    # "last year" of year 1, "next year" of 9999: no calendar year
    return [x for x in found if _ISO_VALUE.fullmatch(x) and not x.startswith("0000")]


Claim = tuple[DateRule, re.Match[str], list[str]]


def _claims(sentence: str, rules: list[DateRule], probe: Ctx) -> list[Claim]:
    """Each rule's matches that resolve, in rule order, skipping spans an earlier one took;
    returned in reading order. A void rule's matches take their spans with no values."""
    taken: list[tuple[int, int]] = []  # sorted by start; see _overlaps
    claims: list[Claim] = []
    for rule in rules:
        for m in rule.pattern.finditer(sentence):
            if _overlaps(taken, m.start(), m.end()):
                continue
            found = _resolve(rule, m, probe)
            if found or rule.void:
                insort(taken, (m.start(), m.end()))
                claims.append((rule, m, found))
    return sorted(claims, key=lambda c: c[1].start())


def find_dates(sentences: list[str], pub: date | None) -> list[DateRef]:
    out: list[DateRef] = []
    anchor = _Anchor()
    for sentence in sentences:
        rules = _rules_for(sentence)
        if not rules:
            continue
        probe = Ctx(
            sentence,
            pub,
            year=anchor.year or _PROBE_YEAR,
            day=anchor.day or _PROBE_DAY,
            month=anchor.month or _PROBE_DAY,
            seen=anchor.seen,
        )
        for rule, m, found in _claims(sentence, rules, probe):
            # resolve in reading order so "seven years later" follows the year just mentioned
            values = (
                _resolve(
                    rule, m, replace(probe, year=anchor.year, day=anchor.day, month=anchor.month)
                )
                if rule.anchored
                else found
            )
            if not values:
                continue
            context = _context(sentence, m.start()) or None
            out.extend(DateRef(text=m.group().strip(), value=x, context=context) for x in values)
            anchor.after(m.group(), values)
    return out
