"""`wirewatch summarize`: JSON lines in input order; bad files reported and skipped."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

ARTICLE = {
    "title": "Ministers meet in Geneva",
    "published": "2026-11-20",
    "source": "Sample Wire",
    "url": "https://example.com/geneva",
    "text": (
        "GENEVA - Foreign Minister Amara Okonkwo of Nigeria met Russian officials on Tuesday.\n\n"
        "\u201cWe are ready to sign a ceasefire within days,\u201d Okonkwo told reporters."
    ),
}


def write(tmp: Path, name: str, content: str) -> Path:
    p = tmp / name
    p.write_text(content, encoding="utf-8")
    return p


def test_good_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good1 = write(tmp_path, "one.json", json.dumps({**ARTICLE, "id": "first"}))
    broken = write(tmp_path, "broken.json", '{"title": "x", "text": ')
    not_obj = write(tmp_path, "list.json", "[1, 2]")
    no_text = write(tmp_path, "notext.json", json.dumps({"title": "only a title"}))
    good2 = write(tmp_path, "second.json", json.dumps(ARTICLE))
    txt = write(tmp_path, "plain.txt", "A headline\n\nSome body text about NATO.")
    missing = tmp_path / "missing.json"

    code = main(
        [
            "summarize",
            str(good1),
            str(broken),
            str(not_obj),
            str(no_text),
            str(missing),
            str(good2),
            str(txt),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [d["id"] for d in lines] == ["first", "second", "plain"]
    assert lines[1]["title"] == ARTICLE["title"] and lines[1]["source"] == "Sample Wire"
    for key in ("summary", "actors", "quotes", "dates", "published"):
        assert key in lines[0]
    for bad, why in [
        (broken, "invalid JSON"),
        (not_obj, "JSON object"),
        (no_text, "'text'"),
        (missing, "no such file"),
    ]:
        assert any(str(bad) in line and why in line for line in err.splitlines()), (bad, err)


def test_all_good_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(write(tmp_path, "a.json", json.dumps(ARTICLE)))]) == 0
    assert json.loads(capsys.readouterr().out)["id"] == "a"


def test_invalid_config_names_key_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cfg = write(tmp_path, "bad.toml", '[poll]\ninterval_minutes = "often"\n')
    assert main(["--config", str(cfg), "feeds", "list"]) == 2
    err = capsys.readouterr().err
    assert "poll.interval_minutes" in err and "number" in err


def test_unknown_config_key_is_rejected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = write(tmp_path, "bad.toml", "[summarizer]\nbakend = 'rules'\n")
    assert main(["--config", str(cfg), "feeds", "list"]) == 2
    assert "summarizer.bakend" in capsys.readouterr().err


def test_console_script_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("wirewatch")
    if not exe.exists():
        pytest.skip("console script not installed in this interpreter's environment")
    f = write(tmp_path, "a.json", json.dumps(ARTICLE))
    proc = subprocess.run(
        [str(exe), "summarize", str(f)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["title"] == ARTICLE["title"]


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_extreme_publication_dates_summarize(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], published: str
) -> None:
    text = "The UN met yesterday. On Friday, NATO said it met last year and will meet next year."
    f = write(
        tmp_path, "edge.json", json.dumps({"title": "Edge", "published": published, "text": text})
    )
    assert main(["summarize", str(f)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["published"].startswith(published) and out["dates"] is not None
