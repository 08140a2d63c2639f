"""The one clustering rule: which candidate story an article joins, and which ones merge.

Similarity is the cosine between the article and a story's centroid. An article joins its
most similar story when that similarity is high (`join`), or when it is moderate (`weak`) but
stands out: at least `margin` times the next story's (or a `floor` when there is none). The
second test keeps an article whose words are spread thin (a long analysis, a market report)
with the one story it clearly belongs to, without lowering the bar everywhere. Other stories
the article matches at `merge` or above are the same event: they merge into one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from stories.vectors import dot, norm

# Stories an article is compared with at most: those sharing the most index terms with it,
# counted over the POSTING_DEPTH stories updated last under each term (a frequent name like
# "trump" is listed under thousands; the live ones are the recent ones). Both bound the work
# per article whatever the store holds; the dev set scores the same with 8 or 40 candidates.
MAX_CANDIDATES = 8
POSTING_DEPTH = 8


@dataclass(frozen=True)
class Params:
    join: float = 0.27
    weak: float = 0.12
    margin: float = 3.0
    floor: float = 0.03
    merge: float = 0.27
    window: timedelta = timedelta(hours=72)


@dataclass(frozen=True)
class StoryState:
    """What the rule needs of a candidate story."""

    id: int
    centroid: Mapping[str, float]
    first_published: datetime
    last_published: datetime
    posted: bool = False  # announced somewhere: it must keep its id through a merge
    norm: float | None = None  # the centroid's length, when the index keeps it (saves a pass)

    def similarity(self, vector: Mapping[str, float]) -> float:
        """Cosine with a normalised article vector."""
        length = self.norm if self.norm is not None else norm(self.centroid)
        return dot(vector, self.centroid) / length if length else 0.0


@dataclass(frozen=True)
class Decision:
    story: int | None  # the story joined (the merge's survivor), None: open a new one
    merged: tuple[int, ...] = ()  # stories folded into `story`
    similarity: float = 0.0


def in_window(s: StoryState, published: datetime, window: timedelta) -> bool:
    return s.first_published - window <= published <= s.last_published + window


def assign(
    vector: Mapping[str, float],
    published: datetime,
    candidates: Sequence[StoryState],
    params: Params | None = None,
) -> Decision:
    params = params or Params()
    scored = sorted(
        ((s.similarity(vector), s) for s in candidates if in_window(s, published, params.window)),
        key=lambda p: (-p[0], p[1].id),
    )
    if not scored:
        return Decision(None)
    best, best_story = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    strong = best >= params.join
    stands_out = best >= params.weak and best >= params.margin * max(runner_up, params.floor)
    if not (strong or stands_out):
        return Decision(None)
    group = [best_story] + [s for sim, s in scored[1:] if sim >= params.merge]
    survivor = min(group, key=lambda s: (not s.posted, s.first_published, s.id))
    merged = tuple(sorted(s.id for s in group if s.id != survivor.id))
    return Decision(survivor.id, merged, best)
