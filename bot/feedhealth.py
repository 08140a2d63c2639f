"""Feed health: what `/status`, `/feeds list` and the CLI report, and when a broken feed is
disabled. One owner for each rule; the pipeline, the CLI and the cogs all call these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from store.base import FeedRecord


@dataclass(frozen=True)
class FeedHealth:
    total: int
    failing: list[FeedRecord]  # failing but still polled (backing off)
    paused: list[FeedRecord]
    disabled: list[FeedRecord] = field(default_factory=list)

    @property
    def healthy(self) -> int:
        # A feed both paused and failing is one unhealthy feed, not two.
        unhealthy = {f.id for f in self.failing + self.paused + self.disabled}
        return self.total - len(unhealthy)


def feed_health(feeds: Sequence[FeedRecord]) -> FeedHealth:
    return FeedHealth(
        total=len(feeds),
        failing=[f for f in feeds if f.last_error and not f.disabled],
        paused=[f for f in feeds if f.paused],
        disabled=[f for f in feeds if f.disabled],
    )


def _utc(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


def feed_state(feed: FeedRecord) -> str:
    """One line of plain text: how the feed is doing, as every listing shows it."""
    if feed.disabled_at is not None:
        return (
            f"disabled since {_utc(feed.disabled_at)}: {feed.disabled_reason or 'error'}"
            f" ({feed.last_error or 'no detail'}); fix it, then resume it"
        )
    if feed.paused:
        return "paused"
    if feed.last_error:
        since = f" since {_utc(feed.failing_since)}" if feed.failing_since else ""
        return f"failing{since} ({feed.error_count}×): {feed.last_error}"
    return "ok"


# -- disabling broken feeds ---------------------------------------------------------------
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
    ("not a valid feed", "not a feed"),
    ("ssl", "TLS"),
    ("certificate", "TLS"),
    ("larger than", "too large"),
    ("timed out", "timeout"),
    ("name or service", "DNS"),
    ("dns", "DNS"),
    ("file not found", "file not found"),
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


def disable_reason(
    policy: DisablePolicy, feed: FeedRecord, status: int | None, error: str, now: datetime
) -> str | None:
    """The reason to disable `feed` on this failure, or None to keep polling it (backing
    off). ``feed`` is the record as it was before this poll."""
    failures = feed.error_count + 1
    since = feed.failing_since or now
    if should_disable(policy, status, failures, since, now):
        return failure_reason(status, error)
    return None
