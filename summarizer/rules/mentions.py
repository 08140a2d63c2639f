"""Find actor mentions in a paragraph: gazetteer matches first, then runs of capitalised words
read with title, role-noun and apposition cues ("Foreign Minister Sergei Lavrov",
"spokesman Gareth Hewett", "Alexander Gabuev, an expert at …")."""

from __future__ import annotations

import re

from summarizer.rules.cues import SPEECH_VERBS, context
from summarizer.rules.lexicon import Known, Lexicon, lexicon
from summarizer.rules.orgs import and_tail, bodies, joined_name, org_of, parties
from summarizer.rules.persons import (
    _GERUND,
    _OCCUPATIONS,
    _TITLE_HEADS,
    demonym,
    descriptors,
    person,
    role_before,
    titled,
)
from summarizer.rules.places import (
    _COMPASS,
    _EVENT_ENDS,
    _PLACE_AFTER,
    _PLACE_HEADS,
    _event,
    _place_named,
)
from summarizer.rules.tokens import (
    _CONNECTORS,
    _FIRST_NAMES,
    _FUNCTION,
    Mention,
    MentionKind,
    _adjacent,
    _known,
    _org_mention,
    _Tok,
    _toks,
    run_end,
)
from summarizer.rules.wordlists import alternation, words

_BARE_BODIES = words("bare_bodies")
_SINGLE_BODIES = words("single_bodies")
_LEGAL_FORMS = words("legal_forms")
_ORG_NOUN_AFTER = re.compile(r" " + alternation(words("org_cues_before")) + r" [A-Z]")
# "according to Global Crossing": what follows the phrase is a source's name, so a stop
# capital opening it is the name's first word
_SOURCE_BEFORE = re.compile(r"\baccording to $", re.IGNORECASE)

__all__ = ["SPEECH_VERBS", "Mention", "MentionKind", "Tagger"]


_ROMAN = re.compile(r"^[IVXLC]+$")


def _source_follows(toks: list[_Tok], i: int, text: str) -> bool:
    start = toks[i].start
    return (
        i + 1 < len(toks)
        and toks[i + 1].cap
        and _SOURCE_BEFORE.search(text, max(0, start - 13), start) is not None
    )


def _acronym_in(names: list[str]) -> bool:
    """One all-capital word of three letters or more, no regnal number ("Louis XIV"), among
    words that are not shouted too ("HAVE YOUR SAY It" is a page heading)."""
    caps = [w for w in names if len(w) >= 2 and w.isupper() and w.isalpha()]
    return len(caps) == 1 and len(caps[0]) >= 3 and not _ROMAN.match(caps[0])


