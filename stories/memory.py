"""An in-memory story index: `wirewatch cluster` and the benchmarks cluster with it, through
the same `assign` rule the store uses, so what they measure is what the pipeline does."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice, repeat
from operator import itemgetter, setitem

from stories.decide import MAX_CANDIDATES, POSTING_DEPTH, Params, StoryState, assign
from stories.vectors import LOOKUP_TERMS, Vector, add, index_terms, norm, specific


@dataclass
class _Story:
    id: int
    centroid: Vector
    first: datetime
    last: datetime
    members: list[str] = field(default_factory=list)
    norm: float = 0.0
    indexed: list[str] = field(default_factory=list)  # its postings, to remove them again
    state: StoryState | None = None  # what `assign` sees, kept until the story changes


# (story id, shared terms) → (shared terms, story id): most shared first, then the newest.
_by_shared = itemgetter(1, 0)


def _drain(calls: Iterable[object]) -> None:
    """Run a lazy map for its effects, in C (a zero-length deque consumes without storing)."""
    deque(calls, maxlen=0)


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
        # story id → the first and last publication time (POSIX) its window admits, apart, so
        # the index's check over all the stories found is two C passes
        self._opens: dict[int, float] = {}
        self._closes: dict[int, float] = {}

    def add(self, key: str, vector: Mapping[str, float], published: datetime) -> int:
        """Cluster one article; returns its story id."""
        self._added += 1
        if self._added % _EVICT_EVERY == 0:
            self._evict(published)
        spec = specific(vector)  # its index terms come from these, and so do the story's new ones
        found = self._candidates(index_terms(spec, LOOKUP_TERMS, filtered=True), published)
        candidates = [self._state(sid) for sid in found]
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
        story.state = None
        self._story_of[key] = story.id
        if decision.merged or not before:
            self._index(story)
        else:
            # Adding a (non-negative) vector only raises weights, so the new heaviest terms
            # are among the old ones and the article's: ranking those few gives exactly what
            # ranking the whole centroid would (cProfile: that ranking was a fifth of the time).
            # (all specific: `before` were index terms, `spec` are the article's specific ones)
            near = {t: story.centroid[t] for t in (*before, *spec) if t in story.centroid}
            self._index(story, index_terms(near, filtered=True))
        return story.id

    def story_of(self, key: str) -> int:
        return self._story_of[key]

    def __len__(self) -> int:
        return len(self._stories)

    def _candidates(self, terms: list[str], published: datetime) -> list[int]:
        """Candidates as the store's query picks them: for each index term of the article,
        the POSTING_DEPTH stories in the window updated last; of those, the MAX_CANDIDATES
        sharing the most terms (newest first on ties)."""
        at = published.timestamp()
        opens, closes = self._opens, self._closes
        found = list(map(self._postings.get, terms))
        # Most recently (re)indexed first; on a stream in publication order these are nearly
        # always in the window, so the first POSTING_DEPTH usually suffice.
        # One C pass over every term's newest postings, not one update per term.
        recent = map(islice, map(reversed, filter(None, found)), repeat(POSTING_DEPTH))
        shared = Counter(chain.from_iterable(recent))
        # The window is checked once per story found, not once per posting, and in C: the
        # latest opening and earliest closing of the stories found (on a stream in order,
        # nearly always all inside). Only when one is outside are the terms walked again.
        if shared and not (
            max(map(opens.__getitem__, shared)) <= at <= min(map(closes.__getitem__, shared))
        ):
            shared = Counter()
            for listed in found:
                if listed:
                    shared.update(
                        islice(
                            (sid for sid in reversed(listed) if opens[sid] <= at <= closes[sid]),
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
            self._forget_span(story.id)
        for t in [t for t, ids in self._postings.items() if not ids]:
            del self._postings[t]

    def _state(self, sid: int) -> StoryState:
        s = self._stories[sid]
        if s.state is None:  # a frozen dataclass is slow to build; most candidates are unchanged
            s.state = StoryState(s.id, s.centroid, s.first, s.last, norm=s.norm)
        return s.state

    def _fold(self, into: _Story, other: _Story) -> None:
        self._unindex(other)
        self._forget_span(other.id)
        into.centroid = add(into.centroid, other.centroid)
        into.norm = norm(into.centroid)
        into.first, into.last = min(into.first, other.first), max(into.last, other.last)
        into.members += other.members
        into.state = None
        for key in other.members:
            self._story_of[key] = into.id

    def _index(self, s: _Story, terms: list[str] | None = None) -> None:
        window = self.params.window.total_seconds()
        opens, closes = s.first.timestamp() - window, s.last.timestamp() + window
        self._opens[s.id], self._closes[s.id] = opens, closes
        s.indexed = index_terms(s.centroid) if terms is None else terms
        # Every change re-lists the story under ~64 terms (newest last): loops in C via map
        # (cProfile: these two loops were a tenth of bench_stories).
        _drain(map(setitem, map(self._postings.__getitem__, s.indexed), repeat(s.id), repeat(None)))

    def _forget_span(self, sid: int) -> None:
        self._opens.pop(sid, None)
        self._closes.pop(sid, None)

    def _unindex(self, s: _Story) -> None:
        # A term left with no story keeps its empty listing until the next eviction sweep.
        _drain(map(dict.pop, map(self._postings.__getitem__, s.indexed), repeat(s.id)))
        s.indexed = []
