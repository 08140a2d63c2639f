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
