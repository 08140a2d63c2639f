"""`--shards` parsing and which guilds a process posts for."""

from __future__ import annotations

import pytest

from bot.shards import Shards, parse_shards


@pytest.mark.parametrize(
    ("text", "count", "ids"),
    [
        ("auto", None, None),
        ("auto", 4, None),
        ("0-3", 4, (0, 1, 2, 3)),
        ("2", 4, (2,)),
        ("0,2-3", 8, (0, 2, 3)),
        (" 1 ", 2, (1,)),
    ],
)
def test_shards_parse(text: str, count: int | None, ids: tuple[int, ...] | None) -> None:
    assert parse_shards(text, count) == Shards(count, ids)


@pytest.mark.parametrize(
    ("text", "count", "error"),
    [
        ("0-3", None, "needs --shard-count"),
        ("4", 4, "ids run from 0 to 3"),
        ("3-1", 4, "low to high"),
        ("a", 4, "use `auto`"),
        ("1-", 4, "use `auto`"),
        ("0", 0, "at least 1"),
    ],
)
def test_bad_shards_are_refused(text: str, count: int | None, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_shards(text, count)


@pytest.mark.parametrize(
    ("guild_id", "shards", "owned"),
    [
        (0 << 22, Shards(2, (0,)), True),
        (1 << 22, Shards(2, (0,)), False),
        (3 << 22, Shards(4, (2, 3)), True),
        (5 << 22, Shards(None, None), True),
        (5 << 22, Shards(4, None), True),
    ],
)
def test_a_guild_belongs_to_its_shard(guild_id: int, shards: Shards, owned: bool) -> None:
    assert shards.owns(guild_id) is owned
