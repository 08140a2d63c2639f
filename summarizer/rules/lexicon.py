"""Packaged word lists and gazetteers, loaded once per process.

Countries come from pycountry plus `data/countries.tsv` (short forms, seats of government,
demonyms pycountry lacks); organisations from `data/organizations.tsv`; the cue and stop
word lists from `data/lexicon.json`. Everything is keyed by token tuples so the tagger can
look up the longest match at each position without regexes over thousands of names.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import pycountry

from summarizer.rules.wordlists import words

# Dotted acronyms ("U.S."), words with inner capitalised apostrophes ("M'Hand"), a trailing
# full stop kept for abbreviations ("Cmdr."), else any single non-space character.
TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|\w+(?:['’][A-Z]\w*)*\.?|\S", re.UNICODE)

EntityKind = Literal["country", "organization"]
# pycountry lists dependent territories; these are places in news text, not actors.
_NOT_ACTORS = words("territory_codes")


@dataclass(frozen=True)
class Known:
    """A gazetteer entity: canonical name, kind, and whether this form is a metonym (capital)."""

    key: str
    name: str
    kind: EntityKind
    metonym: bool = False


@dataclass
class Lexicon:
    # token tuple → entity, for the longest-match tagger
    names: dict[tuple[str, ...], Known] = field(default_factory=dict)
    # case-folded single token → entity, for "Nato" written for NATO
    folded: dict[str, Known] = field(default_factory=dict)
    max_len: int = 1
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)  # first token → name lengths
    demonyms: set[str] = field(default_factory=set)
    person_titles: set[tuple[str, ...]] = field(default_factory=set)
    title_firsts: set[str] = field(default_factory=set)  # first words of titles: a quick test
    role_nouns: set[str] = field(default_factory=set)
    anonymous_nouns: set[str] = field(default_factory=set)
    org_suffixes: set[str] = field(default_factory=set)
    place_suffixes: set[str] = field(default_factory=set)
    event_words: set[str] = field(default_factory=set)
    places: set[tuple[str, ...]] = field(default_factory=set)
    non_actors: set[str] = field(default_factory=set)  # platforms, groups, stop capitals
    stop_capitals: set[str] = field(default_factory=set)  # function words that start sentences
    # news outlets and agencies, case-folded: they report events, they are not actors in them
    outlets: set[str] = field(default_factory=set)
    hyphen_stops: set[str] = field(default_factory=set)  # words a hyphen joins as two actors


def tokens(text: str) -> tuple[str, ...]:
    return tuple(
        m.group().rstrip(".") if not _is_dotted(m.group()) else m.group()
        for m in TOKEN_RE.finditer(text)
    )


def _is_dotted(tok: str) -> bool:
    """'U.S.' keeps its dots; a word with a trailing full stop loses it."""
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}", tok))


def _read(name: str) -> str:
    return resources.files("summarizer").joinpath("data", name).read_text(encoding="utf-8")


def _rows(name: str) -> list[list[str]]:
    out = []
    for line in _read(name).splitlines():
        if line.strip() and not line.startswith("#"):
            out.append([c.strip() for c in line.split("\t")])
    return out


def _split(cell: str) -> list[str]:
    return [p.strip() for p in cell.split(";") if p.strip()]


def _add(lex: Lexicon, form: str, known: Known) -> None:
    key = tokens(form)
    if not key:
        return
    lex.names.setdefault(key, known)
    lex.max_len = max(lex.max_len, len(key))
    if len(key) == 1 and form.isupper() and len(form) >= 3 and known.kind == "organization":
        lex.folded.setdefault(form.casefold(), known)


@cache
def lexicon() -> Lexicon:
    lex = Lexicon()
    listed = json.loads(_read("lexicon.json"))
    curated: set[str] = set()
    for row in _rows("countries.tsv"):
        row += [""] * (4 - len(row))
        canonical, aliases, capitals, demonyms = row[:4]
        known = Known(f"C:{canonical}", canonical, "country")
        for form in [canonical, *_split(aliases)]:
            _add(lex, form, known)
            curated.add(form)
        for form in _split(capitals):
            _add(lex, form, Known(known.key, canonical, "country", metonym=True))
        lex.demonyms.update(_split(demonyms))
    for c in pycountry.countries:
        if c.alpha_2 in _NOT_ACTORS:
            continue
        candidates: list[str | None] = [getattr(c, "common_name", None), c.name]
        forms = [f for f in candidates if f and "," not in f and "(" not in f]
        if not forms:
            continue
        existing = next((lex.names[tokens(f)] for f in forms if tokens(f) in lex.names), None)
        known = existing or Known(f"C:{forms[0]}", forms[0], "country")
        for form in forms:
            _add(lex, form, known)
    for row in _rows("organizations.tsv"):
        canonical = row[0]
        known = Known(f"O:{canonical}", canonical, "organization")
        for form in [canonical, *_split(row[1] if len(row) > 1 else "")]:
            _add(lex, form, known)
    firsts: dict[str, set[int]] = {}
    for key in lex.names:
        firsts.setdefault(key[0], set()).add(len(key))
    lex.lengths = {k: tuple(sorted(v, reverse=True)) for k, v in firsts.items()}
    lex.person_titles = {tokens(t) for t in listed["person_titles"]}
    lex.title_firsts = {t[0] for t in lex.person_titles}
    lex.role_nouns = set(listed["role_nouns"])
    lex.anonymous_nouns = set(listed["anonymous_nouns"])
    lex.org_suffixes = {t.rstrip(".") for t in listed["org_suffixes"]}
    lex.place_suffixes = set(listed["place_suffixes"])
    lex.event_words = set(listed["event_words"])
    lex.places = {tokens(p) for p in listed["places"]}
    lex.stop_capitals = set(listed["stop_capitals"])
    lex.non_actors = set(listed["platforms"]) | set(listed["groups"]) | set(listed["stop_capitals"])
    lex.non_actors |= lex.demonyms
    lex.outlets = {o.casefold() for o in listed["outlets"]}
    # "Russia-Ukraine", "Israeli-US": gazetteer words and demonyms are separate actors even
    # when hyphenated; any other capitalised pair ("Jean-Noël") is one name
    lex.hyphen_stops = set(lex.lengths) | lex.demonyms
    return lex
