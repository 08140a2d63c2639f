"""`wirewatch feeds|poll|digest|search|status` end to end: loopback HTTP, a SQLite file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


def run(config: Path, *args: str) -> int:
    return main(["--config", str(config), *args])


def test_add_poll_digest_search_status(
    config: Path, http_base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config, "feeds", "add", f"{http_base}/feed.xml", "--topic", "Diplomacy") == 0
    out = capsys.readouterr().out
    assert "Found feed 'Loopback Wire' with 1 entries" in out and "Added feed" in out

    assert run(config, "feeds", "list") == 0
    listing = capsys.readouterr().out
    assert "Loopback Wire  [diplomacy]" in listing and "Sample default" in listing

    assert run(config, "poll", "--once") == 0
    polled = capsys.readouterr().out
    assert "Loopback Wire: 1 new" in polled and "Sample default: 3 new" in polled
    assert "2 feeds polled: 4 new articles, 0 feeds with errors" in polled

    assert run(config, "poll", "--once") == 0
    assert "0 new articles" in capsys.readouterr().out

    assert run(config, "digest", "--format", "json", "--topic", "diplomacy") == 0
    digest = json.loads(capsys.readouterr().out)
    titles = [s["title"] for g in digest["topics"] for s in g["stories"]]
    assert "Ceasefire talks resume in Geneva" in titles

    assert run(config, "search", "ceasefire", "Geneva") == 0
    assert "Ceasefire talks resume in Geneva" in capsys.readouterr().out

    assert run(config, "status") == 0
    status = capsys.readouterr().out
    assert (
        "Summarizer: rules" in status
        and "Feeds: 2 (2 healthy, 0 failing, 0 disabled, 0 paused)" in status
    )


def test_add_finds_the_feed_behind_a_page(
    config: Path, http_base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config, "feeds", "add", f"{http_base}/page.html") == 0
    capsys.readouterr()
    assert run(config, "feeds", "list") == 0
    assert f"{http_base}/feed.xml" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("target", "code", "message"),
    [
        ("/plain.html", 1, "not a feed"),
        ("/missing.xml", 1, "HTTP 404"),
    ],
)
def test_add_refuses_what_is_not_a_feed(
    config: Path,
    http_base: str,
    capsys: pytest.CaptureFixture[str],
    target: str,
    code: int,
    message: str,
) -> None:
    assert run(config, "feeds", "add", f"{http_base}{target}") == code
    assert message in capsys.readouterr().err
    assert run(config, "feeds", "list") == 0
    assert target not in capsys.readouterr().out


def test_add_a_missing_local_file_is_a_usage_error(
    config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config, "feeds", "add", str(tmp_path / "nope.xml")) == 2
    assert "neither an http(s)/file:// URL nor an existing file" in capsys.readouterr().err


def test_remove(config: Path, http_base: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(config, "feeds", "remove", "Sample default") == 1
    err = capsys.readouterr().err
    assert "is a default feed from" in err and "feeds.toml; remove it there" in err
    assert run(config, "feeds", "add", f"{http_base}/feed.xml", "--name", "Mine") == 0
    assert run(config, "feeds", "remove", "Mine") == 0
    assert run(config, "feeds", "remove", "Mine") == 1
    assert "no feed 'Mine'" in capsys.readouterr().err


@pytest.mark.parametrize("since", ["90min", "1.5h", "30s", "400d", "2w"])
def test_digest_since_takes_the_discord_grammar(config: Path, since: str) -> None:
    # The same grammar as /digest since: (bot.durations).
    assert run(config, "digest", "--since", since) == 0


def test_digest_argument_errors(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(config, "digest", "--since", "yesterday") == 2
    assert "invalid duration 'yesterday'" in capsys.readouterr().err
    assert run(config, "digest", "--topic", "atlantis") == 2
    assert "unknown topic 'atlantis'" in capsys.readouterr().err
    assert run(config, "digest", "--since", "99999999w") == 2
    assert "too long" in capsys.readouterr().err


def test_feeds_remove_matches_names_like_the_store_does(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(config, "feeds", "remove", "SAMPLE DEFAULT") == 1
    assert "is a default feed" in capsys.readouterr().err
    assert run(config, "feeds", "list") == 0
    assert "Sample default" in capsys.readouterr().out


def test_remove_refuses_a_moved_default_by_its_configured_url(
    config: Path, http_base: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bug 1: the store matches the configured (added) URL too, so the CLI must ask it."""
    feeds_file = config.parent / "feeds.toml"
    feeds_file.write_text(f'[[feed]]\nname = "Moved default"\nurl = "{http_base}/old.xml"\n')
    assert run(config, "poll", "--once") == 0  # 301: the feed now lives at /feed.xml
    assert run(config, "feeds", "list") == 0
    listing = capsys.readouterr().out
    assert f"{http_base}/feed.xml" in listing
    assert f"(moved from {http_base}/old.xml by a permanent redirect)" in listing
    assert run(config, "feeds", "remove", f"{http_base}/old.xml") == 1
    assert "is a default feed from" in capsys.readouterr().err
    assert run(config, "feeds", "list") == 0
    assert "Moved default" in capsys.readouterr().out


