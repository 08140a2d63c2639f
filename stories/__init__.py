"""Story clustering: which stored articles report the same event. Pure: no I/O, no database.

An article becomes a sparse term vector (`vectors.article_vector`); a story is the sum of its
articles' vectors (its centroid). `decide.assign` chooses, from the candidate stories an index
returned, the one an article joins (or none: it opens a story) and which others it shows to be
the same story (they merge). The store (persisted index) and `memory.MemoryIndex` (the
`wirewatch cluster` command, benchmarks) both call that one rule.
"""

from stories.decide import Decision, Params, StoryState, assign
from stories.vectors import Vector, article_vector, cosine

__all__ = ["Decision", "Params", "StoryState", "Vector", "article_vector", "assign", "cosine"]
