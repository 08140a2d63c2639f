"""The one duration grammar of the CLI (`--since`, `--older-than`) and Discord (`since`).

A duration is a positive number, whole or decimal, then a unit, case and spaces ignored:
``s`` seconds, ``m`` or ``min`` minutes, ``h`` hours, ``d`` days, ``w`` weeks, e.g. ``30s``,
``90m``, ``90min``, ``1.5h``, ``7d``, ``2w``. At most 3650 days (``3650d``, ``521w``).
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

# What help texts show, so the CLI and Discord describe the same grammar.
DURATION_HELP = "a number and a unit s, m/min, h, d or w, e.g. 90m, 1.5h, 7d"
MAX_DURATION = timedelta(days=3650)  # beyond this, datetime arithmetic overflows soon

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)\s*$", re.IGNORECASE)
_SECONDS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


class DurationError(ValueError):
    """`text` is not a duration; `reason` says why in words both front ends show."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(f"invalid duration {text!r}: {reason}")
        self.text = text
        self.reason = reason


def parse_duration(text: str) -> timedelta:
    """'90min' → 90 minutes, '1.5h' → 90 minutes; DurationError for anything else."""
    m = _DURATION.match(text)
    if not m:
        raise DurationError(text, f"use {DURATION_HELP}")
    seconds = float(m.group(1)) * _SECONDS[m.group(2).lower()]
    if seconds <= 0:
        raise DurationError(text, "it must be longer than zero")
    # Compared as a float first: a huge number would overflow timedelta itself.
    if not math.isfinite(seconds) or seconds > MAX_DURATION.total_seconds():
        raise DurationError(text, f"too long: at most {MAX_DURATION.days} days")
    return timedelta(seconds=seconds)
