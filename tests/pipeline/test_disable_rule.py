"""The rule that disables a broken feed, and how its failure is named."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.feedhealth import DisablePolicy, failure_reason, should_disable

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
        (None, "SSL: CERTIFICATE_VERIFY_FAILED", "TLS"),
        (200, "response larger than 100 bytes", "too large"),
        (None, "timed out after 5s", "timeout"),
        (None, "network error: Name or service not known", "DNS"),
        (None, "something odd", "error"),
    ],
)
def test_failure_reason(status: int | None, error: str, reason: str) -> None:
    assert failure_reason(status, error) == reason
