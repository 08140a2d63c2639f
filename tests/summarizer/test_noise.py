"""Page furniture, bylines, credits and datelines yield no actors, quotes or dates."""

from __future__ import annotations

from tests.summarizer.helpers import names, run, values

PRINTED = """## Diplomacy

Marta Kowalski in Warsaw and Pieter de Vries in Brussels 5 HOURS AGO

Poland and Germany agreed on Tuesday to build a new rail link, officials said.

2 of 3 05/16/24, 09:12

Zkarn tbe oflice wil = 00 mnd IIO sgnt the stae

"The line will carry freight and passengers from the first day," said Transport Minister Anna Nowak.

Photo: Grzegorz Zielinski © Reuters

Additional reporting by Hans Becker in Berlin

Copyright The Example Times Limited 2024. All rights reserved.

3 of 3 05/16/24, 09:12"""


def test_printed_page_furniture_is_ignored() -> None:
    s = run(PRINTED, source="The Example Times")
    got = set(names(s))
    assert {"Poland", "Germany", "Anna Nowak"} <= got
    for noise in (
        "Marta Kowalski",
        "Pieter de Vries",
        "Hans Becker",
        "Grzegorz Zielinski",
        "IIO",
        "Zkarn",
        "Reuters",
        "Example Times",
    ):
        assert noise not in got
    assert values(s) == {"2024-05-14"}
    assert [q.speaker for q in s.quotes] == ["Anna Nowak"]


def test_wire_dateline_and_credits_line() -> None:
    s = run(
        "LAGOS (Newswire) - Nigeria's Senate approved the loan on Wednesday.\n\n"
        "Written by Ola Ade; Editing by Sam Cole",
        source="Newswire",
    )
    got = set(names(s))
    assert "Nigeria" in got
    assert not got & {"Newswire", "Ola Ade", "Sam Cole", "LAGOS"}


def test_summary_is_lead_sentences() -> None:
    s = run(
        "Poland and Germany agreed on Tuesday to build a new rail link between their capitals. "
        "The line will open in 2030. Critics say it is too slow.\n\nMore details followed."
    )
    assert s.summary.startswith("Poland and Germany agreed")
    assert 1 <= s.summary.count(".") <= 3
