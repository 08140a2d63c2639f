"""`wirewatch summarize --backend openai FILE` against the fake server, as a user runs it."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import jsonschema
import pytest

from summarizer.models import Summary
from tests.conftest import summary_schema
from tests.openai.articles import ARTICLE, good_answer
from tests.openai.conftest import API_KEY
from tests.openai.fake_openai import FakeOpenAI, answer

WIREWATCH = Path(sys.executable).parent / "wirewatch"


async def _run(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        str(WIREWATCH),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_summarize_with_the_openai_backend(fake: FakeOpenAI, tmp_path: Path) -> None:
    if not WIREWATCH.exists():
        pytest.skip("the wirewatch script is not installed in this environment")
    article = tmp_path / "xi.json"
    article.write_text(
        json.dumps(
            {
                "title": ARTICLE.title,
                "published": "2023-03-20",
                "text": ARTICLE.text,
                "url": ARTICLE.url,
            }
        )
    )
    fake.push(answer(good_answer()))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIREWATCH_", "OPENAI_"))}
    env |= {
        "OPENAI_BASE_URL": fake.base_url,
        "OPENAI_API_KEY": API_KEY,
        "WIREWATCH_SUMMARIZER_MODEL": "test-model",
        "WIREWATCH_SUMMARIZER_TIMEOUT_SECONDS": "5",
        "WIREWATCH_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'ww.db'}",
    }

    code, out, err = await _run(["summarize", "--backend", "openai", str(article)], env)

    assert code == 0, err
    assert API_KEY not in out + err
    lines = out.splitlines()
    assert len(lines) == 1 and fake.count == 1
    summary = json.loads(lines[0])
    assert set(summary) == set(Summary.model_fields)  # the rules backend's shape
    assert summary["id"] == "xi" and summary["backend"] == "openai:test-model"
    assert summary["fallback_reason"] is None
    assert summary["grounding"] == {
        "dropped_quotes": 0,
        "dropped_actors": 0,
        "dropped_dates": 0,
        "dropped_speakers": 0,
    }
    assert {a["name"] for a in summary["actors"]} >= {"Xi Jinping", "Vladimir Putin"}
    schema = summary_schema()
    if schema is not None:
        jsonschema.validate(summary, schema)
