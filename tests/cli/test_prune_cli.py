"""`wirewatch prune`: dry runs count, real runs delete, pruned stories are not polled again."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import ConfigError, load_settings


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def db_path(config: Path) -> Path:
    return config.parent / "w.db"


def article_count(config: Path) -> int:
    with sqlite3.connect(db_path(config)) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def backdate_all_but_newest(config: Path) -> None:
    """Make every stored article but one a year old (the store writes naive UTC text)."""
    with sqlite3.connect(db_path(config)) as conn:
        conn.execute(
            "UPDATE articles SET stored_at = '2020-01-01 00:00:00.000000'"
            " WHERE id < (SELECT max(id) FROM articles)"
        )


@pytest.fixture
def polled(config: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """The sample default feed polled once (3 stories), two of them backdated."""
    assert run(config, "poll", "--once") == 0
    assert "3 new articles" in capsys.readouterr().out
    backdate_all_but_newest(config)
    return config


def test_dry_run_counts_and_deletes_nothing(
    polled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(polled, "prune", "--older-than", "90d", "--dry-run") == 0
    assert "Would remove 2 articles stored before " in capsys.readouterr().out
    assert article_count(polled) == 3


def test_older_than_removes_and_the_next_poll_stores_nothing_again(
    polled: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(polled, "prune", "--older-than", "12w") == 0
    assert "Removed 2 articles stored before " in capsys.readouterr().out
    assert article_count(polled) == 1
    # The sample feed still lists the pruned stories: they must not come back as new.
    assert run(polled, "poll", "--once") == 0
    assert "0 new articles" in capsys.readouterr().out
    assert article_count(polled) == 1
    assert run(polled, "prune", "--older-than", "12w") == 0
    assert "Removed 0 articles" in capsys.readouterr().out


def test_the_setting_is_the_default_age(
    polled: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREWATCH_DATABASE_RETENTION_DAYS", "30")
    assert run(polled, "prune", "--dry-run") == 0
    assert "Would remove 2 articles" in capsys.readouterr().out
    assert run(polled, "prune") == 0
    assert "Removed 2 articles" in capsys.readouterr().out
    assert article_count(polled) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give --older-than (e.g. 90d) or set database.retention_days above 0"),
        (("--dry-run",), "give --older-than"),
        (
            ("--older-than", "0d"),
            "--older-than: invalid duration '0d': it must be longer than zero",
        ),
        (("--older-than", "soon"), "--older-than: invalid duration 'soon'"),
    ],
)
def test_refuses_without_a_positive_age(
    polled: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    assert run(polled, "prune", *args) == 2
    assert message in capsys.readouterr().err
    assert article_count(polled) == 3


@pytest.mark.parametrize("value", ["-1", "3651", "'ninety'"])
def test_retention_days_is_validated(config: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="database.retention_days"):
        load_settings(config, env={"WIREWATCH_DATABASE_RETENTION_DAYS": value})


def test_retention_days_defaults_to_keeping_everything(config: Path) -> None:
    assert load_settings(config, env={}).database.retention_days == 0
