"""Choose the summarizer backend for this installation (the pipeline and CLI call this).

`Summarize` is the one seam between the pipeline and the backends: an async callable
Article → Summary. The rules backend is pure CPU work; it runs in a worker thread, or in the
process pool of bot/cpu.py, so a long article never stalls the Discord gateway heartbeat.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import summarizer
from bot.cpu import THREADS, CpuPool
from bot.settings import ConfigError, Settings
from store.base import UsageStore
from summarizer.models import Article, Summary

Summarize = Callable[[Article], Awaitable[Summary]]


def _rules_on(cpu: CpuPool) -> Summarize:
    async def summarize(article: Article) -> Summary:
        return await cpu.run(summarizer.summarize, article)

    return summarize


summarize_rules = _rules_on(THREADS)  # threads of this process: CLI commands, tests


def rules_in(cpu: CpuPool) -> Summarize:
    """The rules backend running where `cpu` runs CPU work (threads or a process pool);
    without workers it is `summarize_rules` itself."""
    return summarize_rules if cpu.workers == 0 else _rules_on(cpu)


def build_summarizer(
    settings: Settings,
    store: UsageStore | None,
    backend: str | None = None,
    cpu: CpuPool = THREADS,
) -> Summarize:
    """The configured backend (or `backend` when given: "rules" | "openai").

    The OpenAI backend caches summaries and counts tokens in `store`; without one (a one-off
    CLI run) it keeps both in memory for the life of the process. Raises ConfigError when
    "openai" is chosen without OPENAI_API_KEY or a base_url."""
    chosen = backend or settings.summarizer.backend
    if chosen == "rules":
        return rules_in(cpu)
    if chosen == "openai":
        from bot.llm import MemoryLedger, OpenAIBackend, make_client  # openai: slow import

        ledger = store if store is not None else MemoryLedger()
        return OpenAIBackend(make_client(settings), settings.summarizer, ledger, rules_in(cpu))
    raise ConfigError(f"summarizer.backend: unknown backend {chosen!r} (rules or openai)")
