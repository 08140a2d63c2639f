"""An in-memory story index: `wirewatch cluster` and the benchmarks cluster with it, through
the same `assign` rule the store uses, so what they measure is what the pipeline does."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice
from operator import itemgetter

from stories.decide import MAX_CANDIDATES, POSTING_DEPTH, Params, StoryState, assign
from stories.vectors import LOOKUP_TERMS, Vector, add, index_terms, norm


@dataclass
class _Story:
    id: int
    centroid: Vector
    first: datetime
    last: datetime
    members: list[str] = field(default_factory=list)
    norm: float = 0.0
    indexed: list[str] = field(default_factory=list)  # its postings, to remove them again


# (story id, shared terms) → (shared terms, story id): most shared first, then the newest.
_by_shared = itemgetter(1, 0)


# Every this many articles, stories far behind the stream are dropped from the index.
_EVICT_EVERY = 1000


class MemoryIndex:
    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self._stories: dict[int, _Story] = {}
        # term → the stories indexed under it, in the order they were last (re)indexed
        self._postings: dict[str, dict[int, None]] = defaultdict(dict)
        self._story_of: dict[str, int] = {}
        self._next_id = 1
        self._added = 0
        # story id → the publication times (POSIX) its window admits, for the index's check
        self._span: dict[int, tuple[float, float]] = {}

    def add(self, key: str, vector: Mapping[str, float], published: datetime) -> int:
        """Cluster one article; returns its story id."""
        self._added += 1
        if self._added % _EVICT_EVERY == 0:
            self._evict(published)
        candidates = [self._state(sid) for sid in self._candidates(vector, published)]
        decision = assign(vector, published, candidates, self.params)
        if decision.story is None:
            sid = self._next_id
            self._next_id += 1
            story = _Story(sid, {}, published, published)
            self._stories[sid] = story
        else:
            story = self._stories[decision.story]
        # The terms it was indexed under, before its centroid changes.
        before = story.indexed
        self._unindex(story)
        for other in decision.merged:
            self._fold(story, self._stories.pop(other))
        story.centroid = add(story.centroid, vector)
        story.norm = norm(story.centroid)
        story.first, story.last = min(story.first, published), max(story.last, published)
        story.members.append(key)
        self._story_of[key] = story.id
        if decision.merged or not before:
            self._index(story)
        else:
            # Adding a (non-negative) vector only raises weights, so the new heaviest terms
            # are among the old ones and the article's: ranking those few gives exactly what
            # ranking the whole centroid would (cProfile: that ranking was a fifth of the time).
            near = {t: story.centroid[t] for t in (*before, *vector) if t in story.centroid}
            self._index(story, index_terms(near))
        return story.id

    def story_of(self, key: str) -> int:
        return self._story_of[key]

    def __len__(self) -> int:
        return len(self._stories)

    def _candidates(self, vector: Mapping[str, float], published: datetime) -> list[int]:
        """Candidates as the store's query picks them: for each index term of the article,
        the POSTING_DEPTH stories in the window updated last; of those, the MAX_CANDIDATES
        sharing the most terms (newest first on ties)."""
        at = published.timestamp()
        span = self._span
        found = list(map(self._postings.get, index_terms(vector, LOOKUP_TERMS)))
        # Most recently (re)indexed first; on a stream in publication order these are nearly
        # always in the window, so the first POSTING_DEPTH usually suffice.
        recent = [list(islice(reversed(listed), POSTING_DEPTH)) for listed in found if listed]
        shared = Counter(chain.from_iterable(recent))  # one C pass, not one update per term
        # The window is checked once per story found, not once per posting; only when a story
        # is outside it are the terms that listed it walked again, past it.
        outside = {sid for sid in shared if not span[sid][0] <= at <= span[sid][1]}
        if outside:
            shared = Counter()
            for listed in found:
                if listed:
                    shared.update(
                        islice(
                            (sid for sid in reversed(listed) if span[sid][0] <= at <= span[sid][1]),
                            POSTING_DEPTH,
                        )
                    )
        if len(shared) > MAX_CANDIDATES:
            # Only stories sharing at least the MAX_CANDIDATES-th largest count can make the
            # cut: sorting the counts alone and then those few is a fifth of the time of
            # sorting hundreds of (count, id) pairs (timeit), with the same result.
            least = sorted(shared.values(), reverse=True)[MAX_CANDIDATES - 1]
            shared = Counter({sid: n for sid, n in shared.items() if n >= least})
        ranked = sorted(shared.items(), key=_by_shared, reverse=True)
        return [sid for sid, _ in ranked[:MAX_CANDIDATES]]

    def _evict(self, now: datetime) -> None:
        """Stories whose window closed before `now` leave the index (memory stays bounded
        on a long stream in publication order); their articles' answers stay."""
        horizon = now - 2 * self.params.window  # slack for entries slightly out of order
        for story in [s for s in self._stories.values() if s.last < horizon]:
            self._unindex(story)
            del self._stories[story.id]
            del self._span[story.id]

    def _state(self, sid: int) -> StoryState:
        s = self._stories[sid]
        return StoryState(s.id, s.centroid, s.first, s.last, norm=s.norm)

    def _fold(self, into: _Story, other: _Story) -> None:
        self._unindex(other)
        self._span.pop(other.id, None)
        into.centroid = add(into.centroid, other.centroid)
        into.norm = norm(into.centroid)
        into.first, into.last = min(into.first, other.first), max(into.last, other.last)
        into.members += other.members
        for key in other.members:
            self._story_of[key] = into.id

    def _index(self, s: _Story, terms: list[str] | None = None) -> None:
        window = self.params.window.total_seconds()
        self._span[s.id] = (s.first.timestamp() - window, s.last.timestamp() + window)
        s.indexed = index_terms(s.centroid) if terms is None else terms
        for t in s.indexed:
            self._postings[t][s.id] = None

    def _unindex(self, s: _Story) -> None:
        for t in s.indexed:
            ids = self._postings.get(t)
            if ids is not None:
                ids.pop(s.id, None)
                if not ids:
                    del self._postings[t]
        s.indexed = []
