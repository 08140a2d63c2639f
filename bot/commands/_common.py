"""Helpers the subcommands share: the store from settings (durations: bot.durations)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.settings import Settings
from store import open_store
from store.base import Store


@asynccontextmanager
async def configured_store(settings: Settings) -> AsyncIterator[Store]:
    store = await open_store(settings.database.url, settings.stories.params())
    try:
        await store.sync_default_feeds(settings.feeds())
        yield store
    finally:
        await store.close()
