from __future__ import annotations

import json

from summarizer.llm import full_summary, ground, normalize, parse_full
from summarizer.llm.grounding import valid_iso
from summarizer.llm.parse import ModelAnswer, ModelQuote
from tests.openai.articles import ARTICLE, TEXT, good_answer, hallucinated_answer


def _answer(data: dict) -> ModelAnswer:
    return ModelAnswer.model_validate(data)


def test_faithful_answer_keeps_everything_and_drops_nothing() -> None:
    actors, quotes, dates, stats = ground(_answer(good_answer()), TEXT)
    assert [a.name for a in actors] == [a["name"] for a in good_answer()["actors"]]
    assert len(quotes) == 3 and len(dates) == 2
    assert stats.model_dump() == {
        "dropped_quotes": 0,
        "dropped_actors": 0,
        "dropped_dates": 0,
        "dropped_speakers": 0,
    }


def test_quote_speaker_given_by_alias_becomes_the_canonical_name() -> None:
    _, quotes, _, _ = ground(_answer(good_answer()), TEXT)
    assert quotes[0].speaker == "Vladimir Putin"


def test_hallucinations_are_dropped_and_counted() -> None:
    actors, quotes, dates, stats = ground(_answer(hallucinated_answer()), TEXT)
    assert "Emmanuel Macron" not in [a.name for a in actors]
    assert all("abandon" not in q.text for q in quotes)
    assert {d.text for d in dates} == {"on Monday", "on Tuesday"}
    assert stats.dropped_actors == 1
    assert stats.dropped_quotes == 1
    assert stats.dropped_dates == 2  # "on Wednesday" is not in the text; 2023-02-30 is no date
    # the real quote credited to Macron stays, without a speaker
    assert stats.dropped_speakers == 1
    assert [q.speaker for q in quotes if q.text == "stand guard over the world order"] == [None]


def test_quote_matching_folds_quote_marks_dashes_and_whitespace() -> None:
    text = "He said: \u201cWe won\u2019t accept it \u2014 not now,\u201d adding more."
    answer = ModelAnswer(
        summary="s", quotes=[ModelQuote(speaker=None, text='"We won\'t  accept it - not now,"')]
    )
    _, quotes, _, stats = ground(answer, text)
    assert stats.dropped_quotes == 0
    assert quotes[0].text == "We won't  accept it - not now,"


def test_a_paraphrase_is_not_a_quote() -> None:
    answer = ModelAnswer(
        summary="s", quotes=[ModelQuote(speaker=None, text="relations are at their best ever")]
    )
    _, quotes, _, stats = ground(answer, TEXT)
    assert quotes == [] and stats.dropped_quotes == 1


def test_actor_kept_by_alias_loses_aliases_absent_from_text() -> None:
    answer = _answer(
        {
            "summary": "s",
            "actors": [
                {
                    "name": "Russian Federation",
                    "type": "country",
                    "aliases": ["Russia", "RF"],
                    "key": True,
                }
            ],
        }
    )
    actors, _, _, stats = ground(answer, TEXT)
    assert stats.dropped_actors == 0
    assert actors[0].name == "Russian Federation" and actors[0].aliases == ["Russia"]


def test_actor_names_match_whole_words_only() -> None:
    answer = _answer(
        {"summary": "s", "actors": [{"name": "Xia", "type": "person", "aliases": ["Kreml"]}]}
    )
    actors, _, _, stats = ground(answer, TEXT)  # "Xi" and "Kremlin" are in the text, not these
    assert actors == [] and stats.dropped_actors == 1


def test_mentions_are_counted_without_double_counting_the_full_name() -> None:
    actors, _, _, _ = ground(_answer(good_answer()), TEXT)
    putin = next(a for a in actors if a.name == "Vladimir Putin")
    assert putin.mentions == normalize(TEXT).count("putin")  # "Vladimir Putin" once, "Putin" twice


def test_iso_validation() -> None:
    assert all(valid_iso(v) for v in ("2023", "2023-03", "2024-02-29"))
    assert not any(
        valid_iso(v) for v in ("2023-13", "2023-02-29", "23-03-01", "March 2023", "2023-3-1")
    )


def test_full_summary_takes_metadata_from_the_article_not_the_model() -> None:
    data = good_answer() | {"id": "model-made-this-up", "title": "Fake title"}
    summary = full_summary(ARTICLE, parse_full(json.dumps(data)), "m1")
    assert (summary.id, summary.title, summary.url) == (ARTICLE.id, ARTICLE.title, ARTICLE.url)
    assert summary.backend == "openai:m1" and summary.grounding is not None
    assert summary.published is not None and summary.published.startswith("2023-03-20")
