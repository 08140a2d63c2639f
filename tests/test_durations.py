"""The one duration grammar (bot.durations), shared by the CLI and Discord."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.durations import DurationError, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30s", timedelta(seconds=30)),
        ("90m", timedelta(minutes=90)),
        ("90min", timedelta(minutes=90)),
        ("90 MIN", timedelta(minutes=90)),
        ("1.5h", timedelta(minutes=90)),
        (" 24h ", timedelta(hours=24)),
        ("7d", timedelta(days=7)),
        ("400d", timedelta(days=400)),
        ("2w", timedelta(weeks=2)),
        ("3650d", timedelta(days=3650)),
        ("0.5d", timedelta(hours=12)),
    ],
)
def test_accepted(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "use a number and a unit"),
        ("yesterday", "use a number and a unit"),
        ("24", "use a number and a unit"),
        ("h", "use a number and a unit"),
        ("-1h", "use a number and a unit"),
        ("1.h", "use a number and a unit"),
        ("1y", "use a number and a unit"),
        ("1mo", "use a number and a unit"),
        ("0d", "longer than zero"),
        ("0.0h", "longer than zero"),
        ("3651d", "at most 3650 days"),
        ("9" * 400 + "w", "at most 3650 days"),
    ],
)
def test_refused(text: str, reason: str) -> None:
    with pytest.raises(DurationError, match=reason) as e:
        parse_duration(text)
    assert str(e.value).startswith(f"invalid duration {text!r}: ")
