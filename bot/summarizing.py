"""Choose the summarizer backend for this installation (the pipeline and CLI call this).

`Summarize` is the one seam between the pipeline and the backends: an async callable
Article → Summary. The rules backend is pure CPU work; it runs in a worker thread so a long
article never stalls the Discord gateway heartbeat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import summarizer
from bot.settings import Settings
from store.base import Store
from summarizer.models import Article, Summary

Summarize = Callable[[Article], Awaitable[Summary]]


async def summarize_rules(article: Article) -> Summary:
    return await asyncio.to_thread(summarizer.summarize, article)


def build_summarizer(settings: Settings, store: Store | None, backend: str | None = None) -> Summarize:
    """The configured backend (or `backend` when given: "rules" | "openai")."""
    chosen = backend or settings.summarizer.backend
    if chosen == "rules":
        return summarize_rules
    raise NotImplementedError(f"summarizer backend {chosen!r} is not available yet")