class Tagger:
    def __init__(self, text_words: set[str]) -> None:
        self.lex: Lexicon = lexicon()
        self.lower_words = text_words  # words seen in lower case anywhere in the article
        # "Global Crossing" after "Global Crossing Ltd.": a company's name without its legal
        # form, which names the company even when its last word reads as a place's
        self.short_orgs: set[tuple[str, ...]] = set()

    def tag(self, para: int, text: str, sentence_starts: set[int]) -> list[Mention]:
        toks = _toks(text)
        # a sentence opening with a quotation mark starts at the word after it
        sentence_starts = sentence_starts | {
            s + 1 for s in sentence_starts if text[s : s + 1] in "\"“‘'"
        }
        out: list[Mention] = []
        i = 0
        while i < len(toks):
            if i > 0 and toks[i - 1].text in "#@" and toks[i - 1].end == toks[i].start:
                i += 1
                continue  # hashtags and handles are not names
            hit = self._gazetteer(toks, i, text) if toks[i].cap else None
            if hit:
                j, m = hit
                m.para = para
                out.append(m)
                # "U.S. Treasury Department", "Zimbabwe Herald": a country fused to an org name
                fused_end = (
                    run_end(self.lex, toks, j, text)
                    if j < len(toks)
                    and toks[j].cap
                    and _adjacent(toks[j - 1], toks[j], text)
                    # "in Oslo. The Baltic …": a full stop ends the name ("U.S." keeps its own)
                    and toks[j - 1].raw == toks[j - 1].text
                    else j
                )
                if (
                    fused_end > j
                    and toks[fused_end - 1].text in self.lex.org_suffixes
                    and not titled(self.lex, toks, j, fused_end)
                ):
                    out.append(
                        Mention(
                            para,
                            m.start,
                            toks[fused_end - 1].tend,
                            text[m.start : toks[fused_end - 1].tend],
                            "organization",
                        )
                    )
                    i = fused_end
                else:
                    i = j
                continue
            if toks[i].cap and self._skippable(toks, i, sentence_starts, text):
                i += 1
                continue
            if toks[i].cap:
                j = run_end(self.lex, toks, i, text)
                head, joined = joined_name(self.lex, toks, i, j, text)
                if joined > j:
                    j = joined
                    found = [_org_mention(para, toks[head:j], text)]
                    out.extend(found)
                    i = j
                    continue
                found = self._analyse(para, toks, i, j, text, sentence_starts)
                j = and_tail(self.lex, found, toks, j, text)
                out.extend(found)
                i = j
                continue
            i += 1
        for m in out:
            if m.kind == "organization" and not m.key:
                parts = tuple(m.surface.split())
                if len(parts) > 2 and parts[-1].rstrip(".") in _LEGAL_FORMS:
                    self.short_orgs.add(parts[:-1])
        out.extend(bodies(self.lex, para, text, out))
        out = parties(self.lex, para, text, out)
        for m in out:
            context(self.lex, m, toks, text, sentence_starts)
            if m.kind in ("person", "unknown") and " " in m.surface:
                m.common_tail = m.surface.rsplit(None, 1)[-1].lower() in self.lower_words
        if any(m.kind == "organization" and m.surface.endswith(_EVENT_ENDS) for m in out):
            out = [m for m in out if not _event(m, text)]
        if _PLACE_AFTER.search(text):
            out = [m for m in out if not _place_named(m, text)]
        return out

    def _gazetteer(self, toks: list[_Tok], i: int, text: str) -> tuple[int, Mention] | None:
        if not toks[i].cap:
            return None
        lengths = self.lex.lengths.get(toks[i].text)
        if lengths is None:
            lengths = (1,) if toks[i].text.casefold() in self.lex.folded else ()
        for n in lengths:
            if n > len(toks) - i:
                continue
            span = toks[i : i + n]
            if any(
                not _adjacent(a, b, text) or a.text == "-" or b.text == "-"
                for a, b in zip(span, span[1:], strict=False)
            ):
                continue
            known = self.lex.names.get(tuple(t.text for t in span))
            if known is None and n == 1 and toks[i].text[1:].islower():
                known = self.lex.folded.get(toks[i].text.casefold())
            if known is None or self._first_name(known, toks, i + n, text):
                continue
            if (
                n == 1
                and known.kind == "organization"
                and len(toks[i].text) <= 2
                and i + 1 < len(toks)
                and toks[i + 1].text == "-"
            ):
                continue
            end = span[-1].tend
            m = Mention(
                -1,
                span[0].start,
                end,
                text[span[0].start : end],
                known.kind,
                known.key,
                known.name,
                known.metonym,
            )
            return i + n, m
        return None

    def _first_name(self, known: Known, toks: list[_Tok], nxt: int, text: str) -> bool:
        """ "Sofia Marsh", "Victoria Lane": a capital that is also a first name, followed by
        a capitalised word that is not a known name, starts a person's name."""
        if not known.metonym or nxt >= len(toks) or not toks[nxt].cap:
            return False
        first = text[toks[nxt - 1].start : toks[nxt - 1].tend]
        return (
            first in _FIRST_NAMES
            and _adjacent(toks[nxt - 1], toks[nxt], text)
            and toks[nxt].text not in self.lex.lengths
        )

    def _skippable(self, toks: list[_Tok], i: int, starts: set[int], text: str) -> bool:
        """A stop capital or a sentence-initial common word, unless a title starts here."""
        tok = toks[i]
        if tok.text in self.lex.demonyms or titled(self.lex, toks, i, min(len(toks), i + 4)):
            return False
        if tok.text in _OCCUPATIONS and i + 1 < len(toks) and toks[i + 1].cap:
            return False  # "Lawyer Ines Ferreira …": the role, then the name
        if tok.text in self.lex.stop_capitals and not _source_follows(toks, i, text):
            # "the Finance Ministry", "State Department": a stop word that starts an org name
            j = run_end(self.lex, toks, i, text)
            return tok.text.lower() in _FUNCTION or not (
                (j - i > 1 and toks[j - 1].text in self.lex.org_suffixes)
                or org_of(self.lex, toks, i, j)
                or joined_name(self.lex, toks, i, j, text)[1] > j
            )
        # "Baltic Energy Institute": a group word inside a name stays in the run;
        # "Officials said", "Witnesses saw": unnamed people opening a sentence are no name
        if tok.start not in starts:
            return False
        low = tok.text.lower()
        if _ORG_NOUN_AFTER.match(text, tok.tend) and run_end(self.lex, toks, i, text) == i + 1:
            return True  # "Security company Sophos": a noun describing the firm named next
        return low in self.lower_words or (
            low in self.lex.anonymous_nouns and run_end(self.lex, toks, i, text) == i + 1
        )

    def _common(self, tok: _Tok, initial: bool) -> bool:
        if tok.text in self.lex.stop_capitals:
            return True
        if not initial:
            return False
        # "Losing Franklin at the last moment …": a gerund opening the sentence is a verb
        return tok.text.lower() in self.lower_words or (
            _GERUND.search(tok.text) is not None and tok.text not in _FIRST_NAMES
        )

    def _analyse(
        self, para: int, toks: list[_Tok], i: int, j: int, text: str, starts: set[int]
    ) -> list[Mention]:
        """The mentions in the capitalised run toks[i:j]: a known name, an organisation, or
        a person after their titles, demonyms and descriptors; [] for anything else."""
        i = self._lead_end(toks, i, j, text, starts)
        if i >= j:
            return []
        names = tuple(t.text for t in toks[i:j])
        known = self.lex.names.get(names)
        if known is not None:
            return [_known(para, toks[i:j], text, known)]
        if len(names) > 1 and all(w.isupper() and len(w) > 1 for w in names):
            return []  # shouted words ("CAUGHT RED HANDED"), page chrome
        if names in self.short_orgs:
            return [_org_mention(para, toks[i:j], text)]
        if names in self.lex.places:
            return []
        org = self._organisation(para, toks, i, j, text, starts)
        if org is not None:
            return org
        role: list[str] = []
        k, cue = self._roles(toks, i, j, role)
        k, cue = descriptors(self.lex, toks, k, j, role, cue)
        if k >= j or self._not_a_name(toks, k, j, text, starts):
            return []
        return self._named(para, toks[k:j], text, role, cue)

    def _lead_end(self, toks: list[_Tok], i: int, j: int, text: str, starts: set[int]) -> int:
        """Past the leading sentence-start words and stop capitals ("But", "Asked",
        "Offshore"), but not the first word of an organisation's name ("Foreign Ministry")."""
        lex = self.lex
        while i < j:
            if toks[i].text.lower() in _FUNCTION:
                i += 1
                continue
            if (
                # the cheapest test first: most runs open with a word that is not common
                not self._common(toks[i], toks[i].start in starts)
                or _source_follows(toks, i, text)
                or tuple(t.text for t in toks[i:j]) in lex.names
                or (j - i > 1 and toks[j - 1].text in lex.org_suffixes)
                or org_of(self.lex, toks, i, j)
                or titled(self.lex, toks, i, j)
                or demonym(self.lex, toks, i, j)
                or (toks[i].text in _OCCUPATIONS and j - i > 1)
            ):
                break
            i += 1
        return i

    def _organisation(
        self, para: int, toks: list[_Tok], i: int, j: int, text: str, starts: set[int]
    ) -> list[Mention] | None:
        """A run that names an organisation (or a titled person of one), [] for a bare body
        ("the Russian Government"), None when the run is no organisation's."""
        lex = self.lex
        names = [t.text for t in toks[i:j]]
        if len(names) == 1 and names[0] in _SINGLE_BODIES:
            return [_org_mention(para, toks[i:j], text)]  # "the Senate voted"
        if "of" in names and names[-1] in lex.org_suffixes:
            # "Professor Samuel Moyn of Yale University": a titled person, then the
            # organisation they belong to, not one long organisation name
            at = names.index("of")
            if at > 1 and titled(self.lex, toks, i, i + at):
                person = self._analyse(para, toks, i, i + at, text, starts)
                if len(person) == 1 and person[0].kind == "person":
                    return person + self._analyse(para, toks, i + at + 1, j, text, starts)
        # "Ray Everett-Church": a suffix hyphenated to a name is a double-barrelled surname
        if names[-1] in lex.org_suffixes and len(names) > 1 and names[-2] != "-":
            core = [w for w in names[:-1] if w not in lex.demonyms and w not in _CONNECTORS]
            # "the Scottish Executive" names one body; "the Russian Government" is a bare
            # body word after a demonym, which names its country's government, not a body
            if all(w in lex.non_actors for w in core) and names[-1] in _BARE_BODIES:
                return []
            return [_org_mention(para, toks[i:j], text)]
        # "Organisation of Islamic Cooperation", "Bank of England": an organisation word
        # heading an "of" name is an organisation, whatever its last word
        if len(names) > 2 and names[0] in lex.org_suffixes and "of" in names[1:-1]:
            return [_org_mention(para, toks[i:j], text)]
        return None

    def _roles(self, toks: list[_Tok], i: int, j: int, role: list[str]) -> tuple[int, bool]:
        """Titles and demonyms in front of a name ("Russian President Vladimir Putin"),
        added to `role`: where the name starts, and whether a title said it is a person."""
        lex = self.lex
        cue = False
        k = i
        while k < j:
            n_dem = demonym(self.lex, toks, k, j)
            if n_dem:
                role.extend(t.text for t in toks[k : k + n_dem])
                k += n_dem
                continue
            head = self._title_head(toks, k, j)
            if head:
                role.extend(t.text for t in toks[k : k + head])  # "Trade Minister"
                k += head
                cue = True
                continue
            if toks[k].text not in lex.title_firsts:
                break  # no title starts here
            n = next(
                (
                    n
                    for n in range(min(4, j - k), 0, -1)
                    if tuple(t.text for t in toks[k : k + n]) in lex.person_titles
                ),
                0,
            )
            if not n:
                break
            role.extend(t.text for t in toks[k : k + n])
            k += n
            cue = True
        if k == i and j - k > 1 and toks[k].text in _OCCUPATIONS:
            # "Analyst Mira Holm said": an occupation opening the sentence is capitalised
            # only by position; it is the role, and the name starts after it
            role.append(toks[k].text.lower())
            k += 1
            cue = True
        return k, cue

    def _title_head(self, toks: list[_Tok], k: int, j: int) -> int:
        """Length of a title of two or more words ending in a title head ("Energy
        Secretary") at k, else 0."""
        head = next(
            (n for n in range(1, min(4, j - k - 1) + 1) if toks[k + n - 1].text in _TITLE_HEADS),
            0,
        )
        if head > 1 and all(toks[x].text not in _CONNECTORS for x in range(k, k + head)):
            return head
        return 0

    def _not_a_name(self, toks: list[_Tok], k: int, j: int, text: str, starts: set[int]) -> bool:
        """Whether what is left after the titles names no actor: a gerund, an event, a place,
        a region, a model number or a lone initial."""
        lex = self.lex
        rest = toks[k:j]
        names = [t.text for t in rest]
        if len(names) == 1 and toks[k].start in starts and _GERUND.search(names[0]):
            return True  # "Speaking to reporters, …": a sentence-initial gerund, not a name
        # "political analyst Hana Eid": a role word before the run makes it a person even when
        # a word of the name is also an event word
        # "Bill Gates": a known first name opening a longer name is no event word ("the
        # Finance Bill" still is)
        events = names[1:] if len(names) > 1 and names[0] in _FIRST_NAMES else names
        if any(w in lex.event_words for w in events) and not role_before(
            self.lex, text, rest[0].start
        ):
            return True
        if tuple(names) in lex.places or names[-1] in lex.place_suffixes:
            return True
        if len(names) > 1 and (names[0] in _COMPASS or names[0] in _PLACE_HEADS):
            return True  # "North Kordofan", "Area B": regions and zones, which are places
        # "Airbus H125", a lone initial: not names of actors
        return any(
            w != "-" and not w.replace("'", "").replace("’", "").isalpha() for w in names
        ) or (len(names) == 1 and len(names[0]) == 1)

    def _named(
        self, para: int, rest: list[_Tok], text: str, role: list[str], cue: bool
    ) -> list[Mention]:
        """The name after the titles: "Xi Jinping of China", "Nazi Germany", or a person."""
        lex = self.lex
        names = [t.text for t in rest]
        # "Xi Jinping of China": a name, then the country it leads
        if "of" in names:
            at = names.index("of")
            tail = tuple(names[at + 1 :])
            if tail in lex.names and at > 0:
                # "of China" after a name says whose leader or citizen it is: a person
                out = person(para, rest[:at], text, role, True)
                out.append(_known(para, rest[at + 1 :], text, lex.names[tail]))
                return out
            if cue and at > 1 and len(tail) <= 2:
                # "Senator Tomas Rell of Ohio": a titled name, then the place it represents
                return person(para, rest[:at], text, role, cue)
        # "Nazi Germany", "Imperial Japan": adjectives before a country
        for a in range(len(rest)):
            for b in range(len(rest), a, -1):
                sub = tuple(names[a:b])
                if sub in lex.names and (a, b) != (0, len(rest)):
                    others = names[:a] + names[b:]
                    if all(w in lex.non_actors or w in _CONNECTORS for w in others):
                        return [_known(para, rest, text, lex.names[sub])]
        if all(w in lex.non_actors for w in names):
            return []
        if (
            not cue
            and len(names) > 1
            # "Jimmy Wales": a first name before a place word makes a person's surname
            and not (len(names) == 2 and names[0] in _FIRST_NAMES)
            and (
                self._regional_arm(names[-1])
                # "TOP European officials": a word in capitals before non-actor words only is a
                # shouted opening word, not an organisation's acronym
                or (
                    _acronym_in(names)
                    and not all(w in lex.non_actors or w.isupper() for w in names)
                )
            )
        ):
            # "Lycos Europe", "Lycos UK": a company's arm for a region, not a person; "NHS
            # Direct", "BBC Monitoring": an acronym in a name makes it an organisation's
            return [_org_mention(para, rest, text)]
        return person(para, rest, text, role, cue)

    def _regional_arm(self, last: str) -> bool:
        """Whether a name's last word is a region ("Europe", "Asia") or a country written as
        an abbreviation ("UK", "USA"), which end company names and not people's."""
        if (last,) in self.lex.places:
            return True
        known = self.lex.names.get((last,))
        return known is not None and known.kind == "country" and last.isupper()
