"""An in-process cache and token ledger, for when no store is given (e.g. one-off CLI runs)."""

from __future__ import annotations

from datetime import date

from store.base import TokenUsage
from summarizer.models import Summary


class MemoryLedger:
    """The Store methods the OpenAI backend uses, kept in memory."""

    def __init__(self) -> None:
        self.summaries: dict[str, Summary] = {}
        self.usage: dict[date, TokenUsage] = {}

    async def cached_summary(self, key: str) -> Summary | None:
        return self.summaries.get(key)

    async def cache_summary(self, key: str, summary: Summary) -> None:
        self.summaries[key] = summary

    async def add_token_usage(self, day: date, input_tokens: int, output_tokens: int) -> None:
        old = self.usage.get(day, TokenUsage(day=day))
        self.usage[day] = TokenUsage(
            day=day,
            input_tokens=old.input_tokens + input_tokens,
            output_tokens=old.output_tokens + output_tokens,
            requests=old.requests + 1,
        )

    async def token_usage(self, day: date) -> TokenUsage:
        return self.usage.get(day, TokenUsage(day=day))
