"""Mentions → one actor per real-world entity: gazetteer keys, surnames merged into full names,
acronyms into the names they abbreviate, weak candidates kept only with evidence."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from summarizer.models import Actor, ActorType
from summarizer.rules.lexicon import lexicon
from summarizer.rules.mentions import Mention
from summarizer.rules.wordlists import words


@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """Case-, accent- and punctuation-folded form, as the scorer compares names."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(re.sub(r"^the\s+", "", s.strip()).split())


@dataclass
class Entity:
    kind: str  # country | organization | person | unknown
    key: str
    canonical: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    speaker: bool = False
    in_title: bool = False

    @property
    def body(self) -> list[Mention]:
        # read many times per entity once resolution is done: built once per change
        if self._body is None:
            self._body = [m for m in self.mentions if m.para >= 0]
        return self._body

    @property
    def forms(self) -> Counter[str]:
        if self._forms is None:
            self._forms = Counter(m.surface for m in self.body)
        return self._forms

    tokens: list[str] = field(default_factory=list)  # the longest surface form, split
    _body: list[Mention] | None = field(default=None, repr=False, compare=False)
    _forms: Counter[str] | None = field(default=None, repr=False, compare=False)
    # answers about all mentions, asked per quote during attribution: each is computed once
    # per change (mentions are fully tagged before they are grouped into entities)
    _memo: dict[str, bool] = field(default_factory=dict, repr=False, compare=False)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self._body = self._forms = None
        self._memo.clear()
        if m.para >= 0:
            words = m.surface.split()
            if len(words) > len(self.tokens):
                self.tokens = words

    def memo(self, key: str, compute: Callable[[Entity], bool]) -> bool:
        """`compute(self)`, remembered under `key` until the next `add`."""
        answer = self._memo.get(key)
        if answer is None:
            answer = self._memo[key] = compute(self)
        return answer

    def has(self, attr: str) -> bool:
        return self.memo(attr, lambda e: any(getattr(m, attr) for m in e.body))

    @property
    def first(self) -> tuple[int, int]:
        return min((m.para, m.start) for m in self.body)


def _initials(name: str) -> tuple[str, str]:
    """The acronyms a name may take: "Council on American-Islamic Relations" is "CAIR", a
    hyphenated word giving one letter per part, or "CAR"."""
    words = re.findall(r"[A-Z][\w'-]*", name)
    parts = re.findall(r"[A-Z][\w']*", name)
    return "".join(w[0] for w in words), "".join(w[0] for w in parts)


def _short_form(tokens: list[str], word: str) -> bool:
    """Whether `word` is an organisation's name without its legal form or region ("Lycos" of
    "Lycos Europe", "Netcraft" of "Netcraft Ltd"): only such tails are dropped in short."""
    if tokens[0] != word:
        return False
    places = lexicon().places
    return all(t.rstrip(".") in _LEGAL_FORMS or (t,) in places for t in tokens[1:])


_LEGAL_FORMS = words("legal_forms")


def _without_legal_form(a: str, b: str) -> bool:
    """Whether one folded organisation name is the other followed by a legal form ("global
    crossing" of "global crossing ltd")."""
    short, long = sorted((a.split(), b.split()), key=len)
    return (
        len(short) < len(long)
        and long[: len(short)] == short
        and all(t in _FOLDED_LEGAL_FORMS for t in long[len(short) :])
    )


_FOLDED_LEGAL_FORMS = frozenset(w.casefold() for w in _LEGAL_FORMS)


_THE = re.compile(r"^(?:[Tt]he)\s+")


def _strip_the(surface: str) -> str:
    return _THE.sub("", surface)


