"""`wirewatch cluster FILE…` through bot.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

ZORVIA = "Zorvian lawmakers impeach President Kalemba over bribery at Ostrana palace"
MARVELLE = "Floods swamp Marvelle delta farmland, displacing herders near Quellport"


def write(tmp: Path, name: str, title: str, text: str, published: str | None = None) -> Path:
    p = tmp / name
    data: dict[str, str] = {"id": p.stem, "title": title, "text": text}
    if published:
        data["published"] = published
    p.write_text(json.dumps(data), encoding="utf-8")
    return p


def run(files: list[Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict], str]:
    rc = main(["cluster", *map(str, files)])
    out, err = capsys.readouterr()
    return rc, [json.loads(line) for line in out.splitlines()], err


def test_one_line_per_file_in_input_order(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    files = [
        write(tmp_path, "a.json", "Kalemba impeached", ZORVIA),
        write(tmp_path, "b.json", "Marvelle floods", MARVELLE),
        write(tmp_path, "c.json", "Zorvia removes Kalemba", ZORVIA),
    ]
    rc, lines, err = run(files, capsys)
    assert rc == 0 and not err
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert lines[0]["story"] == lines[2]["story"] != lines[1]["story"]


@pytest.mark.parametrize(
    ("bad", "content"),
    [
        ("broken.json", "{not json"),
        ("empty.json", json.dumps({"title": "x", "text": ""})),
        ("empty.txt", "   \n"),
    ],
)
def test_bad_file_reported_and_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture, bad: str, content: str
) -> None:
    good = write(tmp_path, "good.json", "Kalemba impeached", ZORVIA)
    (tmp_path / bad).write_text(content, encoding="utf-8")
    rc, lines, err = run([tmp_path / bad, good, tmp_path / "missing.json"], capsys)
    assert rc == 1
    assert [x["id"] for x in lines] == ["good"]
    assert bad in err and "missing.json" in err


def test_publication_order_decides_story_ids(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    files = [
        write(tmp_path, "late.json", "Marvelle floods", MARVELLE, "2026-02-17T12:00:00Z"),
        write(tmp_path, "early.json", "Kalemba impeached", ZORVIA, "2026-02-16T12:00:00Z"),
    ]
    rc, lines, _ = run(files, capsys)
    assert rc == 0
    assert [x["id"] for x in lines] == ["late", "early"]
    assert lines[1]["story"] < lines[0]["story"]  # the earlier article opened the first story
