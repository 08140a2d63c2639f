import re

import pytest

from summarizer.rules.wordlists import alternation, entries


def test_comments_are_not_entries() -> None:
    assert entries("README") == ()


def test_a_missing_list_is_an_error() -> None:
    with pytest.raises(FileNotFoundError):
        entries("no-such-list")


@pytest.mark.parametrize(
    ("items", "text", "match"),
    [
        (("said", "said to"), "he said to them", "said to"),
        (("U.S.", "US"), "the U.S. said", "U.S."),
        (("a+b",), "x a+b y", "a+b"),
    ],
)
def test_alternation_prefers_the_longest_entry(
    items: tuple[str, ...], text: str, match: str
) -> None:
    found = re.search(alternation(items), text)
    assert found is not None and found.group() == match


@pytest.mark.parametrize(
    ("items", "text", "match"),
    [
        (("foreign affairs",), "the Foreign Affairs Ministry", "Foreign Affairs"),
        (("foreign affairs",), "the foreign Affairs ministry", "foreign Affairs"),
        (("royal court",), "the ROYAL court", None),
        (("g7",), "the G7 said", "G7"),
    ],
)
def test_capitals_let_each_word_start_upper_case(
    items: tuple[str, ...], text: str, match: str | None
) -> None:
    found = re.search(alternation(items, capitals=True), text)
    assert (found.group() if found else None) == match
