"""Helpers the subcommands share: the store from settings, and durations."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from bot.settings import Settings
from store import open_store
from store.base import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$", re.IGNORECASE)
MAX_DURATION = timedelta(days=3650)  # beyond this, datetime arithmetic overflows soon
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_duration(text: str) -> timedelta:
    """'24h', '90m', '7d', '2w' → timedelta. ValueError with a usable message otherwise."""
    m = _DURATION.match(text)
    if not m:
        raise ValueError(f"invalid duration {text!r}: use a number and a unit, e.g. 30m, 24h, 7d")
    value = timedelta(**{_UNITS[m.group(2).lower()]: float(m.group(1))})
    if value > MAX_DURATION:
        raise ValueError(f"duration {text!r} is too long: at most {MAX_DURATION.days} days")
    return value


@asynccontextmanager
async def configured_store(settings: Settings) -> AsyncIterator[Store]:
    store = await open_store(settings.database.url, settings.stories.params())
    try:
        await store.sync_default_feeds(settings.feeds())
        yield store
    finally:
        await store.close()
