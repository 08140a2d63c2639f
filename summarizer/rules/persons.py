"""Person-name shaping: titles, occupations, demonyms and descriptors before a name."""

from __future__ import annotations

import re
from functools import cache

from summarizer.rules.lexicon import Lexicon, lexicon
from summarizer.rules.tokens import _CONNECTORS, Mention, MentionKind, _Tok
from summarizer.rules.wordlists import words

_TITLE_HEADS = words("title_heads")
_GERUND = re.compile(r"^[A-Z][a-z]{2,}ing$")
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+$")


# occupations that stand before a name like a title ("Economist Pavel Ruud"), but, unlike
# titles, are not part of the name's form ("General", "Speaker" and "Head" start names too)
_OCCUPATIONS = frozenset(w.capitalize() for w in words("occupations"))


@cache
def _demonym_firsts() -> frozenset[str]:
    """First words of the demonyms ("South" of "South Korean")."""
    return frozenset(d.split(" ")[0] for d in lexicon().demonyms)


# Titles, demonyms and role words before a name, and the person mention itself.


def titled(lex: Lexicon, toks: list[_Tok], i: int, j: int) -> bool:
    if toks[i].text not in lex.title_firsts:
        return False
    return any(
        tuple(t.text for t in toks[i : i + n]) in lex.person_titles
        for n in range(1, min(4, j - i) + 1)
    )


def demonym(lex: Lexicon, toks: list[_Tok], i: int, j: int) -> int:
    """Length of a demonym starting at i ("South Korean" is two tokens), else 0."""
    if toks[i].text not in _demonym_firsts():
        return 0  # most words start no demonym: no joins to build
    for n in (3, 2, 1):
        if i + n <= j and " ".join(t.text for t in toks[i : i + n]) in lex.demonyms:
            return n
    return 0


def descriptors(
    lex: Lexicon, toks: list[_Tok], k: int, j: int, role: list[str], cue: bool
) -> tuple[int, bool]:
    """ "Florida Republican Congressman Randy Fine", "Rear Admiral Ana Ruiz": capitalised
    state, party or rank words before a title belong to the role, not to the name."""
    for p in range(k + 1, min(k + 4, j - 1)):
        if any(t.text in _CONNECTORS or t.text == "-" for t in toks[k:p]):
            return k, cue
        for n in (2, 1):
            title = tuple(t.text for t in toks[p : p + n])
            if p + n < j and (title in lex.person_titles or (n == 1 and title[0] in _TITLE_HEADS)):
                role.extend(t.text for t in toks[k : p + n])
                return p + n, True
    return k, cue


def role_before(lex: Lexicon, text: str, start: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and m.group(1).lower() in lex.role_nouns


def person(para: int, rest: list[_Tok], text: str, role: list[str], cue: bool) -> list[Mention]:
    if not rest:
        return []
    surface = text[rest[0].start : rest[-1].tend]
    kind: MentionKind = "person" if len(surface.split()) > 1 or cue else "unknown"
    return [
        Mention(
            para,
            rest[0].start,
            rest[-1].tend,
            surface,
            kind,
            person_cue=cue,
            role=" ".join(role) or None,
        )
    ]