class Resolver:
    """Groups mentions into entities; `entity_of` maps every mention to its entity."""

    def __init__(self, mentions: list[Mention]) -> None:
        self.entities: dict[str, Entity] = {}
        self.entity_of: dict[int, Entity] = {}
        self._folded: list[tuple[Entity, set[str]]] | None = None
        singles: list[Mention] = []
        for m in mentions:
            if m.para < 0:
                continue
            bearer = self._surname_bearer(m)
            if bearer is not None:
                self._add(bearer.key, "person", m)
            elif m.key:
                self._add(m.key, m.kind, m, m.canonical)
            elif m.kind == "organization":
                self._add_org(m)
            elif m.kind == "person" and len(m.surface.split()) > 1:
                self._add_person(m)
            else:
                singles.append(m)
        for m in singles:
            self._add_single(m)
        for m in mentions:
            if m.para < 0:
                ent = self.lookup(m)
                if ent:
                    ent.in_title = True
                    self.entity_of[id(m)] = ent

    def _surname_bearer(self, m: Mention) -> Entity | None:
        """ "Omar Wales ... Wales said": a bare country name right before a speech verb that is
        the surname of a person named before it stands for that person ("moved to Wales" is
        still the country)."""
        if not m.speaker_cue or m.kind != "country" or m.locative or " " in m.surface:
            return None
        return next(
            (
                e
                for e in self.entities.values()
                if e.kind == "person" and len(e.tokens) > 1 and e.tokens[-1] == m.surface
            ),
            None,
        )

    def _add(self, key: str, kind: str, m: Mention, canonical: str | None = None) -> Entity:
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(kind, key, canonical)
        ent.add(m)
        self.entity_of[id(m)] = ent
        return ent

    def _add_org(self, m: Mention) -> None:
        name = fold(_strip_the(m.surface))
        for ent in self.entities.values():
            if ent.kind != "organization":
                continue
            other = fold(_strip_the(ent.tokens and " ".join(ent.tokens) or ""))
            if other and (
                other.endswith(" " + name)
                or name.endswith(" " + other)
                or other == name
                or _without_legal_form(other, name)
            ):
                self._add(ent.key, ent.kind, m)
                return
        self._add("O:" + name, "organization", m)

    def _add_person(self, m: Mention) -> None:
        toks = m.surface.split()
        for ent in self.entities.values():
            if (
                ent.kind == "person"
                and (set(toks) <= set(ent.tokens) or set(ent.tokens) <= set(toks))
                and toks[-1] == ent.tokens[-1]
            ):
                self._add(ent.key, "person", m)
                return
        self._add("P:" + m.surface, "person", m)

    def match_single(self, word: str) -> Entity | None:
        people = [e for e in self.entities.values() if e.kind == "person" and len(e.tokens) > 1]
        for pick in (
            lambda e: e.tokens[-1] == word,
            lambda e: e.tokens[0] == word,
            lambda e: word in e.tokens,
        ):
            hits = [e for e in people if pick(e)]
            if hits:
                return min(hits, key=lambda e: e.first)
        for e in self.entities.values():
            if e.kind == "organization" and len(e.tokens) > 1 and _short_form(e.tokens, word):
                return e  # "Lycos" for "Lycos Europe", "Netcraft" for "Netcraft Ltd"
            if (
                e.kind == "organization"
                and len(e.tokens) > 1
                and word.isupper()
                and len(word) >= 2
                and word in _initials(" ".join(e.tokens))
            ):
                return e
        return None

    def _add_single(self, m: Mention) -> None:
        word = m.surface
        ent = self.match_single(word)
        if ent is not None:
            self._add(ent.key, ent.kind, m)
            return
        self._add("U:" + fold(word), "unknown", m)

    def lookup(self, m: Mention) -> Entity | None:
        if m.key:
            return self.entities.get(m.key)
        f = fold(_strip_the(m.surface))
        if self._folded is None:
            # looked up only once every body mention is placed (title mentions), so the
            # folded forms of each entity are computed once, not once per title word
            self._folded = [
                (ent, {fold(_strip_the(s)) for s in ent.forms}) for ent in self.entities.values()
            ]
        for ent, forms in self._folded:
            if f in forms:
                return ent
        if len(m.surface.split()) == 1:
            return self.match_single(m.surface)
        return None


def _is_outlet(names: set[str], outlets: set[str]) -> bool:
    return bool(names & outlets)


@lru_cache(maxsize=256)
def outlet_names(source: str | None) -> frozenset[str]:
    """'AFP (via Daily Mail)' → {'afp', 'daily mail'}; 'BBC News' also gives 'bbc'."""
    if not source:
        return frozenset()
    out = set()
    for part in re.split(r"[(),/;]|\bvia\b|\s[-–—|]\s", source):
        name = fold(part)
        if not name:
            continue
        out.add(name)
        out.add(re.sub(r"\s+(news|online|com|net|org|world service|media)$", "", name))
    known = lexicon().names
    for name in list(out):
        for form, k in known.items():
            if k.kind == "organization" and fold(" ".join(form)) == name:
                out |= {fold(" ".join(f)) for f, k2 in known.items() if k2.key == k.key}
    return frozenset(out)


@lru_cache(maxsize=1)
def _outlets() -> frozenset[str]:
    return frozenset(fold(o) for o in lexicon().outlets)


def is_outlet(ent: object) -> bool:
    """A news outlet or agency ("Reuters", "Wafa news agency"): a source of reports, which
    is an actor only when its own words are quoted."""
    return isinstance(ent, Entity) and ent.memo("is_outlet", _named_outlet)


