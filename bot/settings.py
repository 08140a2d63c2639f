"""Configuration: config/wirewatch.toml, overridden by WIREWATCH_<SECTION>_<KEY> variables.

Secrets never live in files: DISCORD_TOKEN and OPENAI_API_KEY come only from the environment
and are held as SecretStr so they never show up in a repr or a log line.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError

from bot.feedhealth import DisablePolicy
from feeds.models import FetchLimits, ParseLimits
from store.base import FeedSpec
from stories.decide import Params


def _find_config_dir() -> Path:
    """The shipped config/: beside the packages in a checkout, else in the working directory
    (a non-editable install, e.g. the Docker image, runs from the project directory)."""
    beside = Path(__file__).resolve().parent.parent / "config"
    return beside if beside.is_dir() else Path.cwd() / "config"


REPO_CONFIG = _find_config_dir()
DEFAULT_CONFIG = REPO_CONFIG / "wirewatch.toml"
ENV_PREFIX = "WIREWATCH_"


class ConfigError(Exception):
    """A configuration problem, worded for the user (names the key and what is wrong)."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PollSettings(_Section):
    interval_minutes: float = Field(15, gt=0)
    max_backoff_minutes: float = Field(360, gt=0)
    concurrency: int = Field(4, ge=1, le=64)
    # Processes that parse feeds, summarize and compute story vectors (bot/cpu.py); 0: threads
    # of this process. A large instance sets it to its core count.
    workers: int = Field(0, ge=0, le=64)
    # Several pollers (PostgreSQL): a poller that dies holds its claimed feeds this long
    # before another may poll them (a live one renews its leases), and each poller looks for
    # due feeds this often.
    lease_seconds: float = Field(120, ge=1)
    check_seconds: float = Field(60, ge=0.1)
    # At most this many new entries of one feed are announced per poll (no floods).
    max_new_per_poll: int = Field(20, ge=1)
    fetch_full_text: bool = False
    # A feed failing this many polls in a row, over at least this many hours, is disabled
    # (HTTP 410 Gone at once) until someone resumes it; see bot/feedhealth.py.
    disable_after_failures: int = Field(10, ge=1)
    disable_after_hours: float = Field(24, ge=0)
    # A feed's first entries read per poll, and the text kept per entry: a runaway feed
    # (100,000 entries, a 10 MB article) costs no more than an ordinary one.
    max_entries_per_poll: int = Field(500, ge=1)
    max_entry_chars: int = Field(200_000, ge=1000)

    def parse_limits(self) -> ParseLimits:
        return ParseLimits(
            max_entries=self.max_entries_per_poll, max_text_chars=self.max_entry_chars
        )

    def disable_policy(self) -> DisablePolicy:
        return DisablePolicy(
            failures=self.disable_after_failures,
            min_span=timedelta(hours=self.disable_after_hours),
        )


class FetchSettings(_Section):
    timeout_seconds: float = Field(20, gt=0)
    max_bytes: int = Field(5 * 1024 * 1024, gt=0)
    max_redirects: int = Field(5, ge=0)
    user_agent: str = (
        "wirewatch/0.1 (geopolitics feed reader; +https://github.com/wirewatch/wirewatch)"
    )

    def limits(self) -> FetchLimits:
        return FetchLimits(
            timeout_s=self.timeout_seconds,
            max_bytes=self.max_bytes,
            max_redirects=self.max_redirects,
            user_agent=self.user_agent,
        )


class DigestSettings(_Section):
    # The schedule `/subscribe` uses when none is given.
    schedule: str = "daily 08:00"
    # The window of `wirewatch digest` and `/digest` when no --since/since is given.
    since_hours: float = Field(24, gt=0)
    # Stories a digest shows, newest first (a Discord digest adds "+N more" beyond).
    max_stories: int = Field(30, ge=1, le=50)
    # Several bots (PostgreSQL): a bot that dies mid-post holds its subscriptions this long
    # before another bot may resume them (a live one renews its leases).
    lease_seconds: float = Field(60, ge=1)
    # `wirewatch run` looks for due windows this often (and a few seconds after a new story).
    check_seconds: float = Field(60, ge=0.1)


class SummarizerSettings(_Section):
    backend: Literal["rules", "openai"] = "rules"
    # full: the model gives everything; hybrid: rules give actors/quotes/dates, the model only
    # the abstractive summary (cheapest).
    mode: Literal["full", "hybrid"] = "full"
    model: str = "gpt-4o-mini"
    base_url: str | None = None
    max_input_tokens: int = Field(3000, ge=100)
    max_output_tokens: int = Field(800, ge=50)
    daily_token_budget: int = Field(500_000, ge=0)
    concurrency: int = Field(2, ge=1)
    max_retries: int = Field(3, ge=0)
    timeout_seconds: float = Field(30, gt=0)


class DatabaseSettings(_Section):
    url: str = "sqlite+aiosqlite:///./data/wirewatch.db"
    # Articles stored longer ago than this are pruned daily by `wirewatch run` (and by
    # `wirewatch prune`); 0 keeps them forever. At most ten years, like a --older-than.
    retention_days: int = Field(0, ge=0, le=3650)


class StoriesSettings(_Section):
    # An article joins only stories whose articles were published within this many hours.
    window_hours: float = Field(72, gt=0, le=24 * 30)

    def params(self) -> Params:
        return Params(window=timedelta(hours=self.window_hours))


class DiscordSettings(_Section):
    api_base: str = "https://discord.com/api/v10"
    # /feeds add refuses URLs resolving to loopback/private addresses unless this is on.
    allow_private_feeds: bool = False


