"""Story summaries with the OpenAI backend, through the real openai client against the fake
server: used for stories of three or more outlets, cached per story version, within the daily
budget, grounded; every failure leaves the rules pick (`central_lead`)."""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.commands import digest as digest_cmd
from bot.digest import build_digest, central_lead, story_from_record
from bot.discord.digests import DigestPoster
from bot.discord.sender import Delivered, Edited
from bot.llm import MemoryLedger
from bot.settings import DatabaseSettings, Settings, SummarizerSettings
from store import open_store
from store.base import Store, StoryRecord
from tests.openai.conftest import BackendFactory
from tests.openai.fake_openai import (
    FakeOpenAI,
    answer,
    malformed,
    rate_limited,
    refusal,
    server_error,
    slow,
    system_message,
    user_message,
)
from tests.openai.stories import COVERAGE, GOOD_STORY_SUMMARY, story
from tests.store.factories import article, feed

TODAY = date(2023, 3, 20)


def rules_pick(record: StoryRecord) -> str:
    return central_lead(a.summary.summary for a in record.articles)


class DigestStore:
    """The one Store method build_digest reads, over fixed records."""

    def __init__(self, *records: StoryRecord) -> None:
        self.records = list(records)

    async def list_stories(self, **_: Any) -> list[StoryRecord]:
        return self.records


async def digest_summaries(store: Any, **kw: Any) -> list[str]:
    d = await build_digest(store, since=None, **kw)
    return [st.summary for g in d.groups for st in g.stories]


