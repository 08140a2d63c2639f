"""Output validates against the shared summary schema; the dev set scores well."""

from __future__ import annotations

import json

import pytest

from bot.commands.summarize import load_article
from summarizer import summarize
from tests.conftest import SHARED, summary_schema
from tests.summarizer.helpers import run


def test_output_validates_against_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = summary_schema()
    if schema is None:
        pytest.skip("../shared is absent")
    s = run(
        'President Ruth Mensah said on Monday: "We will sign the treaty with Togo in June."',
        title="Mensah to sign treaty",
    )
    jsonschema.validate(json.loads(s.model_dump_json()), schema)


def test_dev_articles_validate_and_find_key_actors() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    dev = SHARED / "eval" / "dev"
    if not dev.is_dir():
        pytest.skip("../shared is absent")
    schema = summary_schema()
    assert schema is not None  # beside eval/dev
    for path in sorted(dev.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))  # the gold, for the key actors
        s = summarize(load_article(path))  # read as `wirewatch summarize` reads it
        jsonschema.validate(json.loads(s.model_dump_json()), schema)
        gold_key = {a["name"] for a in doc["actors"] if a["key"]}
        found = {a.name for a in s.actors} | {x for a in s.actors for x in a.aliases}
        assert len(gold_key & found) / len(gold_key) >= 0.6, path.name


def test_hostile_text_is_summarized_without_blowing_up() -> None:
    # A megabyte of quote marks and of tiny sentences: no quotes, no crash, bounded work
    # (attribution was quadratic in quote marks per sentence; pytest-timeout guards this).
    from summarizer import summarize
    from summarizer.models import Article

    for text in ('"' * 1_000_000, "He said. " * 120_000, "“a” " * 250_000):
        s = summarize(Article(id="x", title="t", text=text))
        assert s.quotes == []