class Settings(_Section):
    poll: PollSettings = PollSettings()
    fetch: FetchSettings = FetchSettings()
    digest: DigestSettings = DigestSettings()
    summarizer: SummarizerSettings = SummarizerSettings()
    database: DatabaseSettings = DatabaseSettings()
    discord: DiscordSettings = DiscordSettings()
    stories: StoriesSettings = StoriesSettings()
    feeds_file: str = "feeds.toml"
    topics_file: str = "topics.toml"

    # Resolved at load time; not settable from the file.
    config_dir: Path = Field(default=REPO_CONFIG, exclude=True)
    discord_token: SecretStr | None = Field(default=None, exclude=True)
    openai_api_key: SecretStr | None = Field(default=None, exclude=True)

    def feeds(self) -> list[FeedSpec]:
        return load_feeds(self.config_dir / self.feeds_file)

    def topics(self) -> dict[str, list[str]]:
        return load_topics(self.config_dir / self.topics_file)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: file not found") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: invalid TOML: {e}") from e


def _coerce(raw: str) -> Any:
    """Env values are strings; TOML-parse them so numbers and booleans keep their type."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _env_overrides(data: dict[str, Any], env: Mapping[str, str]) -> None:
    for section, model in Settings.model_fields.items():
        sub = model.annotation
        if isinstance(sub, type) and issubclass(sub, _Section):
            for key in sub.model_fields:
                name = f"{ENV_PREFIX}{section}_{key}".upper()
                if name in env:
                    data.setdefault(section, {})[key] = _coerce(env[name])
        elif model.exclude is not True:
            name = f"{ENV_PREFIX}{section}".upper()
            if name in env:
                data[section] = env[name]
    if "OPENAI_BASE_URL" in env and f"{ENV_PREFIX}SUMMARIZER_BASE_URL" not in env:
        data.setdefault("summarizer", {}).setdefault("base_url", env["OPENAI_BASE_URL"])


def _describe(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        key = ".".join(str(p) for p in e["loc"])
        lines.append(f"{key}: {e['msg']}" + (f" (got {e['input']!r})" if "input" in e else ""))
    return "; ".join(lines)


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Load and validate settings. Raises ConfigError naming the key and the problem."""
    env = os.environ if env is None else env
    path = (
        Path(env.get(f"{ENV_PREFIX}CONFIG", ""))
        if path is None and env.get(f"{ENV_PREFIX}CONFIG")
        else path
    )
    path = path or DEFAULT_CONFIG
    data = _read_toml(path)
    _env_overrides(data, env)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as e:
        raise ConfigError(f"{path}: {_describe(e)}") from None
    token = env.get("DISCORD_TOKEN")
    key = env.get("OPENAI_API_KEY")
    return settings.model_copy(
        update={
            "config_dir": path.resolve().parent,
            "discord_token": SecretStr(token) if token else None,
            "openai_api_key": SecretStr(key) if key else None,
        }
    )


FEED_KEYS = ("name", "url", "topics")


def _line_of(text: str, pattern: str, start: int = 0) -> int:
    """1-based number of the first line at or after line `start` (0-based) matching
    `pattern`; tomllib keeps no positions, and an error should point at the line."""
    rx = re.compile(pattern)
    lines = text.splitlines()
    return next((n + 1 for n in range(start, len(lines)) if rx.match(lines[n])), start + 1)


def _check_feed_keys(path: Path, data: dict[str, Any]) -> None:
    """A misspelt table (`[[feeds]]`) or key would otherwise load zero feeds silently."""
    text = path.read_text(encoding="utf-8")
    for key in data:
        if key != "feed":
            line = _line_of(text, rf"\s*(\[\[?\s*{re.escape(key)}\s*\]|{re.escape(key)}\s*=)")
            raise ConfigError(
                f"{path}, line {line}: unknown table or key {key!r} (feeds are [[feed]] tables)"
            )
    if not isinstance(data.get("feed", []), list):
        raise ConfigError(f"{path}: feed: must be [[feed]] tables")
    for i, item in enumerate(data.get("feed", [])):
        for key in item if isinstance(item, dict) else ():
            if key not in FEED_KEYS:
                # Line numbers only for the error: finding every table's line was quadratic
                # in the number of feeds (a quarter second at a thousand).
                header = -1
                for _ in range(i + 1):
                    header = _line_of(text, r"\s*\[\[\s*feed\s*\]\]", header + 1) - 1
                line = _line_of(text, rf"\s*{re.escape(key)}\s*=", header)
                known = ", ".join(FEED_KEYS)
                raise ConfigError(
                    f"{path}, line {line}: feed[{i}].{key}: unknown key (known: {known})"
                )


def load_feeds(path: Path) -> list[FeedSpec]:
    data = _read_toml(path)
    _check_feed_keys(path, data)
    specs = []
    for i, item in enumerate(data.get("feed", [])):
        where = f"{path}: feed[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("url"), str) or not item["url"]:
            raise ConfigError(f"{where}.url: required, a URL or local path")
        topics = item.get("topics", [])
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            raise ConfigError(f"{where}.topics: must be a list of strings")
        url = item["url"]
        if "://" not in url:  # local paths are relative to the config file, for offline use
            url = str((path.parent / url).resolve())
        specs.append(
            FeedSpec(url=url, name=str(item.get("name") or url), topics=[t.lower() for t in topics])
        )
    return specs


def load_topics(path: Path) -> dict[str, list[str]]:
    """Topic name → keywords that put an article under it (matched on title/summary/actors)."""
    data = _read_toml(path)
    topics: dict[str, list[str]] = {}
    for name, spec in data.get("topics", {}).items():
        kws = spec.get("keywords", []) if isinstance(spec, dict) else spec
        if not isinstance(kws, list) or not all(isinstance(k, str) for k in kws):
            raise ConfigError(f"{path}: topics.{name}.keywords: must be a list of strings")
        topics[name.lower()] = kws
    return topics
