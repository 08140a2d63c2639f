from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from pydantic import SecretStr

from bot.llm import MemoryLedger, OpenAIBackend, make_client
from bot.settings import Settings, SummarizerSettings
from summarizer.models import Article, Summary
from tests.openai.fake_openai import FakeOpenAI

API_KEY = "sk-test-0123456789-secret"


async def fake_rules(article: Article) -> Summary:
    """Stands in for the rules backend: recognisable, and cheap."""
    return Summary(
        id=article.id, title=article.title, summary=f"rules: {article.title}", backend="rules"
    )


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenAI]:
    async with FakeOpenAI() as server:
        yield server


BackendFactory = Callable[..., OpenAIBackend]


@pytest.fixture
async def make_backend(fake: FakeOpenAI) -> AsyncIterator[BackendFactory]:
    """An OpenAIBackend on the real client, pointed at the fake server, with tiny timeouts
    and backoff. Keyword arguments override SummarizerSettings fields or backend options."""

    def build(ledger: Any = None, **overrides: Any) -> OpenAIBackend:
        options = {
            k: overrides.pop(k)
            for k in ("backoff_base", "max_retry_after", "today")
            if k in overrides
        }
        fields: dict[str, Any] = {
            "backend": "openai",
            "model": "test-model",
            "base_url": fake.base_url,
            "timeout_seconds": 0.5,
            "max_retries": 2,
            **overrides,
        }
        config = SummarizerSettings(**fields)
        settings = Settings(summarizer=config, openai_api_key=SecretStr(API_KEY))
        backend = OpenAIBackend(
            make_client(settings),
            config,
            ledger if ledger is not None else MemoryLedger(),
            fake_rules,
            **{"backoff_base": 0.01, **options},
        )
        built.append(backend)
        return backend

    built: list[OpenAIBackend] = []
    yield build
    # Close the clients on this loop: left to the garbage collector they try after it closed.
    for backend in built:
        await backend.aclose()
