"""summarize() on random and hostile text (hypothesis): it never raises, its output fits
the shared summary schema, every quote and date is verbatim in the article, every date value
is a real calendar date. Time per article is the benchmark's business, not this test's."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import summarize
from summarizer.models import Article, Summary
from summarizer.rules.text import normalize, paragraphs
from tests.conftest import summary_schema

PUBLISHED = datetime(2026, 2, 17, 9, 30, tzinfo=UTC)

# The pieces hostile text is made of: quotation marks of every script, speech verbs, names,
# dates, direction and control characters, and plain words, so random joins reach the
# attribution and date rules rather than only the tokenizer.
PIECES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "«",
    "»",
    "„",
    "'",
    "‹",
    "›",
    "「",
    "」",
    " said ",
    " told reporters ",
    " according to ",
    ", he added.",
    " warned ",
    ": ",
    "President Ruth Mensah",
    "the minister",
    "She",
    "Reuters",
    "Ukraine",
    "NATO",
    "on Monday",
    "last week",
    "next month",
    "in 2025",
    "March 3",
    "3/4/2026",
    "the 1990s",
    "\u202e",
    "\u200f",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b",
    "\r",
    "\n\n",
    "\t",
    "é",
    "\u0301",
    "🇺🇦",
    "ﷺ",
    "שלום",
    "مرحبا",
    "...",
    ".",
    "?",
    "!",
    "—",
    "(",
    ")",
    "“We will not back down,”",
    '"The talks failed on every point."',
    "«Nous signerons»",
    "‘We are ready,’",
    "“Peace is close",
    "talks",
    "ceasefire",
    " ",
    " ",
    " ",
]
hostile = st.lists(st.sampled_from(PIECES), max_size=120).map("".join)
anything = st.text(max_size=400)


@cache
def _validator() -> Any:
    jsonschema = pytest.importorskip("jsonschema")
    schema = summary_schema()
    return None if schema is None else jsonschema.Draft202012Validator(schema)


def _check(article: Article) -> Summary:
    s = summarize(article)
    validator = _validator()
    if validator is not None:
        validator.validate(json.loads(s.model_dump_json()))
    # The rules read the text as paragraphs, lines joined and runs of spaces, tabs and
    # no-break spaces folded to one space (web text is full of them): "verbatim" is
    # verbatim in that reading.
    paras = paragraphs(normalize(article.text), normalized=True)
    source = "\n".join([normalize(article.title), *(p.text for p in paras)])
    for q in s.quotes:
        assert q.text and q.text in source, q
    for d in s.dates:
        assert d.text in source, d
        parts = [int(p) for p in d.value.split("-")]
        date(parts[0], *(parts[1:] + [1, 1])[:2])  # a real calendar date, or ValueError
    return s


@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(title=anything, text=anything)
def test_random_text(title: str, text: str) -> None:
    _check(Article(id="r", title=title, text=text, published=PUBLISHED))


@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(title=hostile, text=hostile, published=st.sampled_from([None, PUBLISHED]))
def test_hostile_pieces(title: str, text: str, published: datetime | None) -> None:
    _check(Article(id="h", title=title, text=text, published=published))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('"' * 9_999 + "x", id="odd-thousands-of-marks"),
        pytest.param('He said "yes. ' * 5_000, id="unbalanced-quotes"),
        pytest.param("“nested ‘quote « here » now’ ends” " * 2_000, id="nested-marks"),
        pytest.param("x" * 5_000_000, id="5MB-no-spaces"),
        pytest.param("Mensah said on Monday. " * 220_000, id="5MB-sentences"),
        pytest.param("March 3, 2026 " * 50_000, id="only-dates"),
        pytest.param("1234567890 " * 50_000, id="only-digits"),
        pytest.param("\u202eMensah said: “we agree”\u202c " * 1_000, id="rtl-override"),
        pytest.param("\x00\x01\x02\x1f\x7f" * 20_000, id="control-characters"),
        pytest.param("e\u0301" * 100_000, id="combining-marks"),
        pytest.param("🇺🇦 " * 100_000, id="emoji"),
        pytest.param(" ".join(["word"] * 200_000), id="one-long-sentence"),
    ],
)
def test_hostile_cases(text: str) -> None:
    _check(Article(id="c", title=text[:200], text=text, published=PUBLISHED))
