"""Feed health as `/status` and `wirewatch status` report it: one rule for both."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from store.base import FeedRecord


@dataclass(frozen=True)
class FeedHealth:
    total: int
    failing: list[FeedRecord]
    paused: list[FeedRecord]

    @property
    def healthy(self) -> int:
        # A feed both paused and failing is one unhealthy feed, not two.
        unhealthy = {f.id for f in self.failing} | {f.id for f in self.paused}
        return self.total - len(unhealthy)


def feed_health(feeds: Sequence[FeedRecord]) -> FeedHealth:
    return FeedHealth(
        total=len(feeds),
        failing=[f for f in feeds if f.last_error],
        paused=[f for f in feeds if f.paused],
    )
