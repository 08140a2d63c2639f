"""Subscription schedules ("instant", "daily HH:MM", "every Nh") and the digest window due now.

A window is [start, end): the stories stored from `start` up to, not including, `end` (as the
store's `recent_articles(since, until)` reads it); `end` is the latest schedule boundary not
after now. Starting each window where the last recorded one ended means a restart neither
re-posts nor skips a window, and a story stored exactly at a boundary is in the window it opens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DAILY = re.compile(r"^daily\s+([01]?\d|2[0-3]):([0-5]\d)$")
_EVERY = re.compile(r"^every\s+(\d{1,3})\s*h(ours?)?$")


@dataclass(frozen=True)
class Schedule:
    kind: str  # "instant" | "daily" | "every"
    at: time | None = None  # daily: local time of day
    hours: int = 0  # every: period

    def __str__(self) -> str:
        if self.kind == "daily" and self.at is not None:
            return f"daily {self.at:%H:%M}"
        if self.kind == "every":
            return f"every {self.hours}h"
        return "instant"

    @property
    def period(self) -> timedelta:
        return timedelta(hours=self.hours) if self.kind == "every" else timedelta(days=1)


def parse_schedule(text: str) -> Schedule:
    """Parse a schedule; ValueError says what is accepted."""
    t = " ".join(text.lower().split())
    if t == "instant":
        return Schedule("instant")
    if m := _DAILY.match(t):
        return Schedule("daily", at=time(int(m.group(1)), int(m.group(2))))
    if (m := _EVERY.match(t)) and 1 <= int(m.group(1)) <= 168:
        return Schedule("every", hours=int(m.group(1)))
    raise ValueError(
        f"`{_shown(text)}` is not a schedule. Use `daily HH:MM` (e.g. `daily 08:00`), `every N h` (1-168, e.g. `every 6h`) or `instant`."
    )


def _shown(text: str) -> str:
    # Echoed inside a code span: no backtick may close it, and a pasted essay must not push the
    # reply past Discord's 2000 characters.
    flat = " ".join(text.split()).replace("`", "ˋ")
    return flat if len(flat) <= 40 else flat[:39] + "…"


def last_boundary(schedule: Schedule, tz: str, now: datetime) -> datetime:
    """The latest scheduled moment at or before `now` (UTC)."""
    if schedule.kind == "every":
        period = int(schedule.period.total_seconds())
        return datetime.fromtimestamp(int(now.timestamp()) // period * period, UTC)
    assert schedule.at is not None
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    # Compared in UTC: two datetimes sharing one ZoneInfo compare by wall time, and a local
    # time the clocks skip (02:30 on a spring-forward day, read as 03:30 summer time) would
    # count as passed at 03:00, making a window that ends in the future. A repeated local
    # time (fall-back) is its first occurrence (fold=0): one boundary a day either way.
    candidate = datetime.combine(today, schedule.at, tzinfo=zone).astimezone(UTC)
    if candidate > now:
        candidate = datetime.combine(
            today - timedelta(days=1), schedule.at, tzinfo=zone
        ).astimezone(UTC)
    return candidate


def due_window(
    schedule: Schedule,
    tz: str,
    now: datetime,
    last_end: datetime | None,
    created_at: datetime | None,
) -> tuple[datetime, datetime] | None:
    """The window to post now, or None (instant schedules have no windows)."""
    if schedule.kind == "instant":
        return None
    # Never past now, whatever the calendar arithmetic: a window ending in the future would be
    # recorded before the stories of its last stretch are stored, and they would never post.
    end = min(last_boundary(schedule, tz, now), now)
    if last_end is not None:
        return (last_end, end) if end > last_end else None
    # A new subscription's first window is the first boundary after it was created.
    if created_at is not None and end < created_at:
        return None
    return end - schedule.period, end
