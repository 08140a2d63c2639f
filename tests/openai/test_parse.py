from __future__ import annotations

import json

import pytest

from summarizer.llm import InvalidAnswer, parse_full, parse_hybrid
from tests.openai.articles import good_answer


def test_valid_answer_parses() -> None:
    answer = parse_full(json.dumps(good_answer()))
    assert answer.summary.startswith("Xi Jinping") and len(answer.actors) == 6


@pytest.mark.parametrize("content", ['{"summary": "cut', "Sure! Here is the JSON:", ""])
def test_malformed_or_empty_answers_are_rejected(content: str) -> None:
    with pytest.raises(InvalidAnswer) as e:
        parse_full(content)
    assert e.value.kind in {"malformed JSON", "empty answer"}


@pytest.mark.parametrize(
    "data",
    [
        ["a", "list"],
        {"headline": "no summary field", "actors": [], "quotes": [], "dates": []},
        {"summary": "s", "actors": "Putin", "quotes": [], "dates": []},
        {"summary": "s", "quotes": [], "dates": []},
        {"summary": 42, "actors": [], "quotes": [], "dates": []},
    ],
)
def test_schema_violations_are_rejected(data: object) -> None:
    with pytest.raises(InvalidAnswer) as e:
        parse_full(json.dumps(data))
    assert e.value.kind == "answer violated the schema"


def test_one_bad_item_is_dropped_and_counted_not_fatal() -> None:
    data = good_answer()
    data["actors"].append({"name": "Ukraine", "type": "location"})
    data["quotes"].append({"speaker": "Xi"})
    answer = parse_full(json.dumps(data))
    assert len(answer.actors) == 6 and answer.invalid_actors == 1 and answer.invalid_quotes == 1


def test_code_fenced_json_is_accepted() -> None:
    assert parse_hybrid('```json\n{"summary": "A short summary."}\n```') == "A short summary."
