"""Retry-After, the one reading the feed fetcher and the OpenAI retries share."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from feeds.retry_after import parse_retry_after

NOW = datetime(2024, 3, 6, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("30", 30.0),
        (" 30 ", 30.0),
        ("0", 0.0),
        ("1.5", 1.5),  # decimal seconds, as some APIs send
        ("Wed, 06 Mar 2024 12:01:30 GMT", 90.0),
        ("Wed, 06 Mar 2024 11:00:00 GMT", 0.0),  # in the past: no wait
        ("-5", None),
        ("nan", None),
        ("inf", None),
        ("soon", None),
        ("", None),
        ("  ", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == seconds
