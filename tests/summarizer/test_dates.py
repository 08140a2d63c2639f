"""Dates: explicit formats, weekdays, relative expressions, ranges, precision, non-dates."""

from __future__ import annotations

from summarizer.rules import date_vocab as v
from summarizer.rules.date_rules import RULES
from summarizer.rules.dates import find_dates
from tests.summarizer.helpers import run, values


def test_weekdays_resolve_to_last_such_day_or_next_when_future() -> None:
    # published Friday 2024-05-17
    s = run("The ministers met on Monday. They met again Friday. Talks are to resume on Tuesday.")
    assert values(s) == {"2024-05-13", "2024-05-17", "2024-05-21"}


def test_explicit_formats_and_year_inference() -> None:
    s = run(
        "The accord was signed on March 3, 2021 and ratified on 12 April 2022. Elections are due "
        "Jan. 9. The ceasefire began Oct. 19. A report dated 2023-11-30 was cited."
    )
    # "are due" looks ahead: the coming 9 January, not the one four months back
    assert values(s) == {"2021-03-03", "2022-04-12", "2025-01-09", "2023-10-19", "2023-11-30"}


def test_ranges_give_both_ends() -> None:
    s = run("The summit ran March 20-21, and a second round is planned for 4-5 June.")
    assert {"2024-03-20", "2024-03-21", "2024-06-04", "2024-06-05"} <= values(s)


def test_month_and_year_precision() -> None:
    s = run(
        "Fighting resumed in September and again in early 2022. The deal collapsed in 2019. "
        "Inflation peaked in March 2023."
    )
    assert values(s) == {"2023-09", "2022", "2019", "2023-03"}


def test_relative_expressions() -> None:
    s = run(
        "Yesterday the envoy arrived. Last year talks failed, and earlier this month they "
        "resumed. The war began four years ago; he was jailed in 2001 and freed three years later."
    )
    assert values(s) == {"2024-05-16", "2023", "2024-05", "2020", "2001", "2004"}


def test_durations_decades_and_vague_spans_are_not_dates() -> None:
    s = run(
        "For decades the two sides fought. Over 25 years the border moved, in recent days troops "
        "withdrew, and the 1990s were worse. He may return. Exports reached 2,500 tons and "
        "$2019 million in recent years."
    )
    assert values(s) == set()


def test_each_date_keeps_a_context_phrase() -> None:
    s = run("Parliament approved the budget on Tuesday, ending months of debate.")
    assert s.dates[0].value == "2024-05-14"
    assert s.dates[0].context and "approved the budget" in s.dates[0].context


def test_future_clauses_month_deadlines_and_month_named_events() -> None:
    # published Friday 2024-05-17
    s = run(
        "The chancellor will then fly to Lagos for a trade summit on Tuesday and Wednesday.\n\n"
        "The army is preparing 2,000 troops for deployment by March, a spokesman said on "
        "Monday.\n\n"
        "The document, known as the April Charter, sets term limits."
    )
    assert values(s) == {"2024-05-21", "2024-05-22", "2025-03", "2024-05-13"}


def test_context_of_a_date_late_in_a_long_clause_contains_the_date() -> None:
    s = run(
        "A draft agreement circulated among the delegations and seen by several diplomats "
        "proposes a joint monitoring force for the border region to be in place by 2028."
    )
    (d,) = s.dates
    assert d.value == "2028" and d.context is not None
    assert "by 2028" in d.context and d.context.startswith("…")
    assert len(d.context.split()) <= 16


def test_vocabulary_lists_are_complete() -> None:
    assert sorted(set(v.MONTHS.values())) == list(range(1, 13))
    assert sorted(set(v.WEEKDAYS.values())) == list(range(7))
    assert v.AMBIGUOUS_MONTHS <= v.FULL_MONTHS
    assert all(1 <= m <= 12 and 1 <= d <= 31 for m, d in v.HOLIDAYS.values())
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_without_a_publication_date_only_written_out_dates_resolve() -> None:
    found = find_dates(["On Monday, a year after the 2019 vote, on March 3 and last year."], None)
    assert [d.value for d in found] == ["2019"]
