"""The vocabulary of dates, read from the `date_*` word lists in summarizer/data/words, and
the regex pieces built from it, so a new spelling or cue word is one line in a text file."""

from __future__ import annotations

import re

from summarizer.rules.wordlists import alternation, entries, words


def _valued(name: str) -> dict[str, str]:
    """A list whose lines are `phrase value`: the phrase may hold spaces, the value cannot."""
    out: dict[str, str] = {}
    for line in entries(name):
        phrase, _, value = line.rpartition(" ")
        if not phrase:
            raise ValueError(f"data/words/{name}.txt: {line!r} has no value after the phrase")
        out[phrase] = value
    return out


def _numbered(name: str) -> dict[str, int]:
    """A list whose line N holds the spellings of item N (months, weekdays)."""
    return {form: n for n, line in enumerate(entries(name), 1) for form in line.split()}


def _signed(name: str) -> dict[str, int]:
    return {phrase.lower(): int(value) for phrase, value in _valued(name).items()}


def _as_written(words: tuple[str, ...]) -> tuple[str, ...]:
    """Lower-case words and their sentence-initial capitals ("in", "In"): a case-sensitive
    alternation of both scans about twice as fast as a case-insensitive one (profiled)."""
    return words + tuple(w[:1].upper() + w[1:] for w in words)


def _both_apostrophes(forms: list[str]) -> list[str]:
    """Each form as typed and with typographic apostrophes ("New Year's" / "New Year’s")."""
    return forms + [f.replace("'", "\u2019") for f in forms if "'" in f]


# Spelling (as written) → 1-12; line order in the file is calendar order.
MONTHS = _numbered("date_months")
FULL_MONTHS = frozenset(line.split()[0] for line in entries("date_months"))
# Spelling → 0-6, Monday first, as date.weekday() counts.
WEEKDAYS = {form: n - 1 for form, n in _numbered("date_weekdays").items()}
AMBIGUOUS_MONTHS = words("date_months_ambiguous")
NUMBERS = _signed("date_numbers")
DEICTIC = _signed("date_deictic")
NOWADAYS_VERBS = words("date_nowadays_verbs")
NOWADAYS_STOPS = words("date_nowadays_stops")
RELATIVE = _signed("date_relative_words")
SEQUENCE = _signed("date_sequence_words")
MONTH_LEADS = _signed("date_month_leads")
WEEKDAY_LEADS = _signed("date_weekday_leads")
NAMED_DAY_WORDS = words("date_named_day_words")
NUMBER_LABELS = frozenset(w.lower() for w in entries("date_number_labels"))
SPAN_LEADS = frozenset(w.lower() for w in entries("date_span_leads"))
NAMES_BEFORE_YEAR_OK = words("date_names_before_year")
HOLIDAYS = {
    form: tuple(int(x) for x in value.split("-"))
    for name, value in _valued("date_holidays").items()
    for form in _both_apostrophes([name])
}

# a name ends where the word does: "Mar" is not the start of "Marine"
_WORD_END = r"(?![A-Za-z])"
MON = rf"(?P<mon>{alternation(tuple(MONTHS))}){_WORD_END}"
MON2 = rf"(?P<mon2>{alternation(tuple(MONTHS))}){_WORD_END}"
WD = rf"(?P<wd>{alternation(tuple(WEEKDAYS))}){_WORD_END}"
WD_ANY = alternation(tuple(WEEKDAYS)) + _WORD_END
NUMBER = rf"(?P<n>\d+|{alternation(_as_written(tuple(NUMBERS)))})"
RELATIVE_WORD = rf"(?P<which>{alternation(tuple(RELATIVE))})"
SEQUENCE_WORD = rf"(?P<which>{alternation(tuple(SEQUENCE))})"
# lead words as written mid-sentence or first ("in May", "In May", "Last Friday")
MONTH_LEAD = rf"(?P<lead>{alternation(_as_written(tuple(MONTH_LEADS)))})"
WEEKDAY_LEAD = rf"(?P<lead>{alternation(_as_written(tuple(WEEKDAY_LEADS)))})"
DAY_PART = alternation(entries("date_day_parts"))
PERIOD_WORD = alternation(entries("date_period_words"))
DEICTIC_WORD = rf"(?P<w>{alternation(tuple(DEICTIC))})"
HOLIDAY = rf"(?P<h>{alternation(tuple(HOLIDAYS))})"
AMOUNT_UNIT = alternation(entries("date_amount_units"))
COUNT_NOUN = alternation(entries("date_count_nouns"))

# a lower bound before a count ago: "more than two years ago" names no year
LOWER_BOUND = re.compile(rf"\b{alternation(entries('date_lower_bounds'))}\s+$", re.IGNORECASE)
SAME_DAY_LEAD = rf"(?P<lead>{alternation(entries('date_same_day_leads'), capitals=True)})"
# a noun after a weekday that makes it a kind: "the Sunday papers"
WEEKDAY_KIND = re.compile(rf"\s+{alternation(entries('date_weekday_kinds'))}\b")

FUTURE = re.compile(rf"\b{alternation(entries('date_future_cues'))}\b", re.IGNORECASE)
# a cue right after the date: "the meeting on Monday will decide"
FUTURE_NEXT = re.compile(rf"\s+{alternation(entries('date_future_cues'))}\b", re.IGNORECASE)

# Gates: substrings one of which a sentence must hold for a family of patterns to be tried
# (much cheaper than the patterns; most sentences hold no date at all). Month and weekday
# names are matched as written, so their gates are too ("Mar", not the "mar" of "market").
MONTH_GATE = tuple(sorted({form[:3] for form in MONTHS}))
WEEKDAY_GATE = tuple(WEEKDAYS)
DEICTIC_GATE = tuple(sorted({w.split()[-1] for w in DEICTIC}))
HOLIDAY_GATE = tuple(sorted({h.split()[0].lower() for h in HOLIDAYS}))
