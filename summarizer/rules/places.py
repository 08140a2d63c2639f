"""Place and event filtering: compass/zone heads, events held, names that only say where."""

from __future__ import annotations

import re

from summarizer.rules.tokens import Mention
from summarizer.rules.wordlists import alternation, words

_COMPASS = words("compass_words")
# first words of zone names ("Area C", "Zone 3"): places, not actors
_PLACE_HEADS = words("place_heads")
# last words of event names; "Congress" and "Convention" also end organisations' names
_EVENT_ENDS = tuple(words("event_ends"))
_ASSEMBLY_ENDS = tuple(words("assembly_ends"))
# "spoke at the Munich Security Conference", "during the 20th Party Congress"
_EVENT_BEFORE = re.compile(
    r"\b(?:at|during|attend(?:s|ed|ing)?|host(?:s|ed|ing)?|address(?:es|ed|ing)?|sidelines of|"
    r"ahead of|opening of|closing of|opened|closed)\s+(?:the\s+|this\s+year['’]s\s+|"
    r"last\s+year['’]s\s+|an?\s+)?(?:\d+\w*\s+|annual\s+|first\s+|second\s+|third\s+)?$",
    re.IGNORECASE,
)


def _event(m: Mention, text: str) -> bool:
    """A conference, summit or congress held rather than an organisation acting: named after
    "at/during/attended the", or (all but congresses and conventions, which are mostly bodies:
    "Indian National Congress", "US Congress") not speaking. Gazetteer organisations stay."""
    if m.kind != "organization" or m.key is not None:
        return False
    if m.surface.endswith(_ASSEMBLY_ENDS):
        return bool(_EVENT_BEFORE.search(text, max(0, m.start - 50), m.start))
    if not m.surface.endswith(_EVENT_ENDS):
        return False
    return not m.speaker_cue or bool(_EVENT_BEFORE.search(text, max(0, m.start - 50), m.start))


# "Jabalia camp", "the Rafah crossing": a name before a lower-case place noun is a place
_PLACE_AFTER = re.compile(" " + alternation(words("place_nouns_after")) + r"\b")


def _place_named(m: Mention, text: str) -> bool:
    """A name that only says where ("in Jabalia camp", "the Rafah crossing"); names known
    to the gazetteer (countries, capitals) stay, and so does one that speaks."""
    if m.key is not None or m.kind == "country" or m.speaker_cue:
        return False
    return _PLACE_AFTER.match(text, m.end) is not None
