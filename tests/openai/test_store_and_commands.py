"""The OpenAI backend with the real SQLite store: persistent cache, token usage, resummarize,
and the wiring in bot.summarizing."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.commands import resummarize as resummarize_cmd
from bot.llm import OpenAIBackend
from bot.llm.client import LOCAL_PLACEHOLDER_KEY
from bot.settings import ConfigError, DatabaseSettings, Settings, SummarizerSettings
from bot.summarizing import build_summarizer, summarize_rules
from store import open_store
from store.base import FeedSpec, NewArticle, Store
from summarizer.models import Summary
from tests.openai.articles import ARTICLE, good_answer
from tests.openai.conftest import BackendFactory
from tests.openai.fake_openai import FakeOpenAI, answer, server_error


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


async def test_cache_survives_a_restart_through_the_store(
    fake: FakeOpenAI, make_backend: BackendFactory, store: Store
) -> None:
    fake.push(answer(good_answer()))
    first = await make_backend(store)(ARTICLE)
    again = await make_backend(store)(ARTICLE)  # a new process: a new backend, the same store
    assert fake.count == 1 and again == first


async def test_token_usage_lands_in_the_store(
    fake: FakeOpenAI, make_backend: BackendFactory, store: Store
) -> None:
    fake.push(answer(good_answer(), usage=(1234, 56)))
    await make_backend(store, today=lambda: date(2024, 6, 1))(ARTICLE)
    usage = await store.token_usage(date(2024, 6, 1))
    assert (usage.input_tokens, usage.output_tokens, usage.requests) == (1234, 56, 1)


async def _store_fallback_article(store: Store, dedupe_key: str, text: str) -> int:
    feed = await store.add_feed(
        FeedSpec(url=f"https://example.org/{dedupe_key}.xml", name=dedupe_key)
    )
    summary = Summary(
        id=dedupe_key,
        title=ARTICLE.title,
        summary="rules",
        fallback_reason="openai: timed out after 3 retries",
    )
    new = NewArticle(
        feed_id=feed.id,
        dedupe_key=dedupe_key,
        title=ARTICLE.title,
        url=f"https://example.org/articles/{dedupe_key}",  # distinct stories, distinct URLs
        published=datetime(2023, 3, 20, 9, 30, tzinfo=UTC),
        author=None,
        text=text,
        summary=summary,
        topics=[],
    )
    article_id = await store.add_article(new)
    assert article_id is not None
    return article_id


async def test_resummarize_replaces_fallback_summaries_that_now_succeed(
    fake: FakeOpenAI, make_backend: BackendFactory, store: Store
) -> None:
    ok_id = await _store_fallback_article(store, "ok", ARTICLE.text)
    bad_id = await _store_fallback_article(store, "bad", ARTICLE.text + " Another paragraph.")
    fake.push(answer(good_answer()), server_error())  # whichever is asked first succeeds
    backend = make_backend(store, max_retries=0)

    done, failed = await resummarize_cmd.resummarize(store, backend, limit=10)

    assert (done, failed) == (1, 1)
    remaining = {a.id for a in await store.fallback_articles(10)}
    fixed = ok_id if bad_id in remaining else bad_id
    assert remaining == {ok_id, bad_id} - {fixed}
    stored = await store.get_article(fixed)
    assert stored is not None and stored.summary.backend == "openai:test-model"
    assert stored.summary.fallback_reason is None and stored.summary.actors


async def test_resummarize_command_runs_end_to_end(fake: FakeOpenAI, db_url: str) -> None:
    s = await open_store(db_url)
    try:
        article_id = await _store_fallback_article(s, "one", ARTICLE.text)
    finally:
        await s.close()
    fake.default = answer(good_answer())
    settings = Settings(
        summarizer=SummarizerSettings(
            backend="rules", model="test-model", base_url=fake.base_url, timeout_seconds=1
        ),
        database=DatabaseSettings(url=db_url),
        feeds_file="feeds.toml",
    )
    parser = argparse.ArgumentParser()
    resummarize_cmd.register(parser.add_subparsers())
    args = parser.parse_args(["resummarize", "--limit", "5"])

    # the handler runs its own event loop (asyncio.run), so it gets a thread of its own
    assert await asyncio.to_thread(args.func, args, settings) == 0
    assert fake.count == 1 and fake.auth_headers[0] == f"Bearer {LOCAL_PLACEHOLDER_KEY}"
    s = await open_store(db_url)
    try:
        stored = await s.get_article(article_id)
        assert stored is not None and stored.summary.fallback_reason is None
        assert await s.fallback_articles(5) == []
    finally:
        await s.close()


def test_build_summarizer_chooses_the_backend(fake: FakeOpenAI) -> None:
    with_key = Settings(openai_api_key=SecretStr("sk-x"))
    assert build_summarizer(with_key, None) is summarize_rules
    assert isinstance(build_summarizer(with_key, None, "openai"), OpenAIBackend)
    local = Settings(summarizer=SummarizerSettings(backend="openai", base_url=fake.base_url))
    assert isinstance(build_summarizer(local, None), OpenAIBackend)


def test_openai_without_key_or_endpoint_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
        build_summarizer(Settings(summarizer=SummarizerSettings(backend="openai")), None)
