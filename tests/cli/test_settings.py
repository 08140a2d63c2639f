"""Settings: file values, WIREWATCH_* overrides, clear errors, secrets kept out of reprs."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import ConfigError, load_settings


def test_shipped_config_loads() -> None:
    s = load_settings(env={})
    assert s.summarizer.backend == "rules"
    assert s.feeds() and all(f.url.startswith("https://") for f in s.feeds())
    assert "ukraine-war" in s.topics()


def test_env_overrides_typed_values() -> None:
    s = load_settings(
        env={
            "WIREWATCH_DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1/test",
            "WIREWATCH_POLL_INTERVAL_MINUTES": "2.5",
            "WIREWATCH_POLL_FETCH_FULL_TEXT": "true",
            "OPENAI_BASE_URL": "http://127.0.0.1:9999/v1",
        }
    )
    assert s.database.url.startswith("postgresql+asyncpg://")
    assert s.poll.interval_minutes == 2.5 and s.poll.fetch_full_text is True
    assert s.summarizer.base_url == "http://127.0.0.1:9999/v1"


def test_secrets_only_from_env_and_never_shown() -> None:
    s = load_settings(env={"DISCORD_TOKEN": "tok-secret-123", "OPENAI_API_KEY": "sk-secret-456"})
    assert s.discord_token is not None and s.discord_token.get_secret_value() == "tok-secret-123"
    assert "tok-secret-123" not in repr(s) and "sk-secret-456" not in repr(s)
    assert "secret" not in s.model_dump_json()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[poll]\nconcurrency = 0\n", "poll.concurrency"),
        ("[digest]\nmax_stories = 0\n", "digest.max_stories"),
        ("[poll\n", "invalid TOML"),
    ],
)
def test_errors_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text)
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        load_settings(cfg, env={})


def test_bad_feeds_file(tmp_path: Path) -> None:
    (tmp_path / "feeds.toml").write_text('[[feed]]\nname = "x"\n')
    (tmp_path / "c.toml").write_text('feeds_file = "feeds.toml"\n')
    s = load_settings(tmp_path / "c.toml", env={})
    with pytest.raises(ConfigError, match=r"feed\[0\]\.url"):
        s.feeds()


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('[[feeds]]\nurl = "https://a.example/rss"\n', r"line 1: unknown table or key 'feeds'"),
        ('# c\n\n[[feed]]\nurl = "a.xml"\n\n[[feedz]]\nurl = "b.xml"\n', r"line 6: .*'feedz'"),
        ('feed_url = "https://a.example/rss"\n', r"line 1: unknown table or key 'feed_url'"),
        ('[[feed]]\nurl = "a.xml"\ntopic = ["world"]\n', r"line 3: feed\[0\]\.topic: unknown key"),
        (
            '[[feed]]\nurl = "a.xml"\n\n[[feed]]\nurl = "b.xml"\nnmae = "B"\n',
            r"line 6: feed\[1\]\.nmae: unknown key \(known: name, url, topics\)",
        ),
        ('feed = "a.xml"\n', r"feed: must be \[\[feed\]\] tables"),
    ],
)
def test_feeds_file_mistakes_name_file_line_and_key(tmp_path: Path, text: str, needle: str) -> None:
    (tmp_path / "feeds.toml").write_text(text)
    (tmp_path / "c.toml").write_text('feeds_file = "feeds.toml"\n')
    s = load_settings(tmp_path / "c.toml", env={})
    with pytest.raises(ConfigError, match=needle) as caught:
        s.feeds()
    assert str(tmp_path / "feeds.toml") in str(caught.value)


def test_misspelt_feeds_table_is_a_configuration_error_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    (tmp_path / "feeds.toml").write_text('[[feeds]]\nurl = "https://a.example/rss"\n')
    (tmp_path / "c.toml").write_text(
        f'feeds_file = "feeds.toml"\n[database]\nurl = "sqlite:///{tmp_path / "w.db"}"\n'
    )
    assert main(["--config", str(tmp_path / "c.toml"), "feeds", "list"]) == 2
    err = capsys.readouterr().err
    assert "configuration error" in err and "line 1" in err and "'feeds'" in err
