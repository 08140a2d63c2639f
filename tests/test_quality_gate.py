"""The quality gate: the shared scorers run on the dev sets with the real CLI, and the scores
may not fall below pinned floors. With ../shared present a drop fails the suite (it never
skips), so a change that breaks attribution or clustering cannot land unnoticed.

Floors sit a little under today's scores (so unrelated noise does not fail the suite) and go
up when the method improves; they are not targets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

WIREWATCH = Path(sys.executable).parent / "wirewatch"

# Dev summaries (8 articles): actors 0.995, quotes 0.990, attribution 1.0, dates 1.0 now.
SUMMARY_FLOORS = {
    ("actors", "f1"): 0.98,
    ("quotes", "f1"): 0.97,
    ("quotes", "attribution"): 0.97,
    ("dates", "f1"): 0.97,
}
# Story dev set (91 articles): B-cubed F1 0.911, pairwise F1 0.901 now.
STORY_FLOORS = {("bcubed", "f1"): 0.90, ("pairwise", "f1"): 0.88}


def _score(script: Path, gold: Path, command: str) -> dict[str, dict[str, float]]:
    run = subprocess.run(
        [sys.executable, str(script), str(gold), "--run", f"{WIREWATCH} {command}", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    report: dict[str, dict[str, float]] = json.loads(run.stdout)
    return report


def _below(report: dict[str, dict[str, float]], floors: dict[tuple[str, str], float]) -> list[str]:
    return [
        f"{part} {measure} {report[part][measure]:.4f} < floor {floor}"
        for (part, measure), floor in floors.items()
        if report[part][measure] < floor
    ]


def test_dev_summaries_stay_above_their_floors(shared_dir: Path) -> None:
    eval_dir = shared_dir / "eval"
    if not (eval_dir / "score.py").is_file():
        pytest.fail(f"{eval_dir / 'score.py'} is missing although ../shared is present")
    report = _score(eval_dir / "score.py", eval_dir / "dev", "summarize")
    assert _below(report, SUMMARY_FLOORS) == []


def test_dev_stories_stay_above_their_floors(shared_dir: Path) -> None:
    stories = shared_dir / "eval" / "stories"
    if not (stories / "score_stories.py").is_file():
        pytest.fail(f"{stories / 'score_stories.py'} is missing although ../shared is present")
    report = _score(stories / "score_stories.py", stories / "dev", "cluster")
    assert _below(report, STORY_FLOORS) == []
