"""The `openai.AsyncOpenAI` client for any OpenAI-compatible endpoint."""

from __future__ import annotations

import openai

from bot.settings import ConfigError, Settings

# Local servers (vLLM, Ollama, llama.cpp) ignore the key, but the client insists on one.
LOCAL_PLACEHOLDER_KEY = "unused-local-server"


def make_client(settings: Settings) -> openai.AsyncOpenAI:
    """Retries are ours (backoff, Retry-After, rules fallback), so the client's are off."""
    cfg = settings.summarizer
    if settings.openai_api_key is not None:
        key = settings.openai_api_key.get_secret_value()
    elif cfg.base_url:
        key = LOCAL_PLACEHOLDER_KEY
    else:
        raise ConfigError(
            "summarizer.backend = openai needs OPENAI_API_KEY in the environment "
            "(or summarizer.base_url / OPENAI_BASE_URL for a local server)"
        )
    return openai.AsyncOpenAI(
        api_key=key,
        base_url=cfg.base_url or None,
        timeout=cfg.timeout_seconds,
        max_retries=0,
    )


async def list_models(client: openai.AsyncOpenAI) -> list[str]:
    """Model ids the endpoint serves (GET /models): a cheap reachability check for status."""
    page = await client.models.list()
    return [m.id for m in page.data]
