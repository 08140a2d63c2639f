"""Article vectors: terms, plural folding, stopwords, weights, normalisation, determinism."""

from __future__ import annotations

import math

import pytest

from stories.terms import terms
from stories.vectors import add, article_vector, cosine, index_terms, subtract


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said that the talks failed", ["minister", "talk", "failed"]),
        ("Ceasefires and ceasefire", ["ceasefire", "ceasefire"]),
        ("Militias clashed with militia", ["militia", "clashed", "militia"]),
        ("Zorvia's parliament", ["zorvia", "parliament"]),
        ("Zorvia’s parliament", ["zorvia", "parliament"]),
        ("crisis status glass", ["crisis", "status", "glass"]),
        ("He told us it was in 2024", []),
        ("IMPEACHMENT Impeachment impeachment", ["impeachment"] * 3),
    ],
)
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Zorvia votes", "The Zorvian parliament voted to remove President Kalemba on Tuesday."),
        ("", "Flooding in Marvelle displaced thousands of residents."),
        ("Only a title here", ""),
    ],
)
def test_vector_is_normalised_and_deterministic(title: str, text: str) -> None:
    v = article_vector(title, text)
    assert math.isclose(math.sqrt(sum(x * x for x in v.values())), 1.0)
    assert v == article_vector(title, text)
    assert list(v) == list(article_vector(title, text))


@pytest.mark.parametrize("text", ["", "the and of said", "12 34 56"])
def test_no_content_words_gives_an_empty_vector(text: str) -> None:
    assert article_vector("", text) == {}


def test_rare_words_outweigh_common_ones() -> None:
    v = article_vector("", "Kalemba government Kalemba government")
    assert v["kalemba"] > v["government"]


def test_title_words_count_more() -> None:
    v = article_vector("Kalemba resigns", "Kalemba resigns. Marvelle floods.")
    assert v["kalemba"] > v["marvelle"]


@pytest.mark.parametrize(
    ("a", "b", "related"),
    [
        ("Kalemba impeached in Zorvia", "Zorvian lawmakers impeach Kalemba", True),
        ("Kalemba impeached in Zorvia", "Floods hit Marvelle farmland", False),
    ],
)
def test_cosine_of_related_and_unrelated_articles(a: str, b: str, related: bool) -> None:
    sim = cosine(article_vector(a, a), article_vector(b, b))
    assert (sim > 0.3) is related


def test_add_and_subtract_are_inverse() -> None:
    a = article_vector("Kalemba impeached", "Zorvia parliament impeached Kalemba")
    b = article_vector("Marvelle floods", "Floods in Marvelle")
    total = add(a, b)
    back = subtract(total, b)
    assert set(back) == set(a)
    assert all(math.isclose(back[t], a[t]) for t in a)


def test_index_terms_are_the_heaviest() -> None:
    v = article_vector("Kalemba", "Kalemba government report")
    assert index_terms(v)[0] == "kalemba"
