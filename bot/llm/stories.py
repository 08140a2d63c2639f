"""Story summaries through the OpenAI backend: a story of three or more outlets gets one to
three sentences written from its articles' summaries.

Shares the article backend's client, settings, ledger, concurrency limit, backoff and
structured-output detection (`OpenAIBackend.story_summary` delegates here). Never raises:
every failure is `None`, and the caller keeps the rules pick (`bot.digest.central_lead`).

* Cached per story version (and the exact inputs): the same version asked twice costs one
  request. An answer failing grounding is cached as such too (asking again would spend the
  budget on the same answer); transient failures (budget, rate limits, timeouts) are not.
* Within the daily token budget, counted in the same ledger as article summaries.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from bot.digest import STORY_SUMMARY_OUTLETS
from bot.llm.retry import GaveUp
from store.base import StoryRecord
from summarizer.llm import (
    STORY_SCHEMA_NAME,
    StoryInput,
    backend_name,
    build_story_messages,
    count_tokens,
    parse_story,
    response_format,
    story_cache_key,
    story_schema,
    truncate_to_tokens,
    ungrounded,
)
from summarizer.models import Summary

if TYPE_CHECKING:
    from bot.llm.backend import OpenAIBackend

log = logging.getLogger(__name__)

STORY_MAX_OUTPUT_TOKENS = 300  # three sentences
MAX_STORY_INPUTS = 8  # outlets shown to the model: more adds cost, not coverage
MAX_INPUT_SUMMARY_TOKENS = 250  # per article summary (a rules summary can run long)
UNGROUNDED = "ungrounded"  # fallback_reason prefix of a cached answer that failed grounding


def story_inputs(record: StoryRecord, limit: int = MAX_STORY_INPUTS) -> list[StoryInput]:
    """One article per outlet, the lead's outlet first, then in the order they carried the
    story; articles without a summary are skipped."""
    lead = record.lead
    ordered = [lead, *(a for a in record.articles if a.id != lead.id)]
    chosen: dict[str, StoryInput] = {}
    for a in ordered:
        outlet = a.source or "unknown source"
        text = a.summary.summary.strip()
        if outlet in chosen or not text:
            continue
        chosen[outlet] = StoryInput(
            outlet=outlet,
            title=a.title or a.summary.title,
            summary=truncate_to_tokens(text, MAX_INPUT_SUMMARY_TOKENS),
        )
        if len(chosen) >= limit:
            break
    return list(chosen.values())


class StorySummarizer:
    def __init__(self, backend: OpenAIBackend) -> None:
        self.backend = backend

    async def __call__(self, record: StoryRecord, *, cached_only: bool = False) -> str | None:
        """The model's summary of the story, or None (the caller uses the rules pick).
        `cached_only`: never ask the model, only reuse an earlier answer."""
        try:
            return await self._summary(record, cached_only)
        except Exception:  # a digest must never fail over an optional summary
            log.exception("story %s: story summary failed", record.id)
            return None

    async def _summary(self, record: StoryRecord, cached_only: bool) -> str | None:
        inputs = story_inputs(record)
        if len({i.outlet for i in inputs}) < STORY_SUMMARY_OUTLETS:
            return None
        b = self.backend
        model = b.config.model
        inputs = self._within_input_budget(inputs)
        if len(inputs) < STORY_SUMMARY_OUTLETS:
            return None
        key = story_cache_key(record.id, record.version, model, inputs)
        cached = await self._cached(key)
        if cached is not None:
            return None if cached.fallback_reason else cached.summary
        if cached_only:
            return None
        try:
            await self._check_budget(inputs)
            text = await self._ask(record, inputs)
        except GaveUp as e:
            log.warning("story %s: rules pick kept: %s", record.id, e)
            return None
        missing = ungrounded(text, inputs)
        entry = Summary(
            id=f"story:{record.id}",
            title=record.lead.title,
            summary=text,
            backend=backend_name(model),
            fallback_reason=f"{UNGROUNDED}: {', '.join(missing)}" if missing else None,
        )
        try:
            await b.ledger.cache_summary(key, entry)
        except Exception:
            log.exception("could not cache the summary of story %s", record.id)
        if missing:
            log.warning(
                "story %s: summary names what its articles do not (%s); rules pick kept",
                record.id,
                ", ".join(missing),
            )
            return None
        return text

    def _within_input_budget(self, inputs: list[StoryInput]) -> list[StoryInput]:
        """Drop the last outlets until the prompt fits max_input_tokens."""
        limit = self.backend.config.max_input_tokens
        while len(inputs) > STORY_SUMMARY_OUTLETS and self._prompt_tokens(inputs) > limit:
            inputs = inputs[:-1]
        return inputs

    @staticmethod
    def _prompt_tokens(inputs: list[StoryInput]) -> int:
        return sum(count_tokens(m["content"]) for m in build_story_messages(inputs))

    async def _cached(self, key: str) -> Summary | None:
        try:
            return await self.backend.ledger.cached_summary(key)
        except Exception:
            log.exception("story summary cache lookup failed; asking the model")
            return None

    async def _check_budget(self, inputs: list[StoryInput]) -> None:
        b = self.backend
        usage = await b.ledger.token_usage(b.today())
        spent = usage.input_tokens + usage.output_tokens
        if spent + self._prompt_tokens(inputs) > b.config.daily_token_budget:
            raise GaveUp("daily token budget used up")

    async def _ask(self, record: StoryRecord, inputs: list[StoryInput]) -> str:
        schema = story_schema()

        async def attempt(structured: bool) -> str:
            return parse_story(await self._request(inputs, schema, structured))

        return await self.backend.with_retries(
            f"story {record.id}", attempt, lambda: self._check_budget(inputs)
        )

    async def _request(
        self, inputs: list[StoryInput], schema: dict[str, Any], structured: bool
    ) -> str | None:
        b = self.backend
        messages = build_story_messages(inputs, None if structured else schema)
        fmt = response_format(schema, STORY_SCHEMA_NAME) if structured else {"type": "json_object"}
        cap = min(b.config.max_output_tokens, STORY_MAX_OUTPUT_TOKENS)
        return await b.complete(messages, fmt, cap)
