"""Temporal expressions → ISO dates at the precision the text gives.

Relative expressions resolve against the publication date: weekdays to the last such day on or
before it (or the next one when the sentence speaks of the future: "is to meet Monday"),
"last year", "earlier this month", "four years ago", "seven years later" (after the last
explicit year). Durations ("over 25 years"), decades ("the 1930s") and vague spans ("in
recent days") do not match any pattern, so they are never dates.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from datetime import date, timedelta

from summarizer.models import DateRef

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_NUM = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
}

_MON = r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|July|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_NUMWORD = (
    r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)"
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|was to|were to|expected to|due to|set to|scheduled|plans? to|planned|"
    r"next|upcoming|is going to|would|ahead of|preparing|to meet|to hold|to visit|to travel|to vote)\b",
    re.IGNORECASE,
)

_NAMED_AFTER = re.compile(r"[\s-]+[A-Z][a-z]")
_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "mdy_range",
        re.compile(rf"\b{_MON}\s+(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)(?:,?\s+{_YEAR})?\b"),
    ),
    (
        "dmy_range",
        re.compile(rf"\b(?P<d1>[0-3]?\d)\s*[-–]\s*(?P<d2>[0-3]?\d)\s+{_MON}(?:,?\s+{_YEAR})?\b"),
    ),
    (
        "mdy",
        re.compile(rf"\b{_MON}\s+{_DAY}\b(?!\s*(?:bn|mn|billion|million|per|%))(?:,?\s+{_YEAR})?"),
    ),
    ("dmy", re.compile(rf"\b{_DAY}\s+{_MON}(?:,?\s+{_YEAR})?\b")),
    (
        "my",
        re.compile(
            rf"\b(?:(?:early|mid|late|in|since|by|until|from|of|last|this|next)[\s-]+)?{_MON}(?:\s+{_YEAR})?\b(?![\s-]*\d)"
        ),
    ),
    (
        "relative_year",
        re.compile(
            r"\b(?:(?P<pre>earlier|later)\s+)?(?P<which>last|this|next|past)\s+year\b(?!'s?\s+(?:-|\w+ly))",
            re.IGNORECASE,
        ),
    ),
    (
        "relative_month",
        re.compile(
            r"\b(?:(?P<pre>earlier|later)\s+)?(?P<which>last|this|next)\s+month\b", re.IGNORECASE
        ),
    ),
    (
        "ago",
        re.compile(
            rf"\b{_NUMWORD}\s+(?P<unit>years?|days?|months?)\s+(?P<dir>ago|earlier|later|before|after)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?:on|late|early|last|next|this|overnight|since|by|until)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b"
        ),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<w>today|yesterday|tomorrow|tonight|this morning|this afternoon|this evening|last night)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "dayafter",
        re.compile(r"\b(?:a|the|one)\s+day\s+(?P<dir>after|before|earlier|later)\b", re.IGNORECASE),
    ),
    (
        "year",
        re.compile(
            rf"(?<![$£€\d,.])\b{_YEAR}\b(?!s\b|\s*(?:bn|mn|billion|million|tons?|tonnes|km|kg|%|troops|people|soldiers)|,\d|\.\d|-\d)"
        ),
    ),
]


_FOUR_DIGITS = re.compile(r"\d{4}")
_DIGIT = re.compile(r"\d")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DEICTIC_WORDS = ("tod", "ton", "tom", "yesterday", "morning", "afternoon", "evening", "last night")


def _gates(sentence: str) -> dict[str, bool]:
    """Which patterns can match at all: substring tests (much cheaper than the patterns), so
    the dozen full patterns scan only sentences holding the words they need."""
    low = sentence.lower()
    digit = _DIGIT.search(sentence) is not None
    # map over the bound method: no generator frame per word (this runs for every sentence)
    month = any(map(low.__contains__, _MONTH_STEMS))
    day = "day" in low
    return {
        "iso": digit and "-" in sentence,
        "mdy_range": month and digit,
        "dmy_range": month and digit,
        "mdy": month and digit,
        "dmy": month and digit,
        "my": month,
        "relative_year": "year" in low,
        "relative_month": "month" in low,
        "ago": any(map(low.__contains__, ("ago", "earlier", "later", "before", "after"))),
        "weekday": day,
        "deictic": any(map(low.__contains__, _DEICTIC_WORDS)),
        "dayafter": day,
        "year": digit and _FOUR_DIGITS.search(sentence) is not None,
    }


@dataclass
class Found:
    start: int
    end: int
    text: str
    values: list[str]


def _month(tok: str) -> int:
    return MONTHS[tok.lower().rstrip(".")]


def _nearest_year(pub: date, month: int, day: int | None) -> int:
    """The year that puts a yearless date nearest the publication date (ties go to the past)."""
    best = pub.year
    best_gap: int | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(y, month, day or 15)
        except ValueError:
            continue
        gap = abs((d - pub).days) + (1 if d > pub else 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def _lead_in(sentence: str, at: int) -> str:
    """The words just before a date, quotations removed: where "is to meet" or "will" shows
    that the date lies ahead."""
    return _QUOTED.sub(" ", sentence[max(0, at - 60) : at])


def _yearless(pub: date, month: int, day: int, sentence: str) -> int:
    """A day without a year: the next such day when the sentence speaks of the future, else the
    last one (a date a few days ahead is still read as upcoming)."""
    try:
        this = date(pub.year, month, day)
    except ValueError:
        return pub.year
    if _FUTURE.search(sentence):
        return pub.year if this >= pub else pub.year + 1
    nearest = _nearest_year(pub, month, day)
    if abs((date(nearest, month, day) - pub).days) <= 90:
        return nearest
    return pub.year if this <= pub else pub.year - 1


def _month_year(pub: date, month: int) -> int:
    """A month named without a year is in the past unless it is at most two months ahead."""
    ahead = (month - pub.month) % 12
    if 0 < ahead <= 2:
        return pub.year + (1 if month < pub.month else 0)
    return pub.year if month <= pub.month else pub.year - 1


def _day(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


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


def find_dates(sentences: list[str], pub: date | None) -> list[DateRef]:
    out: list[DateRef] = []
    last_year: int | None = None
    for sentence in sentences:
        taken: list[tuple[int, int]] = []  # sorted by start; see _overlaps
        matches: list[tuple[str, re.Match[str], list[str]]] = []
        gates = _gates(sentence)
        if not any(gates.values()):
            continue
        for name, pat in PATTERNS:  # earlier patterns are more specific and win overlaps
            if not gates[name]:
                continue
            for m in pat.finditer(sentence):
                if _overlaps(taken, m.start(), m.end()):
                    continue
                first = _resolve(name, m, sentence, pub, last_year or 0)
                if first:
                    insort(taken, (m.start(), m.end()))
                    matches.append((name, m, first))
        # resolve in reading order so "seven years later" follows the year just mentioned
        for name, m, first in sorted(matches, key=lambda x: x[1].start()):
            values = _resolve(name, m, sentence, pub, last_year) if name == "ago" else first
            for v in values:
                if not _ISO_VALUE.fullmatch(v) or v.startswith("0000"):
                    continue  # "last year" of year 1, "next year" of 9999: no calendar year
                out.append(
                    DateRef(
                        text=m.group().strip(),
                        value=v,
                        context=_context(sentence, m.start()) or None,
                    )
                )
            if values and _FOUR_DIGITS.search(m.group()):
                last_year = int(values[-1][:4])
    return out


_ISO_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _resolve(
    name: str, m: re.Match[str], sentence: str, pub: date | None, last_year: int | None
) -> list[str]:
    """ISO values of one matched expression; none when the calendar arithmetic leaves the
    representable range (a publication date of 0001-01-01 or 9999-12-31, say)."""
    try:
        return _resolve_values(name, m, sentence, pub, last_year)
    except (OverflowError, ValueError):
        return []


def _resolve_values(
    name: str, m: re.Match[str], sentence: str, pub: date | None, last_year: int | None
) -> list[str]:
    g = m.groupdict()
    if name == "iso":
        v = _day(int(g["year"]), int(g["m"]), int(g["d"]))
        return [v] if v else []
    if name in ("mdy_range", "dmy_range"):
        mon = _month(g["mon"])
        year = (
            int(g["year"])
            if g.get("year")
            else (pub and _yearless(pub, mon, int(g["d1"]), _lead_in(sentence, m.start())))
        )
        if not year:
            return []
        vals = [_day(year, mon, int(g["d1"])), _day(year, mon, int(g["d2"]))]
        return [v for v in vals if v]
    if name in ("mdy", "dmy"):
        mon = _month(g["mon"])
        if g["mon"] == "May" and name == "mdy" and not g.get("year") and int(g["day"]) > 31:
            return []
        year = (
            int(g["year"])
            if g.get("year")
            else (pub and _yearless(pub, mon, int(g["day"]), _lead_in(sentence, m.start())))
        )
        v = _day(year, mon, int(g["day"])) if year else None
        return [v] if v else []
    if name == "my":
        text = m.group()
        mon = _month(g["mon"])
        bare = text == g["mon"]
        if g["mon"] in ("May", "March") and bare:
            return []  # the verb/modal, not the month, unless a preposition or year says so
        if g["mon"].endswith(".") and bare:
            return []
        if bare and _NAMED_AFTER.match(sentence, m.end()):
            return []  # "the July Charter", "October Revolution": an event named for a month

        if g.get("year"):
            return [f"{int(g['year']):04d}-{mon:02d}"]
        if not pub:
            return []
        low = text.lower()
        if low.startswith("last "):
            year = pub.year if mon < pub.month else pub.year - 1
        elif low.startswith(("next ", "by ", "until ")):
            # "next June", "troops ready by June": a deadline or plan lies ahead
            year = pub.year if mon > pub.month else pub.year + 1
        elif _FUTURE.search(_lead_in(sentence, m.start())):
            year = pub.year if mon >= pub.month else pub.year + 1
        else:
            year = _month_year(pub, mon)
        return [f"{year:04d}-{mon:02d}"]
    if not pub:
        return [g["year"]] if name == "year" else []
    if name == "relative_year":
        delta = {"last": -1, "past": -1, "this": 0, "next": 1}[g["which"].lower()]
        if g["which"].lower() == "past" and not g.get("pre"):
            return []  # "the past year" is a span
        return [str(pub.year + delta)]
    if name == "relative_month":
        delta = {"last": -1, "this": 0, "next": 1}[g["which"].lower()]
        y, mo = divmod(pub.year * 12 + pub.month - 1 + delta, 12)
        return [f"{y:04d}-{mo + 1:02d}"]
    if name == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else _NUM.get(n, 0)
        unit = g["unit"].lower().rstrip("s")
        direction = g["dir"].lower()
        if unit == "year":
            if direction == "ago":
                return [str(pub.year - count)]
            if last_year is not None and direction in ("later", "after"):
                return [str(last_year + count)]
            if last_year is not None and direction in ("earlier", "before"):
                return [str(last_year - count)]
            return []
        if unit == "day" and direction == "ago":
            return [(pub - timedelta(days=count)).isoformat()]
        return []
    if name == "weekday":
        wd = WEEKDAYS[g["wd"].lower()]
        text = m.group().lower()
        # the clause before the day, however long: "will then travel to Delhi for an AI summit
        # on Monday"; a comma ends it ("…, the spokesman said on Monday")
        head = _QUOTED.sub(" ", sentence[: m.start()])
        clause = head[max(head.rfind(","), head.rfind(";")) + 1 :]
        future = text.startswith("next ") or (
            not text.startswith("last ")
            and bool(_FUTURE.search(clause) or _FUTURE.search(_lead_in(head, len(head))))
        )
        back = (pub.weekday() - wd) % 7
        d = pub - timedelta(days=back)
        if future and back != 0:
            d += timedelta(days=7)
        return [d.isoformat()]
    if name == "deictic":
        w = g["w"].lower()
        shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(w, 0)
        return [(pub + timedelta(days=shift)).isoformat()]
    if name == "dayafter":
        return (
            [(pub - timedelta(days=1)).isoformat()]
            if g["dir"].lower() in ("after", "later")
            else []
        )
    if name == "year":
        return [g["year"]]
    return []