def test_a_broken_feed_is_disabled_listed_and_resumed_after_a_test_fetch(
    config: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WIREWATCH_POLL_DISABLE_AFTER_FAILURES", "2")
    monkeypatch.setenv("WIREWATCH_POLL_DISABLE_AFTER_HOURS", "0")
    sample = Path(__file__).resolve().parents[2] / "samples" / "feeds" / "harbor_dispatch.xml"
    local = tmp_path / "local.xml"
    local.write_bytes(sample.read_bytes())
    assert run(config, "feeds", "add", str(local), "--name", "Local wire") == 0
    assert run(config, "poll", "--once") == 0
    local.unlink()
    for _ in range(2):
        assert run(config, "poll", "--once") == 0
    capsys.readouterr()
    assert run(config, "feeds", "list") == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "Local wire" in ln)
    assert "disabled since " in line and ": file not found (file not found: " in line
    assert run(config, "status") == 0
    assert "1 disabled" in capsys.readouterr().out

    assert run(config, "poll", "--once") == 0  # not polled any more: nothing about it
    assert "Local wire" not in capsys.readouterr().out
    assert run(config, "feeds", "resume", "local wire") == 1
    assert "still broken, left disabled: couldn't fetch" in capsys.readouterr().err
    assert run(config, "feeds", "list") == 0
    assert "disabled since" in capsys.readouterr().out

    local.write_bytes(sample.read_bytes())
    assert run(config, "feeds", "resume", "local wire") == 0
    assert "Re-enabled 'Local wire': the test fetch found 3 entries." in capsys.readouterr().out
    assert run(config, "poll", "--once") == 0
    assert "Local wire: 0 new" in capsys.readouterr().out  # polled again; nothing duplicated
    assert run(config, "feeds", "list") == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if "Local wire" in ln)
    assert line.endswith("  ok")


def test_pause_and_resume_from_the_cli(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(config, "feeds", "pause", "sample default") == 0
    assert run(config, "feeds", "list") == 0
    assert "paused" in capsys.readouterr().out
    assert run(config, "poll", "--once") == 0
    assert "Sample default" not in capsys.readouterr().out
    assert run(config, "feeds", "resume", "Sample default") == 0
    assert "Resumed 'Sample default'." in capsys.readouterr().out
    assert run(config, "feeds", "pause", "no such feed") == 1
    assert "no feed 'no such feed'" in capsys.readouterr().err


def test_demo_keep_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    precious = tmp_path / "precious.db"
    precious.write_bytes(b"not yours")
    assert main(["demo", "--keep", str(precious)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert precious.read_bytes() == b"not yours"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://u:pw-secret@h/db", "unsupported database 'mysql'"),
        ("notaurl", "Could not parse"),
        ("postgresql://postgres:pw-secret@127.0.0.1:1/x", "Connect call failed"),
    ],
)
def test_unusable_database_is_one_clear_line(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    url: str,
    reason: str,
) -> None:
    monkeypatch.setenv("WIREWATCH_DATABASE_URL", url)
    assert run(config, "feeds", "list") == 2
    err = capsys.readouterr().err
    assert reason in err and "WIREWATCH_DATABASE_URL" in err
    assert "pw-secret" not in err and "Traceback" not in err


@pytest.mark.parametrize(("cap", "shown"), [(5, ": 3 (see"), (2, ": over 2 (see")])
def test_status_counts_fallback_articles_up_to_a_cap(
    config: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    cap: int,
    shown: str,
) -> None:
    import asyncio

    from bot.commands import status
    from bot.settings import load_settings
    from store import open_store
    from tests.store.factories import article, feed

    async def seed() -> None:
        store = await open_store(load_settings(config).database.url)
        feed_id = await feed(store, "wire")  # type: ignore[arg-type]
        for key in ("f1", "f2", "f3"):
            await store.add_article(
                article(feed_id, key, f"Story {key}", fallback_reason="timeout")
            )
        await store.close()

    asyncio.run(seed())
    monkeypatch.setattr(status, "FALLBACK_COUNT_CAP", cap)
    assert run(config, "status") == 0
    assert "Articles summarized by the rules fallback" + shown in capsys.readouterr().out
