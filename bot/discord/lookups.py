"""Argument helpers shared by cogs: autocomplete from the store, durations, known topics."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from discord import app_commands

from bot.discord.embeds import code
from bot.discord.errors import UserError
from bot.durations import DurationError, parse_duration

if TYPE_CHECKING:
    from bot.discord.client import WirewatchBot

# Row ids are 32-bit integers on PostgreSQL (SQLite: 64-bit); a larger id names nothing and must
# not reach the database, where it is an error rather than "not found".
ROW_ID_MAX = 2**31 - 1


def parse_since(text: str | None, default: timedelta = timedelta(hours=24)) -> timedelta:
    """A `since` option in the CLI's grammar (bot.durations); `default` when not given."""
    if not text:
        return default
    try:
        return parse_duration(text)
    except DurationError as e:
        raise UserError(f"{code(text, 40)}: invalid duration: {e.reason}.") from None


def choices(names: list[str]) -> list[app_commands.Choice[str]]:
    # Discord: at most 25 choices, names and values at most 100 characters.
    return [app_commands.Choice(name=n[:100], value=n[:100]) for n in dict.fromkeys(names)][:25]


async def known_topics(bot: WirewatchBot, guild_id: int) -> list[str]:
    stored = await bot.store.topic_names("", guild_id=guild_id, limit=1000)
    return sorted(set(stored) | set(bot.topic_keywords))


async def check_topic(bot: WirewatchBot, guild_id: int, topic: str | None) -> str | None:
    if topic is None:
        return None
    wanted = topic.strip().lower()
    names = await known_topics(bot, guild_id)
    if wanted not in names:
        hint = ", ".join(code(n, 40) for n in names[:15]) or "none yet"
        raise UserError(f"Unknown topic {code(topic)}. Known topics: {hint}.")
    return wanted


async def topic_choices(
    bot: WirewatchBot, guild_id: int | None, current: str
) -> list[app_commands.Choice[str]]:
    if guild_id is None:
        return []
    stored = await bot.store.topic_names(current.lower(), guild_id=guild_id, limit=25)
    configured = [t for t in bot.topic_keywords if t.startswith(current.lower())]
    return choices(sorted(set(stored) | set(configured)))
