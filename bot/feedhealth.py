"""Feed health as `/status` and `wirewatch status` report it: one rule for both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from store.base import FeedRecord


@dataclass(frozen=True)
class FeedHealth:
    total: int
    failing: list[FeedRecord]
    paused: list[FeedRecord]

    @property
    def healthy(self) -> int:
        # A feed both paused and failing is one unhealthy feed, not two.
        unhealthy = {f.id for f in self.failing} | {f.id for f in self.paused}
        return self.total - len(unhealthy)


def feed_health(feeds: Sequence[FeedRecord]) -> FeedHealth:
    return FeedHealth(
        total=len(feeds),
        failing=[f for f in feeds if f.last_error],
        paused=[f for f in feeds if f.paused],
    )


# -- disabling broken feeds (the rule only; the pipeline/CLI/cogs are not wired to it yet) --
@dataclass(frozen=True)
class DisablePolicy:
    """After ``failures`` consecutive failures spanning at least ``min_span``, a feed is
    disabled; HTTP 410 Gone disables at once (MonitoRSS's behaviour)."""

    failures: int = 10
    min_span: timedelta = timedelta(hours=24)


def failure_reason(status: int | None, error: str) -> str:
    """A failure's kind, as shown next to a disabled feed."""
    if status in (403, 404, 410):
        return {403: "HTTP 403 Forbidden", 404: "HTTP 404 Not Found", 410: "HTTP 410 Gone"}[status]
    if status is not None and status >= 400:
        return f"HTTP {status}"
    text = error.casefold()
    for needle, reason in _REASONS:
        if needle in text:
            return reason
    return "error"


_REASONS = [
    ("answered html", "not a feed"),
    ("not a feed", "not a feed"),
    ("ssl", "TLS"),
    ("certificate", "TLS"),
    ("larger than", "too large"),
    ("timed out", "timeout"),
    ("name or service", "DNS"),
    ("dns", "DNS"),
]


def should_disable(
    policy: DisablePolicy,
    status: int | None,
    failures: int,
    first_failure_at: datetime | None,
    now: datetime,
) -> bool:
    """``failures`` counts this one; ``first_failure_at`` is when the run of failures began."""
    if status == 410:
        return True
    if failures < policy.failures or first_failure_at is None:
        return False
    return now - first_failure_at >= policy.min_span
