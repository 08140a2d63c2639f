"""Schedules and the digest window due at a moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.discord.schedule import due_window, parse_schedule


@pytest.mark.parametrize(
    "text, canonical",
    [
        ("daily 8:05", "daily 08:05"),
        ("Every 6h", "every 6h"),
        ("every 12 hours", "every 12h"),
        ("instant", "instant"),
    ],
)
def test_parse_schedule(text: str, canonical: str) -> None:
    assert str(parse_schedule(text)) == canonical


@pytest.mark.parametrize("text", ["daily 25:00", "weekly", "every 0h", "every 500h", ""])
def test_parse_schedule_rejects_with_help(text: str) -> None:
    with pytest.raises(ValueError, match="daily HH:MM"):
        parse_schedule(text)


def test_daily_window_follows_the_guild_timezone() -> None:
    s = parse_schedule("daily 08:00")
    now = datetime(2024, 6, 1, 7, 30, tzinfo=UTC)  # 09:30 in Berlin (UTC+2)
    start, end = due_window(s, "Europe/Berlin", now, None, None)  # type: ignore[misc]
    assert end == datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
    assert end - start == timedelta(days=1)
    # Same moment in UTC: 08:00 UTC hasn't come yet today.
    _, end_utc = due_window(s, "UTC", now, None, None)  # type: ignore[misc]
    assert end_utc == datetime(2024, 5, 31, 8, 0, tzinfo=UTC)


def test_window_resumes_from_last_recorded_end() -> None:
    s = parse_schedule("every 6h")
    now = datetime(2024, 6, 1, 13, 0, tzinfo=UTC)
    assert due_window(s, "UTC", now, datetime(2024, 6, 1, 12, 0, tzinfo=UTC), None) is None
    # Down for a day: one window covers everything since, nothing skipped.
    last = datetime(2024, 5, 31, 6, 0, tzinfo=UTC)
    assert due_window(s, "UTC", now, last, None) == (last, datetime(2024, 6, 1, 12, 0, tzinfo=UTC))


def test_new_subscription_waits_for_its_first_boundary() -> None:
    s = parse_schedule("daily 08:00")
    created = datetime(2024, 6, 1, 9, 0, tzinfo=UTC)
    assert due_window(s, "UTC", created + timedelta(hours=2), None, created) is None
    assert due_window(s, "UTC", created + timedelta(hours=23), None, created) is not None
    assert due_window(parse_schedule("instant"), "UTC", created, None, None) is None
