"""Which Discord shards a bot process runs (`wirewatch run --shard-count N --shards 0-3`).

Discord puts a guild on shard ``(guild_id >> 22) % shard_count``. A process runs the shards it
is given, posts only for guilds on them, and only the process running shard 0 syncs the slash
commands (they are global: once is enough, and every process doing it would hit the rate
limit). `auto` runs every shard in this process, as many as Discord recommends.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shards:
    count: int | None  # None: as many as Discord recommends (auto)
    ids: tuple[int, ...] | None  # None: every shard

    def owns(self, guild_id: int) -> bool:
        if self.count is None or self.ids is None:
            return True
        return (guild_id >> 22) % self.count in self.ids

    @property
    def syncs_commands(self) -> bool:
        return self.ids is None or 0 in self.ids

    def __str__(self) -> str:
        if self.ids is None:
            return "auto" if self.count is None else f"all of {self.count}"
        return ",".join(map(str, self.ids)) + f" of {self.count}"


def parse_shards(text: str, count: int | None) -> Shards:
    """`auto`, or shard ids as `0-3`, `5` or `0,2,4-5`, each below `count`. Raises ValueError
    worded for the user."""
    text = text.strip()
    if text == "auto":
        return Shards(count, None)
    if count is None:
        raise ValueError("--shards with shard ids needs --shard-count N")
    if count < 1:
        raise ValueError(f"--shard-count must be at least 1, not {count}")
    ids: set[int] = set()
    for part in text.split(","):
        lo, sep, hi = part.strip().partition("-")
        if not lo.isdigit() or (sep and not hi.isdigit()):
            raise ValueError(f"--shards {text!r}: use `auto` or ids like `0-3`, `5`, `0,2,4-5`")
        first, last = int(lo), int(hi) if sep else int(lo)
        if first > last or last >= count:
            raise ValueError(f"--shards {text!r}: ids run from 0 to {count - 1}, low to high")
        ids.update(range(first, last + 1))
    return Shards(count, tuple(sorted(ids)))
