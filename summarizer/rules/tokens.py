"""The `Mention` type, the name tokens the tagger walks, and runs of capitalised tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.rules.lexicon import Known, Lexicon
from summarizer.rules.text import ABBREVIATIONS
from summarizer.rules.wordlists import words

MentionKind = Literal["country", "organization", "person", "unknown"]

_CONNECTORS = words("name_connectors")
_FUNCTION = words("function_words")
_PARTICLES = words("name_particles")


@dataclass(slots=True)  # thousands per article: slots make them cheaper to build and read
class Mention:
    para: int
    start: int
    end: int
    surface: str
    kind: MentionKind
    key: str | None = None  # gazetteer key, when the gazetteer named it
    canonical: str | None = None
    metonym: bool = False
    person_cue: bool = False
    org_cue: bool = False
    role: str | None = None
    sentence_initial: bool = False
    locative: bool = False
    in_quote: bool = False
    speaker_cue: bool = False
    determiner: bool = False  # "the Lighthouse Winmore": people rarely take an article
    outlet_cue: bool = False  # "Wafa news agency", "told Al Jazeera": a reporting source
    nested: bool = False  # inside a longer mention ("Israel" in "Israel's foreign ministry")
    # "the Tilt Train", "the White Paper": the last word is used in lower case in the article
    common_tail: bool = False


# Only the tokens the tagger walks: capitalised words, dotted acronyms, name connectors and
# the joiners it checks; lower-case prose is skipped inside the regex engine.
# Dotted acronyms ("U.S.") and words share their first character class, so the engine tests
# one class per position instead of trying each alternative there.
_NAME_TOKEN = re.compile(
    r"[^\W\d_a-z](?:(?<=[A-Z])\.(?:[A-Z]\.)+|\w*(?:['’][A-Z]\w*)*\.?)|\b(?:"
    + "|".join(sorted(_CONNECTORS))
    + r")\b|[-#@]",
    re.UNICODE,
)


@dataclass(slots=True)
class _Tok:
    text: str  # normalized: trailing full stop dropped unless a dotted acronym
    raw: str
    start: int
    end: int
    tend: int  # end offset without a trailing full stop (kept only in dotted acronyms)
    cap: bool  # starts with an upper-case letter


def _toks(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    append = out.append
    for m in _NAME_TOKEN.finditer(text):
        raw = m.group()
        start, end = m.span()
        norm = raw
        if raw[-1] == "." and not (len(raw) > 3 and raw[1] == "."):
            norm = raw.rstrip(".") or raw  # "Mr." → "Mr"; "U.S." keeps its dots
        first = norm[0]
        # ASCII capitals first: the regex matches mostly those, and str methods cost more
        cap = "A" <= first <= "Z" or (first > "\x7f" and first.isupper() and first.isalpha())
        if not cap and norm not in _CONNECTORS and norm not in "-#@":
            continue  # the tagger only walks names; adjacency is checked on the text itself
        append(_Tok(norm, raw, start, end, start + len(norm), cap))
    return out


def _known(para: int, span: list[_Tok], text: str, known: Known) -> Mention:
    """A mention of a gazetteer entity covering the tokens of `span`."""
    start, end = span[0].start, span[-1].tend
    return Mention(
        para, start, end, text[start:end], known.kind, known.key, known.name, known.metonym
    )


def _org_mention(para: int, span: list[_Tok], text: str) -> Mention:
    """An organisation named by the capitalised words of `span`, without a gazetteer entry."""
    start, end = span[0].start, span[-1].tend
    return Mention(para, start, end, text[start:end], "organization", org_cue=True)


def _adjacent(a: _Tok, b: _Tok, text: str) -> bool:
    gap = text[a.end : b.start]
    return gap == " " or (gap == "" and (a.text == "-" or b.text == "-"))


_FIRST_NAMES = words("first_names_male") | words("first_names_female")


def _initial(toks: list[_Tok], i: int, j: int) -> bool:
    """Whether toks[j - 1] is a middle or leading initial whose stop ends no name: "Robert F.
    Kennedy", "H. David Politzer"; not when a sentence or another name starts after it
    ("Group A. The vote", "Group A. Ana Ruiz said")."""
    prev, cur = toks[j - 1], toks[j]
    if len(prev.text) != 1 or not prev.cap or not cur.cap or cur.text.lower() in _FUNCTION:
        return False
    return j - 1 == i or cur.text not in _FIRST_NAMES


# Where a run of capitalised tokens starting at i ends: names, hyphenated names, connectors.


def run_end(lex: Lexicon, toks: list[_Tok], i: int, text: str) -> int:
    j = i + 1
    while j < len(toks):
        prev, cur = toks[j - 1], toks[j]
        if (
            not _adjacent(prev, cur, text)
            or prev.raw.endswith(",")
            or (
                prev.raw.endswith(".")
                and prev.text.lower() not in ABBREVIATIONS
                and "." not in prev.text
                and not _initial(toks, i, j)
            )
        ):
            break
        if cur.cap:
            j += 1
            continue
        if (
            cur.text == "-"
            and prev.end == cur.start
            and j + 1 < len(toks)
            and toks[j + 1].cap
            and toks[j + 1].start == cur.end
            and (
                prev.text in _PARTICLES
                or (prev.text not in lex.hyphen_stops and toks[j + 1].text not in lex.hyphen_stops)
            )
        ):
            j += 2  # "El-Obeid", "Jean-Noël", "Takht-Ravanchi": one hyphenated name
            continue
        if (
            cur.text in _CONNECTORS
            and j + 2 < len(toks)
            and toks[j + 1].text == "-"
            and toks[j + 1].start == cur.end
            and toks[j + 2].cap
            and toks[j + 2].start == toks[j + 1].end
        ):
            j += 3  # "Bashar al-Assad": a lower-case particle hyphenated to a name
            continue
        if (
            cur.text in _CONNECTORS
            and j + 1 < len(toks)
            and toks[j + 1].cap
            and _adjacent(cur, toks[j + 1], text)
        ):
            j += 2
            continue
        break
    while j > i + 1 and (toks[j - 1].text in _CONNECTORS or toks[j - 1].text == "-"):
        j -= 1
    return j
