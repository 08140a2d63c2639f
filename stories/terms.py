"""Terms of an article and how much each one says about which event it reports.

A term's weight comes from its frequency in general English (wordfreq's packaged lists, so
nothing is downloaded): "said" or "government" say little, "Jerí" or "impeachment" a lot. A
background weight, unlike an IDF over what happens to be stored, makes an article's vector
independent of the order articles arrive in and of the store's size, so it is computed once
(in the summarizing process) and never recomputed.
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable
from functools import cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# Zipf frequency is log10 of occurrences per billion words: "the" 7.7, "peru" 3.9, unknown 0.
_TOP_ZIPF = 8.0
_MIN_WEIGHT = 0.5


@cache
def _stopwords() -> frozenset[str]:
    text = resources.files("stories").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def terms(text: str) -> list[str]:
    """Content words, case-folded, possessives and plurals folded ('talks' → 'talk')."""
    stop = _stopwords()
    out: list[str] = []
    for raw in _WORD.findall(text):
        w = raw.casefold().replace("’", "'").strip("'-")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) < 3 or w in stop:
            continue
        # Interned: every vector and centroid then shares one object per term, and the
        # index's dict lookups compare pointers instead of cold strings.
        out.append(sys.intern(_singular(w)))
    return out


def _singular(w: str) -> str:
    if w.endswith("ies") and len(w) > 5:
        return w[:-3] + "y"
    if w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 4:
        return w[:-1]
    return w


_LOADING = threading.Lock()
_zipf: Callable[[str, str], float] | None = None


def _frequency() -> Callable[[str, str], float]:
    """wordfreq's zipf_frequency, its English list loaded (~0.12 s) once. The pipeline's
    worker threads vectorize several articles at once: unguarded, each loaded the list for
    itself (py-spy of a short `poll --once`: a third of its samples, 1.7 s)."""
    global _zipf
    if _zipf is None:
        with _LOADING:
            if _zipf is None:
                from wordfreq import zipf_frequency

                zipf_frequency("the", "en")
                _zipf = zipf_frequency
    return _zipf


@cache
def weight(term: str) -> float:
    """How specific a term is: rarer words weigh more, unknown words (names) the most."""
    return max(_MIN_WEIGHT, _TOP_ZIPF - _frequency()(term, "en"))
