"""Which failures are worth retrying, and how long to wait before the next try."""

from __future__ import annotations

import random
from dataclasses import dataclass

import openai

from feeds.retry_after import parse_retry_after
from summarizer.llm import InvalidAnswer


@dataclass(frozen=True)
class Failure:
    """One failed attempt: `kind` is user-facing wording (never the server's message, which may
    echo part of the API key), `retry` whether another attempt may succeed."""

    kind: str
    retry: bool
    retry_after: float | None = None


class Refused(Exception):
    """The model declined to answer (message.refusal)."""


def retry_after_seconds(headers: object) -> float | None:
    """Seconds from `retry-after-ms` (OpenAI's) or `Retry-After` (seconds or an HTTP date)."""
    get = getattr(headers, "get", None)
    if get is None:
        return None
    ms = get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    return parse_retry_after(get("retry-after"))


def classify(exc: BaseException) -> Failure:
    if isinstance(exc, InvalidAnswer):
        return Failure(exc.kind, retry=True)
    if isinstance(exc, Refused):
        return Failure("model refused", retry=True)
    if isinstance(exc, openai.APITimeoutError):
        return Failure("timed out", retry=True)
    if isinstance(exc, openai.APIConnectionError):
        return Failure("connection failed", retry=True)
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        wait = retry_after_seconds(exc.response.headers)
        if status == 429:
            body = exc.body if isinstance(exc.body, dict) else {}
            if body.get("code") == "insufficient_quota":  # billing, not load: waiting won't help
                return Failure("quota exhausted (HTTP 429)", retry=False)
            return Failure("rate limited", retry=True, retry_after=wait)
        if status >= 500 or status in (408, 409):
            return Failure(f"server error (HTTP {status})", retry=True, retry_after=wait)
        if status in (401, 403):
            return Failure(f"authentication failed (HTTP {status})", retry=False)
        if status == 404:
            return Failure("model or endpoint not found (HTTP 404)", retry=False)
        return Failure(f"request rejected (HTTP {status})", retry=False)
    return Failure(f"unexpected error ({type(exc).__name__})", retry=False)


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Exponential backoff with jitter (attempt 0 waits ≈base); the server's Retry-After wins."""
    if retry_after is not None:
        return retry_after
    return min(cap, base * 2**attempt) * random.uniform(0.8, 1.2)


def about_response_format(e: openai.APIStatusError) -> bool:
    """Whether a 400/422 complains about response_format/json_schema (no structured output)."""
    text = str(e).lower()
    return any(word in text for word in ("response_format", "json_schema", "structured"))


class GaveUp(Exception):
    """No model answer this time (budget, retries spent, a refusal…): the message says why;
    the caller falls back to the rules backend."""
