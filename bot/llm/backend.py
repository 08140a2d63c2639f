"""The OpenAI backend: Article → Summary through any OpenAI-compatible chat endpoint.

Never loses an article: every failure ends, after bounded retries, in a rules summary marked
with `fallback_reason` (re-summarize those later with `wirewatch resummarize`). Cost control:
a cache keyed by the normalized text, model and prompt version; input cleaned and truncated to
a token budget; capped output; a daily token budget; a concurrency limit.

`story_summary` writes a story's summary from its articles' summaries (bot/llm/stories.py),
sharing this backend's client, cache, ledger, retries and concurrency limit.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar, cast

import openai
from openai.types.chat import ChatCompletionMessageParam
from openai.types.chat.completion_create_params import ResponseFormat

from bot.llm.retry import (
    Failure,
    GaveUp,
    Refused,
    about_response_format,
    backoff_delay,
    classify,
)
from bot.llm.stories import StorySummarizer
from bot.settings import SummarizerSettings
from store.base import StoryRecord, UsageStore
from summarizer.llm import (
    InvalidAnswer,
    Mode,
    build_messages,
    cache_key,
    clean_text,
    count_tokens,
    full_schema,
    full_summary,
    hybrid_schema,
    hybrid_summary,
    parse_full,
    parse_hybrid,
    response_format,
    restamp,
    truncate_to_tokens,
)
from summarizer.models import Article, Summary

log = logging.getLogger(__name__)
T = TypeVar("T")

HYBRID_MAX_OUTPUT_TOKENS = 300  # a few sentences; hybrid mode exists to be cheap


# The part of the store this backend needs (bot.llm.MemoryLedger stands in without one).
Ledger = UsageStore


def _today() -> date:
    return datetime.now(UTC).date()


class OpenAIBackend:
    def __init__(
        self,
        client: openai.AsyncOpenAI,
        config: SummarizerSettings,
        ledger: Ledger,
        rules: Callable[[Article], Awaitable[Summary]],
        *,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        max_retry_after: float = 60.0,
        today: Callable[[], date] = _today,
    ) -> None:
        self.client = client
        self.config = config
        self.ledger = ledger
        self.rules = rules
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        # A server asking us to wait longer than this gets the rules backend instead: one
        # article must not stall the pipeline for minutes.
        self.max_retry_after = max_retry_after
        self.today = today
        self.mode: Mode = config.mode
        self.structured = True  # json_schema until the server rejects it; then json_object
        self._sem = asyncio.Semaphore(config.concurrency)
        # OpenAI's newer models want max_completion_tokens; local servers know max_tokens.
        self._legacy_max_tokens = bool(config.base_url)
        self.stories = StorySummarizer(self)

    async def __call__(self, article: Article) -> Summary:
        return await self.summarize(article)

    async def story_summary(self, record: StoryRecord, *, cached_only: bool = False) -> str | None:
        """A story summary from the story's articles' summaries (three or more outlets), or
        None: the caller keeps the rules pick. See bot/llm/stories.py."""
        return await self.stories(record, cached_only=cached_only)

    async def aclose(self) -> None:
        await self.client.close()

    async def summarize(self, article: Article) -> Summary:
        model = self.config.model
        text = truncate_to_tokens(
            clean_text(article.text, article.title), self.config.max_input_tokens
        )
        day = article.published.date().isoformat() if article.published else None
        key = cache_key(article.title, text, day, model, self.mode)
        cached = await self._cached(key)
        if cached is not None:
            return restamp(cached, article)

        rules = await self.rules(article) if self.mode == "hybrid" else None
        schema = full_schema() if self.mode == "full" else hybrid_schema()
        try:
            await self._check_budget(article, text, schema)
            summary = await self._ask(article, text, schema, rules)
        except GaveUp as e:
            return await self._fallback(article, rules, f"openai: {e}")
        try:
            await self.ledger.cache_summary(key, summary)
        except Exception:  # a cache write failing must not lose the summary
            log.exception("could not cache the summary of %s", article.id)
        return summary

    async def _check_budget(self, article: Article, text: str, schema: dict[str, Any]) -> None:
        """Raise GaveUp when this request would take the day past the token budget."""
        system = build_messages(article, text, self.mode, schema)[0]["content"]
        usage = await self.ledger.token_usage(self.today())
        spent = usage.input_tokens + usage.output_tokens
        if spent + count_tokens(system) + count_tokens(text) > self.config.daily_token_budget:
            raise GaveUp("daily token budget used up")

    async def _cached(self, key: str) -> Summary | None:
        try:
            return await self.ledger.cached_summary(key)
        except Exception:
            log.exception("summary cache lookup failed; asking the model")
            return None

    async def _fallback(self, article: Article, rules: Summary | None, reason: str) -> Summary:
        log.warning("article %s summarized by rules: %s", article.id, reason)
        base = rules if rules is not None else await self.rules(article)
        return base.model_copy(update={"fallback_reason": reason})

    async def _ask(
        self, article: Article, text: str, schema: dict[str, Any], rules: Summary | None
    ) -> Summary:
        async def attempt(structured: bool) -> Summary:
            content = await self._request(article, text, schema, structured)
            if rules is not None:
                return hybrid_summary(rules, parse_hybrid(content), self.config.model)
            return full_summary(article, parse_full(content), self.config.model)

        return await self.with_retries(
            str(article.id), attempt, lambda: self._check_budget(article, text, schema)
        )

    async def with_retries(
        self,
        what: str,
        attempt: Callable[[bool], Awaitable[T]],
        check_budget: Callable[[], Awaitable[None]],
    ) -> T:
        """`attempt(structured)` under the concurrency limit, retried with backoff until it
        returns; raises GaveUp when a failure is final or the retries are spent. Article and
        story summaries both go through here."""
        retries = 0
        async with self._sem:
            while True:
                if retries:  # others may have spent the day's budget while this one waited
                    await check_budget()
                structured = self.structured
                try:
                    return await attempt(structured)
                except (openai.BadRequestError, openai.UnprocessableEntityError) as e:
                    if structured and about_response_format(e):
                        # No structured output on this endpoint: plain JSON mode from now on.
                        # Other 400s (context too long, a bad parameter) must not switch it off.
                        log.info(
                            "endpoint rejected json_schema (HTTP %s); using json_object",
                            e.status_code,
                        )
                        self.structured = False
                        continue
                    failure = classify(e)
                except (openai.OpenAIError, InvalidAnswer, Refused) as e:
                    failure = classify(e)
                await self._wait_or_give_up(what, failure, retries)
                retries += 1

    async def _wait_or_give_up(self, what: str, failure: Failure, retries: int) -> None:
        if not failure.retry:
            raise GaveUp(failure.kind)
        if retries >= self.config.max_retries:
            plural = "retry" if retries == 1 else "retries"
            raise GaveUp(f"{failure.kind} after {retries} {plural}" if retries else failure.kind)
        if failure.retry_after is not None and failure.retry_after > self.max_retry_after:
            raise GaveUp(f"{failure.kind}, asked to wait {failure.retry_after:.0f}s")
        delay = backoff_delay(retries, self.backoff_base, self.backoff_cap, failure.retry_after)
        log.warning("openai summary of %s: %s; retry in %.2fs", what, failure.kind, delay)
        await asyncio.sleep(delay)

    async def _request(
        self, article: Article, text: str, schema: dict[str, Any], structured: bool
    ) -> str | None:
        messages = build_messages(article, text, self.mode, None if structured else schema)
        fmt = response_format(schema) if structured else {"type": "json_object"}
        cap = self.config.max_output_tokens
        if self.mode == "hybrid":
            cap = min(cap, HYBRID_MAX_OUTPUT_TOKENS)
        return await self.complete(messages, fmt, cap)

    async def complete(
        self, messages: list[dict[str, str]], fmt: dict[str, Any], cap: int
    ) -> str | None:
        """One chat completion: the answer's text, with its tokens counted in the ledger.

        Raises Refused for a refusal and InvalidAnswer for an answer cut at the token cap; the
        callers (article and story summaries) classify and retry every other failure."""
        completion = await self.client.chat.completions.create(
            model=self.config.model,
            messages=cast(list[ChatCompletionMessageParam], messages),  # plain dicts of that shape
            temperature=0,
            response_format=cast(ResponseFormat, fmt),
            timeout=self.config.timeout_seconds,
            max_tokens=cap if self._legacy_max_tokens else openai.omit,
            max_completion_tokens=openai.omit if self._legacy_max_tokens else cap,
        )
        choice = completion.choices[0] if completion.choices else None
        content = choice.message.content if choice else None
        if completion.usage is not None:
            used_in, used_out = completion.usage.prompt_tokens, completion.usage.completion_tokens
        else:  # some local servers report no usage: estimate, so the budget still holds
            used_in = sum(count_tokens(m["content"]) for m in messages)
            used_out = count_tokens(content or "")
        await self.ledger.add_token_usage(self.today(), used_in, used_out)
        if choice is not None and choice.message.refusal:
            raise Refused()
        if choice is not None and choice.finish_reason == "length":
            raise InvalidAnswer("malformed JSON", "answer cut off at the output token cap")
        return content