def _named_outlet(ent: Entity) -> bool:
    known = _outlets()
    if ent.canonical and fold(ent.canonical) in known:
        return True
    return any(fold(m.surface) in known or m.outlet_cue for m in ent.mentions)


_SECURITY = words("security_forces")


def keep(ent: Entity) -> bool:
    """Whether a candidate is a real actor rather than a stray capitalised word."""
    body = ent.body
    if not body:
        return False
    if ent.kind == "country" and all(m.metonym and m.locative for m in body):
        return False
    if ent.kind == "organization" and all(m.surface.rsplit(None, 1)[-1] in _SECURITY for m in body):
        # "Russian forces", "the Israeli police": named in passing they are scenery, not
        # actors; they are actors when they speak or recur
        return ent.speaker or ent.has("speaker_cue") or len(body) >= 2
    if ent.kind in ("country", "organization"):
        return True
    if ent.speaker or ent.has("person_cue") or ent.has("org_cue"):
        return True
    if ent.kind == "person":
        if all(m.determiner or m.locative for m in body):
            return False  # "the Lighthouse Winmore", "the Rye Song Gang": vessels, works, places
        if (
            _body_with_article(ent)
            and not ent.has("speaker_cue")
            and any(m.common_tail and m.determiner for m in body)
        ):
            # "the Coast Train", "the Green Paper": a name taking "the" and ending in a
            # common noun the article also writes in lower case names a thing, not an actor
            return False
        # a known first name ("Yara Saleh of the council") is evidence of a person too
        return len(body) >= 2 or ent.has("speaker_cue") or gender(ent) is not None
    informative = [m for m in body if not m.sentence_initial and not m.locative]
    if (
        ent.tokens
        and ent.tokens[0].isupper()
        and len(ent.tokens[0]) <= 5
        and not any(m.in_quote for m in body)
    ):
        return len(body) >= 2 or bool(informative)
    return len(body) >= 2 and bool(informative) and not all(m.locative for m in body)


def _gendered(ent: Entity, sex: str) -> bool:
    """A title or role word of that sex ("Mrs", "spokeswoman"), or a first name of it."""
    role_words = {w.lower() for m in ent.body if m.role for w in m.role.split()}
    first = ent.tokens[0] if len(ent.tokens) > 1 else ""
    return bool(role_words & words(f"gender_words_{sex}")) or first in words(f"first_names_{sex}")


def gender(ent: object) -> str | None:
    """'female', 'male' or None (unknown or contradictory), for matching "she"/"he"."""
    if not isinstance(ent, Entity) or actor_type(ent) != "person":
        return None
    female = ent.memo("female", lambda e: _gendered(e, "female"))
    male = ent.memo("male", lambda e: _gendered(e, "male"))
    if female == male:
        return None
    return "female" if female else "male"


def actor_type(ent: Entity) -> ActorType:
    if ent.kind == "person" and _body_with_article(ent):
        return "organization"
    if ent.kind in ("country", "organization", "person"):
        return ent.kind  # type: ignore[return-value]
    if ent.has("person_cue"):
        return "person"
    if ent.has("org_cue") or (ent.tokens and ent.tokens[0].isupper()):
        return "organization"
    return "person" if ent.speaker else "organization"


def _body_with_article(ent: Entity) -> bool:
    """ "talks with the Sinn Fein": a two-word name that takes "the" somewhere, with no title,
    role or known first name saying it is a person's, names a body (people take no article)."""
    return (
        ent.has("determiner")
        and not ent.has("person_cue")
        and not any(m.role for m in ent.body)
        and not ent.memo("female", lambda e: _gendered(e, "female"))
        and not ent.memo("male", lambda e: _gendered(e, "male"))
    )


def to_actor(ent: Entity, key: bool) -> Actor:
    forms = ent.forms
    if ent.kind == "country":
        plain = [s for m in ent.body if not m.metonym for s in [m.surface]]
        name = Counter(plain).most_common(1)[0][0] if plain else (ent.canonical or ent.tokens[0])
    elif ent.kind == "organization" and ent.canonical and ent.canonical in forms:
        name = ent.canonical
    else:
        name = _strip_the(max(forms, key=lambda s: (len(s.split()), forms[s], len(s))))
    aliases = sorted({_strip_the(s) for s in forms} - {name})
    role = next((m.role for m in ent.body if m.role and m.person_cue), None) or next(
        (m.role for m in ent.body if m.role), None
    )
    return Actor(
        name=name,
        type=actor_type(ent),
        aliases=aliases,
        role=role,
        mentions=max(1, len(ent.body)),
        key=key,
    )
