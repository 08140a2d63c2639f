"""An in-memory story index: `wirewatch cluster` and the benchmarks cluster with it, through
the same `assign` rule the store uses, so what they measure is what the pipeline does."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from stories.decide import Params, StoryState, assign
from stories.vectors import Vector, add, index_terms


@dataclass
class _Story:
    id: int
    centroid: Vector
    first: datetime
    last: datetime
    members: list[str] = field(default_factory=list)


class MemoryIndex:
    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self._stories: dict[int, _Story] = {}
        self._postings: dict[str, set[int]] = defaultdict(set)
        self._story_of: dict[str, int] = {}
        self._next_id = 1

    def add(self, key: str, vector: Mapping[str, float], published: datetime) -> int:
        """Cluster one article; returns its story id."""
        candidates = [self._state(sid) for sid in self._candidates(vector)]
        decision = assign(vector, published, candidates, self.params)
        if decision.story is None:
            sid = self._next_id
            self._next_id += 1
            story = _Story(sid, {}, published, published)
            self._stories[sid] = story
        else:
            story = self._stories[decision.story]
            # Out of the index before its centroid changes: the postings to remove are those of
            # the centroid that was indexed (a merge must leave no posting to a folded story).
            self._unindex(story)
            for other in decision.merged:
                self._fold(story, self._stories.pop(other))
        story.centroid = add(story.centroid, vector)
        story.first, story.last = min(story.first, published), max(story.last, published)
        story.members.append(key)
        self._story_of[key] = story.id
        self._index(story)
        return story.id

    def story_of(self, key: str) -> int:
        return self._story_of[key]

    def __len__(self) -> int:
        return len(self._stories)

    def _candidates(self, vector: Mapping[str, float]) -> set[int]:
        found: set[int] = set()
        for t in index_terms(vector):
            found |= self._postings.get(t, set())
        return found

    def _state(self, sid: int) -> StoryState:
        s = self._stories[sid]
        return StoryState(s.id, s.centroid, s.first, s.last)

    def _fold(self, into: _Story, other: _Story) -> None:
        self._unindex(other)
        into.centroid = add(into.centroid, other.centroid)
        into.first, into.last = min(into.first, other.first), max(into.last, other.last)
        into.members += other.members
        for key in other.members:
            self._story_of[key] = into.id

    def _index(self, s: _Story) -> None:
        for t in index_terms(s.centroid):
            self._postings[t].add(s.id)

    def _unindex(self, s: _Story) -> None:
        for t in index_terms(s.centroid):
            ids = self._postings.get(t)
            if ids is not None:
                ids.discard(s.id)
                if not ids:
                    del self._postings[t]
