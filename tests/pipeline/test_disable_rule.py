"""The rule that disables a broken feed, and how its failure is named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.feedhealth import DisablePolicy, disable_reason, failure_reason, feed_state, should_disable
from store.base import FeedRecord

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.mark.parametrize(
    ("status", "failures", "since", "disabled"),
    [
        (410, 1, NOW, True),  # Gone: at once
        (404, 10, NOW - DAY, True),
        (404, 9, NOW - 2 * DAY, False),  # not enough failures
        (None, 50, NOW - DAY + timedelta(minutes=1), False),  # not a day yet
        (None, 10, None, False),
        (500, 10, NOW - 3 * DAY, True),
    ],
)
def test_should_disable(
    status: int | None, failures: int, since: datetime | None, disabled: bool
) -> None:
    assert should_disable(DisablePolicy(), status, failures, since, NOW) is disabled


@pytest.mark.parametrize(
    ("status", "error", "reason"),
    [
        (403, "HTTP 403", "HTTP 403 Forbidden"),
        (404, "HTTP 404", "HTTP 404 Not Found"),
        (410, "HTTP 410", "HTTP 410 Gone"),
        (502, "HTTP 502", "HTTP 502"),
        (200, "answered HTML, not a feed", "not a feed"),
        (None, "not a valid feed: no RSS, Atom or JSON feed in the response", "not a feed"),
        (None, "SSL: CERTIFICATE_VERIFY_FAILED", "TLS"),
        (200, "response larger than 100 bytes", "too large"),
        (None, "timed out after 5s", "timeout"),
        (None, "network error: Name or service not known", "DNS"),
        (None, "something odd", "error"),
    ],
)
def test_failure_reason(status: int | None, error: str, reason: str) -> None:
    assert failure_reason(status, error) == reason


def _feed(**state: Any) -> FeedRecord:
    fields: dict[str, Any] = {"paused": False, **state}
    return FeedRecord(
        id=1, url="https://w.example/rss", name="W", topics=[], is_default=False, **fields
    )


@pytest.mark.parametrize(
    ("state", "shown"),
    [
        ({}, "ok"),
        ({"paused": True}, "paused"),
        (
            {"last_error": "HTTP 500", "error_count": 3, "failing_since": NOW},
            "failing since 2024-05-01 12:00 UTC (3×): HTTP 500",
        ),
        ({"last_error": "HTTP 500", "error_count": 1}, "failing (1×): HTTP 500"),
        (
            {"disabled_at": NOW, "disabled_reason": "HTTP 410 Gone", "last_error": "HTTP 410"},
            "disabled since 2024-05-01 12:00 UTC: HTTP 410 Gone (HTTP 410); fix it, then resume it",
        ),
        (
            {"disabled_at": NOW, "paused": True, "disabled_reason": "TLS"},
            "disabled since 2024-05-01 12:00 UTC: TLS (no detail); fix it, then resume it",
        ),
    ],
)
def test_feed_state(state: dict[str, object], shown: str) -> None:
    assert feed_state(_feed(**state)) == shown


@pytest.mark.parametrize(
    ("state", "status", "reason"),
    [
        ({}, 410, "HTTP 410 Gone"),  # the first failure, but Gone
        ({}, 404, None),  # the first failure
        ({"error_count": 9, "failing_since": NOW - DAY}, 404, "HTTP 404 Not Found"),  # the 10th
        ({"error_count": 9, "failing_since": NOW - DAY / 2}, 404, None),  # not a day yet
        ({"error_count": 9}, 404, None),  # no start known: the run starts now
    ],
)
def test_disable_reason(state: dict[str, object], status: int, reason: str | None) -> None:
    assert disable_reason(DisablePolicy(), _feed(**state), status, f"HTTP {status}", NOW) == reason