# -- the happy path --------------------------------------------------------------------------
async def test_three_outlet_story_gets_a_story_level_summary(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    fake.push(answer({"summary": GOOD_STORY_SUMMARY}))
    ledger = MemoryLedger()
    backend = make_backend(ledger, today=lambda: TODAY)
    record = story(outlets=3)

    assert await digest_summaries(DigestStore(record), story_summary=backend.story_summary) == [
        GOOD_STORY_SUMMARY
    ]
    assert fake.count == 1
    sent = fake.requests[0]
    assert sent["model"] == "test-model" and sent["temperature"] == 0
    assert sent["max_tokens"] <= 300
    fmt = sent["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "story_summary"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"]["required"] == ["summary"]
    user = user_message(sent)
    for outlet, title, text in COVERAGE[:3]:
        assert f"Outlet: {outlet}" in user and title in user and text in user
    assert user.count("<article>") == 3
    assert "untrusted" in system_message(sent)
    usage = await ledger.token_usage(TODAY)
    assert usage.requests == 1 and usage.input_tokens > 0 and usage.output_tokens > 0


async def test_two_outlet_story_asks_nothing_and_keeps_the_lead_summary(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    backend = make_backend()
    record = story(outlets=2)
    assert await backend.story_summary(record) is None
    assert await digest_summaries(DigestStore(record), story_summary=backend.story_summary) == [
        record.lead.summary.summary
    ]
    assert fake.count == 0


async def test_story_summary_cached_per_version(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    fake.default = answer({"summary": GOOD_STORY_SUMMARY})
    backend = make_backend()
    v1 = story(outlets=3, version=1)
    assert await backend.story_summary(v1) == GOOD_STORY_SUMMARY
    assert await backend.story_summary(v1) == GOOD_STORY_SUMMARY
    assert fake.count == 1  # the same version twice: one request
    v2 = replace(v1, version=2)
    assert await backend.story_summary(v2, cached_only=True) is None  # never asks
    assert fake.count == 1
    assert await backend.story_summary(v2) == GOOD_STORY_SUMMARY
    assert fake.count == 2  # a new version: a new request
    # the same version seen with other articles (a window's view of it) is asked anew
    fewer = replace(v2, articles=v2.articles[:3] + [story(outlets=4).articles[3]])
    assert await backend.story_summary(fewer) == GOOD_STORY_SUMMARY
    assert fake.count == 3


async def test_budget_exhausted_sends_no_request_and_keeps_the_rules_pick(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    ledger = MemoryLedger()
    await ledger.add_token_usage(TODAY, 9_990, 0)
    backend = make_backend(ledger, daily_token_budget=10_000, today=lambda: TODAY)
    record = story(outlets=3)
    assert await digest_summaries(DigestStore(record), story_summary=backend.story_summary) == [
        rules_pick(record)
    ]
    assert fake.count == 0
    # budget was not the answer: nothing cached, so tomorrow's run may still ask
    assert not ledger.summaries


@pytest.mark.parametrize(
    "bad",
    [malformed, refusal, server_error, lambda: slow(1.5), lambda: answer({"headline": "x"})],
    ids=["malformed", "refusal", "server-error", "timeout", "wrong-shape"],
)
async def test_persistent_failure_after_retries_keeps_the_rules_pick(
    fake: FakeOpenAI, make_backend: BackendFactory, bad: Any
) -> None:
    fake.push(*(bad() for _ in range(3)))
    backend = make_backend(max_retries=2, timeout_seconds=0.3)
    record = story(outlets=3)
    assert await digest_summaries(DigestStore(record), story_summary=backend.story_summary) == [
        rules_pick(record)
    ]
    assert fake.count == 3  # the first try and two retries


async def test_ungrounded_answer_keeps_the_rules_pick_and_is_not_asked_again(
    fake: FakeOpenAI, make_backend: BackendFactory, caplog: pytest.LogCaptureFixture
) -> None:
    invented = "Xi Jinping and Emmanuel Macron met in Moscow, where 40 agreements were signed."
    fake.default = answer({"summary": invented})
    backend = make_backend()
    record = story(outlets=3)
    assert await digest_summaries(DigestStore(record), story_summary=backend.story_summary) == [
        rules_pick(record)
    ]
    assert await backend.story_summary(record) is None
    assert fake.count == 1  # the verdict is cached with the version: no second request
    assert "Emmanuel" in caplog.text and "40" in caplog.text


async def test_rate_limited_then_success(fake: FakeOpenAI, make_backend: BackendFactory) -> None:
    fake.push(rate_limited("0"), answer({"summary": GOOD_STORY_SUMMARY}))
    backend = make_backend()
    assert await backend.story_summary(story(outlets=3)) == GOOD_STORY_SUMMARY
    assert fake.count == 2


async def test_json_object_servers_get_the_schema_in_the_prompt(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    fake.reject_json_schema = True
    fake.default = answer({"summary": GOOD_STORY_SUMMARY})
    backend = make_backend()
    assert await backend.story_summary(story(outlets=3)) == GOOD_STORY_SUMMARY
    last = fake.requests[-1]
    assert last["response_format"] == {"type": "json_object"}
    assert '"required": ["summary"]' in system_message(last)


async def test_a_long_answer_is_cut_to_three_sentences(
    fake: FakeOpenAI, make_backend: BackendFactory
) -> None:
    fake.push(answer({"summary": "Xi visited Moscow. Putin welcomed Xi. NATO objected. Xi left."}))
    got = await make_backend().story_summary(story(outlets=3))
    assert got == "Xi visited Moscow. Putin welcomed Xi. NATO objected."


async def test_story_from_record_with_a_summary_replaces_the_rules_pick() -> None:
    record = story(outlets=3)
    assert story_from_record(record).summary == rules_pick(record)
    assert story_from_record(record, summary="given").summary == "given"


# -- through a real SQLite store and the CLI ----------------------------------------------------
@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'wirewatch.db'}"


@pytest.fixture
async def store(db_url: str) -> AsyncIterator[Store]:
    s = await open_store(db_url)
    try:
        yield s
    finally:
        await s.close()


async def _seed(store: Any) -> None:
    """One story of three outlets (COVERAGE) and one of two outlets, each clustered."""
    shared = "Xi Jinping Moscow Putin Kremlin state visit talks"
    for outlet, _, text in COVERAGE[:3]:
        f = await feed(store, outlet)
        new = article(f, f"xi-{outlet}", title="Xi visits Moscow for talks with Putin", text=text)
        await store.add_article(replace(new, text=f"{shared}. {text}"))
    for outlet in ("Reuters", "BBC"):
        [f] = [x.id for x in await store.list_feeds() if x.name == outlet]
        await store.add_article(
            article(
                f,
                f"floods-{outlet}",
                title="Monsoon floods hit Dhaka",
                text=f"Floods in Dhaka displaced thousands, {outlet} reported.",
            )
        )


async def test_digest_over_the_store_summarizes_only_the_three_outlet_story(
    fake: FakeOpenAI, make_backend: BackendFactory, store: Any
) -> None:
    await _seed(store)
    fake.default = answer({"summary": GOOD_STORY_SUMMARY})
    backend = make_backend(store)  # the store is the cache and the ledger
    d = await build_digest(store, since=None, story_summary=backend.story_summary)
    by_outlets = {len(st.outlets): st for g in d.groups for st in g.stories}
    assert set(by_outlets) == {2, 3}
    assert by_outlets[3].summary == GOOD_STORY_SUMMARY
    assert by_outlets[2].summary != GOOD_STORY_SUMMARY
    assert fake.count == 1
    # cached in the store: a second digest (another process, same version) asks nothing
    again = make_backend(store)
    await build_digest(store, since=None, story_summary=again.story_summary)
    assert fake.count == 1
    assert (await store.token_usage(again.today())).requests == 1


def _settings(fake: FakeOpenAI, db_url: str, backend: str) -> Settings:
    return Settings(
        summarizer=SummarizerSettings(
            backend=backend, model="test-model", base_url=fake.base_url, timeout_seconds=1
        ),
        database=DatabaseSettings(url=db_url),
        feeds_file="feeds.toml",
    )


def _cli_digest_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    digest_cmd.register(parser.add_subparsers())
    return parser.parse_args(["digest", "--since", "3650d", "--format", "json"])


@pytest.mark.parametrize("backend", ["openai", "rules"])
async def test_cli_digest_uses_story_summaries_only_with_openai(
    fake: FakeOpenAI,
    db_url: str,
    backend: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    s = await open_store(db_url)
    try:
        await _seed(s)
    finally:
        await s.close()
    fake.default = answer({"summary": GOOD_STORY_SUMMARY})
    settings = _settings(fake, db_url, backend)
    args = _cli_digest_args()
    # the handler runs its own event loop (asyncio.run), so it gets a thread of its own
    assert await asyncio.to_thread(args.func, args, settings) == 0
    out = json.loads(capsys.readouterr().out)
    summaries = {len(st["outlets"]): st["summary"] for t in out["topics"] for st in t["stories"]}
    if backend == "openai":
        assert summaries[3] == GOOD_STORY_SUMMARY and fake.count == 1
    else:
        assert summaries[3] != GOOD_STORY_SUMMARY and fake.count == 0


# -- the Discord poster ---------------------------------------------------------------------------
class StubSender:
    """Stands in for bot.discord.sender.SendQueue: every message posts, every edit works."""

    def __init__(self) -> None:
        self.sent: list[Any] = []
        self.edits: list[Any] = []

    async def send(self, out: Any) -> Any:
        self.sent.append(out)
        return Delivered(message_ids=[1000 + len(self.sent) + i for i in range(len(out.messages))])

    async def edit(self, e: Any) -> Any:
        self.edits.append(e)
        return Edited()


async def test_instant_posts_and_their_edits_carry_the_story_summary(
    fake: FakeOpenAI, make_backend: BackendFactory, store: Any
) -> None:
    guild, channel = 42, 4201
    await store.ensure_guild(guild)
    await store.add_subscription(guild, channel, None, "instant")
    feeds = {}
    for outlet, _, _ in COVERAGE:
        feeds[outlet] = await feed(store, outlet, guild_id=guild)
    shared = "Xi Jinping Moscow Putin Kremlin state visit talks"
    for outlet, _, text in COVERAGE[:3]:
        new = article(feeds[outlet], f"xi-{outlet}", title="Xi visits Moscow", text=text)
        await store.add_article(replace(new, text=f"{shared}. {text}"))
    fake.default = answer({"summary": GOOD_STORY_SUMMARY})
    sender = StubSender()
    poster = DigestPoster(store, sender, story_summary=make_backend(store).story_summary)  # type: ignore[arg-type]
    poster.settle = timedelta(0)

    assert await poster.run_due(datetime.now(UTC) + timedelta(seconds=1)) == 1
    [out] = sender.sent
    assert out.messages[0][0].description == GOOD_STORY_SUMMARY
    assert fake.count == 1

    # a fourth outlet: a new version, edited in place with a summary asked anew
    outlet, _, text = COVERAGE[3]
    new = article(feeds[outlet], "xi-aj", title="Xi visits Moscow", text=text)
    await store.add_article(replace(new, text=f"{shared}. {text}"))
    await poster.run_due(datetime.now(UTC) + timedelta(seconds=2))
    assert len(sender.sent) == 1 and len(sender.edits) == 1
    assert sender.edits[0].embeds[0].description == GOOD_STORY_SUMMARY
    assert fake.count == 2
    assert "Al Jazeera" in user_message(fake.requests[-1])


async def test_poster_without_a_story_summarizer_uses_the_rules_pick(store: Any) -> None:
    guild, channel = 42, 4201
    await store.ensure_guild(guild)
    await store.add_subscription(guild, channel, None, "instant")
    shared = "Xi Jinping Moscow Putin Kremlin state visit talks"
    texts = []
    for outlet, _, text in COVERAGE[:3]:
        f = await feed(store, outlet, guild_id=guild)
        new = article(f, f"xi-{outlet}", title="Xi visits Moscow", text=text)
        await store.add_article(replace(new, text=f"{shared}. {text}"))
        texts.append(text)
    sender = StubSender()
    poster = DigestPoster(store, sender)  # type: ignore[arg-type]
    poster.settle = timedelta(0)
    assert await poster.run_due(datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert sender.sent[0].messages[0][0].description == central_lead(texts)


def test_the_rules_path_imports_no_openai() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.digest, bot.discord.digests, bot.commands.digest, bot.summarizing; "
        "print('openai' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
