"""`wirewatch --help` (and each command's --help) builds the whole parser without importing
the heavy dependencies: those load inside the chosen command's handler (bot/commands/)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]

# Each costs tens to hundreds of milliseconds to import; none is needed to print help.
HEAVY = [
    "discord",
    "sqlalchemy",
    "alembic",
    "openai",
    "feedparser",
    "aiohttp",
    "trafilatura",
    "rich",
    "pydantic",
    "summarizer.rules",
    "store.sql_store",
    "bot.settings",
]

# Run in a fresh interpreter: this test process has imported everything already.
_PROBE = """
import json, sys
from bot import cli
try:
    cli.main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)))
"""


def imported_by(*argv: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return [h for h in HEAVY if any(m == h or m.startswith(h + ".") for m in modules)]


def commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert isinstance(sub.choices, dict)
    return sorted(sub.choices)


def test_help_imports_nothing_heavy() -> None:
    modules = imported_by("--help")
    assert "bot.commands.status" in modules  # the parser really was built
    assert heavy_in(modules) == []


@pytest.mark.parametrize("command", commands())
def test_command_help_imports_nothing_heavy(command: str) -> None:
    assert heavy_in(imported_by(command, "--help")) == []


def test_the_probe_sees_heavy_imports() -> None:
    # `status` does open the store: the check above would notice an eager import.
    modules = imported_by("--config", str(ROOT / "nonexistent.toml"), "status")
    assert {"bot.settings", "pydantic"} <= set(heavy_in(modules))


def test_digest_formats_match_the_renderers() -> None:
    from bot.commands.digest import DIGEST_FORMATS
    from bot.digest import RENDERERS

    assert sorted(RENDERERS) == DIGEST_FORMATS
