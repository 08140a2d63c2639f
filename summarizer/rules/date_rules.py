"""The date patterns: one `DateRule` each (pattern, gate words, resolver) in one ordered list,
`RULES`. Earlier rules are more specific and win where matches overlap, so a new pattern is
one entry placed before the rules it should beat.

A resolver turns one match into ISO values at the precision the text gives, or none when the
match is not a date after all ("May" the verb), which leaves the span to later rules.
Relative expressions resolve against the publication date; `anchored` ones ("three years
later", "the following day") against the last year, month or day the text gave before them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from summarizer.rules import date_calendar as cal
from summarizer.rules import date_vocab as v
from summarizer.rules.wordlists import alternation

YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
# an optional weekday before a written date belongs to it: "Tuesday, March 5"
WD_BEFORE = rf"(?:{v.WD_ANY},?\s+)?"
# "March 3" followed by an amount is money or a count ("May 5bn")
NOT_AMOUNT = rf"(?!\s*{v.AMOUNT_UNIT})"
# a month after a one- or two-digit number is that day's ("on 5 May 12 rebels…"), not the
# start of "May 12"; after a year it may be ("the 2001 Sept. 11 attacks")
NO_DAY_BEFORE = r"(?<!\b\d\s)(?<!\b\d\d\s)"
OPT_YEAR = rf"(?:,?\s+(?:of\s+)?{YEAR}\b)?"
NO_DIGIT_AFTER = r"(?![\s-]*\d)"
# two days of one month: "March 20-21", "3 and 4 June", "from 8 to 10 June"
DAYS = r"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:\s*[-–]\s*|\s+(?:and|to|or|through)\s+)"
DAYS += r"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b"

_QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
_NAMED_AFTER = re.compile(r"[\s-]+[A-Z][a-z]")
_LAST_WORD = re.compile(r"(\S+)\s*$")
_DECADE_S = re.compile(r"['’]s\b")
# a lower-case word of four letters or more: running text, not a title-case headline
_RUNNING_TEXT = re.compile(r"\b[a-z]{4,}")
HEADLINE_WORDS = 12


@dataclass(frozen=True)
class Ctx:
    """What a resolver may read besides its match."""

    sentence: str
    pub: date | None
    year: int | None = None  # the last year the text wrote out, for "three years later"
    day: date | None = None  # the last day the text gave, for "the following day"
    month: date | None = None  # the first of the last month (or day) it gave
    # (month, day) → year, and (month, 0) → year, of the days and months the text gave
    # before: the same date written again without a year is the same date
    seen: Mapping[tuple[int, int], int] = field(default_factory=dict)


Resolver = Callable[[re.Match[str], Ctx], list[str]]


@dataclass(frozen=True)
class DateRule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    # each inner tuple: substrings one of which the sentence must hold; a word with a capital
    # is looked for as written, others in the lower-cased sentence
    gates: tuple[tuple[str, ...], ...] = ()
    digit: bool = False  # the sentence must hold a digit
    anchored: bool = False  # reads Ctx.year/month/day, so is resolved in reading order
    # takes its span and gives no date: text shaped like a date that is boilerplate
    void: bool = False


def _ahead(ctx: Ctx, at: int) -> bool:
    """Whether the words just before a date, quotations removed, say it lies ahead ("is to
    meet", "will")."""
    return v.FUTURE.search(_QUOTED.sub(" ", ctx.sentence[max(0, at - 60) : at])) is not None


def _clause_ahead(ctx: Ctx, at: int) -> bool:
    """Whether the clause before a date, however long, looks ahead: "will then travel to
    Delhi for a summit on Monday"; a comma ends it ("…, the spokesman said on Monday")."""
    head = _QUOTED.sub(" ", ctx.sentence[:at])
    clause = head[max(head.rfind(","), head.rfind(";")) + 1 :]
    return v.FUTURE.search(clause) is not None


def _future_next(ctx: Ctx, end: int) -> bool:
    """Whether a future cue follows the date at once: "the vote in June will decide" (not
    "said on Monday it will", where the date is not the subject)."""
    return v.FUTURE_NEXT.match(ctx.sentence, end) is not None


def _word_before(ctx: Ctx, at: int) -> str:
    found = _LAST_WORD.search(ctx.sentence, max(0, at - 40), at)
    return found.group(1) if found else ""


def _year_of_day(m: re.Match[str], ctx: Ctx, month: int, day: int) -> int | None:
    if m.groupdict().get("year"):
        return int(m["year"])
    if (month, day) in ctx.seen:
        return ctx.seen[month, day]
    if ctx.pub is None:
        return None
    return cal.yearless_day(ctx.pub, month, day, _ahead(ctx, m.start()))


def _days(values: list[str | None]) -> list[str]:
    return [x for x in values if x]


# --- resolvers -------------------------------------------------------------------------------


def _iso(m: re.Match[str], ctx: Ctx) -> list[str]:
    return _days([cal.iso_day(int(m["year"]), int(m["m"]), int(m["d"]))])


def _numeric(m: re.Match[str], ctx: Ctx) -> list[str]:
    """Numbers such as "17/05/2024", "05/16/2024", "02/04/22": day-first or month-first,
    whichever exists, and when both do, the one nearer the publication date."""
    year = int(m["y"]) if len(m["y"]) == 4 else cal.full_year(int(m["y"]), ctx.pub)
    a, b = int(m["a"]), int(m["b"])
    found = {x for x in (cal.iso_day(year, a, b), cal.iso_day(year, b, a)) if x}
    if not found or ctx.pub is None:
        return sorted(found)[:1]
    pub = ctx.pub
    return [min(sorted(found), key=lambda x: abs((date.fromisoformat(x) - pub).days))]


def _day_range(m: re.Match[str], ctx: Ctx) -> list[str]:
    mon, d1, d2 = v.MONTHS[m["mon"]], int(m["d1"]), int(m["d2"])
    year = _year_of_day(m, ctx, mon, d1)
    if year is None or d2 <= d1:
        return []
    return _days([cal.iso_day(year, mon, d1), cal.iso_day(year, mon, d2)])


def _month_day(m: re.Match[str], ctx: Ctx) -> list[str]:
    mon, day = v.MONTHS[m["mon"]], int(m["day"])
    year = _year_of_day(m, ctx, mon, day)
    return _days([cal.iso_day(year, mon, day) if year else None])


def _holiday(m: re.Match[str], ctx: Ctx) -> list[str]:
    mon, day = v.HOLIDAYS[m["h"]]
    year = _year_of_day(m, ctx, mon, day)
    return _days([cal.iso_day(year, mon, day) if year else None])


def _month_in_context(m: re.Match[str], ctx: Ctx, month: int) -> str | None:
    """A month with its year written, or placed by its lead word or the sentence's tense."""
    if m["year"]:
        return cal.iso_month(int(m["year"]), month)
    direction = v.MONTH_LEADS[m["lead"].lower()] if m["lead"] else 0
    if direction == 0 and (month, 0) in ctx.seen:
        return cal.iso_month(ctx.seen[month, 0], month)
    if ctx.pub is None:
        return None
    if direction == 0 and (_ahead(ctx, m.start()) or _future_next(ctx, m.end())):
        return cal.iso_month(cal.coming_month_year(ctx.pub, month), month)
    return cal.iso_month(cal.yearless_month(ctx.pub, month, direction), month)


def _month(m: re.Match[str], ctx: Ctx) -> list[str]:
    form = m["mon"]
    if not m["lead"] and not m["year"]:
        # alone, "May" is the modal and "Jan" a first name; before a capital
        # word a month names an event ("the July Charter", "October Revolution")
        if form in v.AMBIGUOUS_MONTHS or form not in v.FULL_MONTHS:
            return []
        if _NAMED_AFTER.match(ctx.sentence, m.end()):
            return []
    value = _month_in_context(m, ctx, v.MONTHS[form])
    return [value] if value else []


def _month_pair(m: re.Match[str], ctx: Ctx) -> list[str]:
    """Two months joined ("between January and March"): coordinated, even "May" is one."""
    pair = [_month_in_context(m, ctx, v.MONTHS[m[g]]) for g in ("mon", "mon2")]
    return [x for x in pair if x]


def _month_relative_year(m: re.Match[str], ctx: Ctx) -> list[str]:
    if ctx.pub is None:
        return []
    return [cal.iso_month(ctx.pub.year + v.RELATIVE[m["which"].lower()], v.MONTHS[m["mon"]])]


def _period(m: re.Match[str], ctx: Ctx) -> list[str]:
    """A part of this year or month ("by the end of the year"): the publication year/month."""
    if ctx.pub is None:
        return []
    return [str(ctx.pub.year) if m["unit"].lower() == "year" else cal.shift_month(ctx.pub, 0)]


def _relative_year(m: re.Match[str], ctx: Ctx) -> list[str]:
    if ctx.pub is None or _word_before(ctx, m.start()).lower() == "the":
        return []  # "in the last year": the twelve months before, a span
    return [str(ctx.pub.year + v.RELATIVE[m["which"].lower()])]


def _relative_month(m: re.Match[str], ctx: Ctx) -> list[str]:
    if ctx.pub is None or _word_before(ctx, m.start()).lower() == "the":
        return []  # "he spent the last month in hiding": a span
    return [cal.shift_month(ctx.pub, v.RELATIVE[m["which"].lower()])]


def _spanned(m: re.Match[str], ctx: Ctx) -> bool:
    """Whether a lead word makes it a span ("over the next year"), not a date."""
    return _word_before(ctx, m.start()).lower() in v.SPAN_LEADS


def _sequence(m: re.Match[str], ctx: Ctx) -> list[str]:
    """Counted from the last year, month or day given: "the following year", "the same day"."""
    if _spanned(m, ctx):
        return []
    return _from_anchor(ctx, m["unit"].lower(), v.SEQUENCE[m["which"].lower()])


def _count(m: re.Match[str]) -> int:
    n = m["n"].lower()
    return int(n) if n.isdigit() else v.NUMBERS[n]


def _from_publication(ctx: Ctx, unit: str, n: int) -> list[str]:
    """`n` units after (before, when negative) the publication date."""
    if ctx.pub is None:
        return []
    if unit == "year":
        return [str(ctx.pub.year + n)]
    if unit == "month":
        return [cal.shift_month(ctx.pub, n)]
    return [(ctx.pub + timedelta(days=n)).isoformat()]


def _from_anchor(ctx: Ctx, unit: str, n: int) -> list[str]:
    """`n` units after the last year, month or day the text gave: "freed three years later"."""
    if unit == "year" and ctx.year is not None:
        return [str(ctx.year + n)]
    if unit == "month" and ctx.month is not None:
        return [cal.shift_month(ctx.month, n)]
    if unit == "day" and ctx.day is not None:
        return [(ctx.day + timedelta(days=n)).isoformat()]
    return []


def _ago(m: re.Match[str], ctx: Ctx) -> list[str]:
    """Counted from publication ("four years ago", "two years from now") or from the last
    year, month or day given ("three years later"). "20 years before he is freed" and "a
    year after the law" count from an event, not a date, so the pattern leaves them out."""
    n, unit, direction = _count(m), m["unit"].lower().rstrip("s"), m["dir"].lower()
    if v.LOWER_BOUND.search(ctx.sentence, max(0, m.start() - 20), m.start()):
        return []  # "more than two years ago": only a bound, no year
    if direction == "ago":
        return _from_publication(ctx, unit, -n)
    if direction == "from now":
        return _from_publication(ctx, unit, n)
    return _from_anchor(ctx, unit, n if direction == "later" else -n)


def _weekday_of_week(m: re.Match[str], ctx: Ctx) -> list[str]:
    """A weekday of a week relative to publication: "on Tuesday last week", "Friday next week";
    "this Friday" is the Friday of the publication week, before or after it."""
    if ctx.pub is None:
        return []
    weeks = v.RELATIVE[m["which"].lower()]
    return [cal.week_day(ctx.pub, weeks, v.WEEKDAYS[m["wd"]]).isoformat()]


def _named_day(m: re.Match[str], ctx: Ctx) -> bool:
    """Whether a weekday is part of a name: "Good Friday", "Super Tuesday", "the Sunday Times"."""
    before = _word_before(ctx, m.start())
    if before in v.NAMED_DAY_WORDS or v.WEEKDAY_KIND.match(ctx.sentence, m.end()):
        return True
    return before.lower() == "the" and _NAMED_AFTER.match(ctx.sentence, m.end()) is not None


def _looks_ahead(m: re.Match[str], ctx: Ctx) -> bool:
    return _clause_ahead(ctx, m.start()) or _future_next(ctx, m.end())


def _weekday(m: re.Match[str], ctx: Ctx) -> list[str]:
    """The last such day on or before publication, or the next when the clause looks ahead;
    "last Friday" and "next Friday" never mean the publication day itself."""
    if ctx.pub is None or (not m["lead"] and _named_day(m, ctx)):
        return []
    lead = v.WEEKDAY_LEADS[m["lead"].lower()] if m["lead"] else 0
    d = cal.weekday_on_or_before(ctx.pub, v.WEEKDAYS[m["wd"]])
    today = d == ctx.pub
    if lead < 0 and today:
        d -= timedelta(days=7)
    elif lead > 0 or (lead == 0 and not today and _looks_ahead(m, ctx)):
        d += timedelta(days=7)
    return [d.isoformat()]


def _same_day(m: re.Match[str], ctx: Ctx) -> list[str]:
    """ "later Friday": an hour of the Friday in focus, the last day the text gave when it is
    that weekday, else the last one on or before publication; the tense does not move it."""
    if ctx.pub is None:
        return []
    wd = v.WEEKDAYS[m["wd"]]
    if ctx.day is not None and ctx.day.weekday() == wd and abs((ctx.day - ctx.pub).days) < 7:
        return [ctx.day.isoformat()]
    return [cal.weekday_on_or_before(ctx.pub, wd).isoformat()]


def _headline(ctx: Ctx) -> bool:
    """A short line in title case ("Markets Rally Today"): its capitals say nothing of names;
    a long one is a menu of programme titles."""
    return (
        _RUNNING_TEXT.search(ctx.sentence) is None and len(ctx.sentence.split()) <= HEADLINE_WORDS
    )


# "Today, many countries ban it": a subject of up to six words, then a general present verb
_NOWADAYS = re.compile(
    r"[\s,]*(?:[\w'’-]+\s+){1,6}?(?P<verb>"
    + alternation(v.NOWADAYS_VERBS)
    + r")\b(?!\s+(?:"
    + alternation(v.NOWADAYS_STOPS)
    + r"\b|\w+ing\b))",
    re.IGNORECASE,
)


def _nowadays(m: re.Match[str], ctx: Ctx) -> bool:
    """A sentence (or a quotation) opening with "Today," and going on in a general present
    ("Today, nations must act") means nowadays, no day; "Today is the deadline", "Today the
    minister resigned" and "Today, the talks are due to end" are the publication day."""
    if m["w"].lower() != "today":
        return False
    head = ctx.sentence[: m.start()].rstrip()
    if head and head[-1] not in "\"“‘'(":
        return False
    clause = re.split(r"[;.:!?]", ctx.sentence[m.end() :], maxsplit=1)[0]
    return _NOWADAYS.match(clause) is not None


def _deictic(m: re.Match[str], ctx: Ctx) -> list[str]:
    word = m["w"]
    before = _word_before(ctx, m.start())
    if word[0].isupper() and before[:1].isupper() and before.isalpha() and not _headline(ctx):
        return []  # "USA Today", "the World Today programme", a menu's "World Today": a title
    if _nowadays(m, ctx):
        return []
    return _from_publication(ctx, "day", v.DEICTIC[word.lower()])


def _day_after(m: re.Match[str], ctx: Ctx) -> list[str]:
    """In "came a day after …", the event it follows: the day before the news."""
    if ctx.pub is None or m["dir"].lower() not in ("after", "later"):
        return []
    return [(ctx.pub - timedelta(days=1)).isoformat()]


def _year_range(m: re.Match[str], ctx: Ctx) -> list[str]:
    """Both ends of "2014-2016", "2010-11", "1939–45"; a second number that is not a later
    year ("2024-05") is no range."""
    start, end_text = int(m["year"]), m["end"]
    end = int(end_text) if len(end_text) == 4 else start // 100 * 100 + int(end_text)
    return [str(start), str(end)] if start < end <= start + 99 else []


def _named_year(ctx: Ctx, at: int, before: str) -> bool:
    """A year after a capitalised word mid-sentence is part of a name: "Windows 2000"."""
    if not (before.isalpha() and before[0].isupper()) or before in v.NAMES_BEFORE_YEAR_OK:
        return False
    head = ctx.sentence[:at].strip(" \"“‘'([")
    return " " in head  # the word before is not the sentence's first


def _year(m: re.Match[str], ctx: Ctx) -> list[str]:
    before = _word_before(ctx, m.start())
    low = before.lower()
    # "1988: Loses the vote": a fact box's entry, even after a capitalised word
    entry = ctx.sentence.startswith(":", m.end())
    if low in v.NUMBER_LABELS or (not entry and _named_year(ctx, m.start(), before)):
        return []  # "Resolution 2012", "Flight 1985", "Euro 2024"
    if low == "the" and m["year"].endswith("0") and _DECADE_S.match(ctx.sentence, m.end()):
        return []  # "the 1990's": a decade
    return [m["year"]]


def _short_year(m: re.Match[str], ctx: Ctx) -> list[str]:
    return [str(cal.full_year(int(m["yy"]), ctx.pub))]


def _day_short_year(m: re.Match[str], ctx: Ctx) -> list[str]:
    """ "14 Mar 04": a day, a three-letter month and a two-digit year, the abbreviated style;
    a full month name before a number ("3 June 12 died", "5 May 12 rebels") is left to the
    other rules."""
    if len(m["mon"]) != 3 or m["mon"] in v.FULL_MONTHS:
        return []
    year = cal.full_year(int(m["yy"]), ctx.pub)
    return _days([cal.iso_day(year, v.MONTHS[m["mon"]], int(m["day"]))])


def _void(m: re.Match[str], ctx: Ctx) -> list[str]:
    return []


# --- the rules, most specific first ----------------------------------------------------------

# Few, shared gates: each distinct gate is a test on every sentence (profiled: 17 of them cost
# more than the scans they saved), so rules share them and none needs two
_MONTHS = (v.MONTH_GATE,)
_PUNCT = (("-", "–", "/"),)
_YEAR_MONTH = (("year", "month"),)
_I = re.IGNORECASE

RULES: list[DateRule] = [
    DateRule(
        # a related-story link list's stamp, "(01 Aug 04 | Business )": boilerplate
        "link_stamp",
        re.compile(rf"\(\s*[0-3]?\d\s+{v.MON}\s+(?:\d\d|{YEAR})\s*\|[^()]*\)"),
        _void,
        gates=_MONTHS,
        digit=True,
        void=True,
    ),
    DateRule(
        "iso",
        re.compile(rf"\b{YEAR}(?P<sep>[-/])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?!\d)"),
        _iso,
        gates=_PUNCT,
        digit=True,
    ),
    DateRule(
        "numeric",
        re.compile(
            r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:1[89]|20)\d\d|\d\d)(?![\d/])"
        ),
        _numeric,
        gates=_PUNCT,
        digit=True,
    ),
    DateRule(
        "mdy_range",
        re.compile(rf"{NO_DAY_BEFORE}\b{WD_BEFORE}{v.MON}\s+{DAYS}{NOT_AMOUNT}{OPT_YEAR}"),
        _day_range,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule(
        "dmy_range",
        re.compile(rf"\b{DAYS}\s+{v.MON}{OPT_YEAR}"),
        _day_range,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule("holiday", re.compile(rf"\b{v.HOLIDAY}\b"), _holiday, gates=(v.HOLIDAY_GATE,)),
    DateRule(
        "day_short_year",
        re.compile(
            rf"\b{DAY}\s+{v.MON}\s+(?P<yy>\d\d)\b{NO_DIGIT_AFTER}{NOT_AMOUNT}"
            rf"(?!\s*{v.COUNT_NOUN})"
        ),
        _day_short_year,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule(
        # "the 2001 Sept. 11 attacks": the year written before the month and day is theirs
        "ymd",
        re.compile(
            rf"(?<![$£€\d,.])\b{YEAR}\s+{v.MON}\s+{DAY}\b{NO_DIGIT_AFTER}{NOT_AMOUNT}"
            rf"(?!\s*{v.COUNT_NOUN})"
        ),
        _month_day,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule(
        "mdy",
        re.compile(rf"{NO_DAY_BEFORE}\b{WD_BEFORE}{v.MON}\s+{DAY}\b{NOT_AMOUNT}{OPT_YEAR}"),
        _month_day,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule(
        "dmy",
        re.compile(rf"\b{WD_BEFORE}(?:the\s+)?{DAY}\s+(?:of\s+)?{v.MON}{OPT_YEAR}"),
        _month_day,
        gates=_MONTHS,
        digit=True,
    ),
    DateRule(
        "month_relative_year",
        re.compile(rf"\b(?:{v.MONTH_LEAD}[\s-]+)?{v.MON}\s+(?:of\s+)?{v.RELATIVE_WORD}\s+year\b"),
        _month_relative_year,
        gates=_MONTHS,
    ),
    DateRule(
        "month_pair",
        re.compile(
            rf"\b(?:{v.MONTH_LEAD}[\s-]+)?{v.MON}\s+(?:and|to|through|until|till|or|[-–])\s+"
            rf"{v.MON2}{OPT_YEAR}\b{NO_DIGIT_AFTER}"
        ),
        _month_pair,
        gates=_MONTHS,
    ),
    DateRule(
        "month",
        re.compile(rf"\b(?:{v.MONTH_LEAD}[\s-]+)?{v.MON}{OPT_YEAR}\b{NO_DIGIT_AFTER}"),
        _month,
        gates=_MONTHS,
    ),
    DateRule(
        "period",
        re.compile(
            rf"\b(?:the\s+{v.PERIOD_WORD}\s+of|(?:earlier|later)\s+in)"
            r"\s+the\s+(?P<unit>year|month)\b",
            _I,
        ),
        _period,
        gates=_YEAR_MONTH,
    ),
    DateRule(
        "sequence",
        re.compile(rf"\bthe\s+{v.SEQUENCE_WORD}\s+(?P<unit>year|month|day)\b", _I),
        _sequence,
        gates=(tuple(v.SEQUENCE),),
        anchored=True,
    ),
    DateRule(
        "relative_year",
        re.compile(
            rf"\b(?:(?:earlier|later)\s+)?{v.RELATIVE_WORD}\s+year\b(?!'s?\s+(?:-|\w+ly))", _I
        ),
        _relative_year,
        gates=_YEAR_MONTH,
    ),
    DateRule(
        "relative_month",
        re.compile(rf"\b(?:(?:earlier|later)\s+)?{v.RELATIVE_WORD}\s+month\b", _I),
        _relative_month,
        gates=_YEAR_MONTH,
    ),
    DateRule(
        "ago",
        re.compile(
            rf"\b{v.NUMBER}\s+(?P<unit>years?|months?|days?)\s+"
            r"(?P<dir>ago|earlier|later|from now)\b"
        ),
        _ago,
        gates=(("ago", "earlier", "later", "from now"),),
        anchored=True,
    ),
    DateRule(
        "weekday_of_week",
        re.compile(rf"\b(?:on\s+)?{v.WD}\s+(?:of\s+)?{v.RELATIVE_WORD}\s+week\b"),
        _weekday_of_week,
        gates=(v.WEEKDAY_GATE,),
    ),
    DateRule(
        "this_weekday",
        re.compile(rf"\b(?P<which>[Tt]his)\s+{v.WD}(?:\s+{v.DAY_PART})?\b"),
        _weekday_of_week,
        gates=(v.WEEKDAY_GATE,),
    ),
    DateRule(
        "same_day",
        re.compile(rf"\b{v.SAME_DAY_LEAD}\s+{v.WD}(?:\s+{v.DAY_PART})?\b"),
        _same_day,
        gates=(v.WEEKDAY_GATE,),
        anchored=True,
    ),
    DateRule(
        "weekday",
        re.compile(rf"\b(?:{v.WEEKDAY_LEAD}\s+)?{v.WD}(?:\s+{v.DAY_PART})?\b"),
        _weekday,
        gates=(v.WEEKDAY_GATE,),
    ),
    DateRule(
        "deictic", re.compile(rf"\b{v.DEICTIC_WORD}\b", _I), _deictic, gates=(v.DEICTIC_GATE,)
    ),
    DateRule(
        "day_after",
        re.compile(r"\b(?:a|the|one)\s+day\s+(?P<dir>after|before|earlier|later)\b", _I),
        _day_after,
        gates=(("day",),),
    ),
    DateRule(
        "year_range",
        re.compile(
            rf"(?<![$£€\d,.])\b{YEAR}\s*[-–/]\s*(?P<end>(?:1[89]|20)\d\d|\d\d)\b(?![-–/.,]?\d)"
        ),
        _year_range,
        gates=_PUNCT,
        digit=True,
    ),
    DateRule(
        "year",
        re.compile(
            rf"(?<![$£€\d,.])(?<!\d\s)\b{YEAR}\b"
            # "call 1800 100 188": digit groups around it make a phone number, not a year
            rf"(?!s\b|\s*{v.AMOUNT_UNIT}|\s*{v.COUNT_NOUN}|,\d|\.\d|-\d|\s\d{{3}}\s\d)"
        ),
        _year,
        digit=True,
    ),
    DateRule(
        "short_year",
        re.compile(r"(?:(?<=\s)|^)['’](?P<yy>\d\d)\b(?!['’]?s\b)"),
        _short_year,
        gates=(("'", "’"),),
        digit=True,
    ),
]
