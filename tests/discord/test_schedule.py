"""Schedules and the digest window due at a moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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


def _windows(schedule: str, tz: str, start: datetime, days: int) -> list[tuple[datetime, datetime]]:
    """The windows a job checking every 10 minutes for `days` days would post."""
    s = parse_schedule(schedule)
    windows: list[tuple[datetime, datetime]] = []
    now = start
    while now < start + timedelta(days=days):
        last_end = windows[-1][1] if windows else None
        if (w := due_window(s, tz, now, last_end, start)) is not None:
            assert w[1] <= now, (w, now)  # never a window that ends in the future
            windows.append(w)
        now += timedelta(minutes=10)
    return windows


@pytest.mark.parametrize(
    "schedule, day, expected_end",
    [
        # 02:30 does not exist on the spring-forward day: 02:30 read as EST, i.e. 03:30 EDT.
        ("daily 02:30", datetime(2026, 3, 8), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        # 01:30 happens twice on the fall-back day: the first one (EDT) is the boundary.
        ("daily 01:30", datetime(2026, 11, 1), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
    ],
)
def test_daily_schedule_across_a_dst_change_has_one_window_a_day(
    schedule: str, day: datetime, expected_end: datetime
) -> None:
    start = (day - timedelta(days=2)).replace(tzinfo=UTC)
    windows = _windows(schedule, "America/New_York", start, days=5)
    # Back to back: every instant in exactly one window, none twice, none left out.
    assert all(a[1] == b[0] for a, b in zip(windows, windows[1:], strict=False))
    ny = ZoneInfo("America/New_York")
    days = [end.astimezone(ny).date() for _, end in windows]
    assert len(days) == len(set(days)) == 5  # one window a local day
    assert expected_end in [end for _, end in windows]


def test_window_due_just_after_a_skipped_local_time_ends_in_the_past() -> None:
    # 03:00 EDT on the spring-forward day: "02:30" today has not happened yet (it is read as
    # 03:30 EDT), so the due window is yesterday's, not one ending half an hour from now.
    s = parse_schedule("daily 02:30")
    now = datetime(2026, 3, 8, 7, 0, tzinfo=UTC)
    window = due_window(s, "America/New_York", now, None, None)
    assert window is not None and window[1] == datetime(2026, 3, 7, 7, 30, tzinfo=UTC)
