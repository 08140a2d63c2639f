"""Context cues read around each mention: position, locatives, roles, org/outlet/speech cues."""

from __future__ import annotations

import re

from summarizer.rules.lexicon import Lexicon
from summarizer.rules.tokens import Mention, _Tok
from summarizer.rules.wordlists import alternation, words

_LOCATIVE = words("locative_words")
_ROLE_LEAD_STOPS = words("role_lead_stops")
_PLACE_NOUNS = words("place_nouns")
_ORG_CUE_AFTER = words("org_cues_after")
_ORG_CUE_BEFORE = words("org_cues_before")
SPEECH_VERBS = words("speech_verbs")
_CLAUSE_OPENERS = words("clause_openers")
_OUTLET_AFTER = re.compile(r"\s+" + alternation(words("outlet_nouns")) + r"\b")
# precompiled: _context runs for every mention
_CTX_WORDS = re.compile(r"[\w'’-]+|[,;:()]")
_COMPOUND_AFTER = re.compile("-" + alternation(words("compound_suffixes")) + r"\b")
_NEXT_WORD = re.compile(r"\s*([\w'’-]+)")
_APPOSITION = re.compile(r",\s+((?:[a-z][\w-]*|\d+)\b[^,.;]{0,90})")
_PHRASE_WORDS = re.compile(r"[\w-]+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def _appositive_opener(lex: Lexicon, word: str) -> bool:
    """Whether "Name, WORD …" can open an apposition ("a farmer", "deputy head of …"), not a
    clause ("said …", "which …", "praised the senator": a verb after the subject)."""
    if word in lex.role_nouns:
        return True
    return not (word in SPEECH_VERBS or word in _CLAUSE_OPENERS or word.endswith("ed"))


def _after_opening_quote(text: str, at: int) -> bool:
    """Whether `at` follows an opening quotation mark right before it, or one that starts the
    text or follows a sentence end ('… said. "Ruiz …'). Walks back over spaces only, instead of copying and
    stripping the whole text before `at` for every mention."""
    if at > 1 and text[at - 1] in '\u201c"' and (text[at - 2].isspace() or text[at - 2] in "(["):
        return True  # 'the words "Stay tuned"': a quotation's first word is capitalised by position
    k = at
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or text[k - 1] not in '\u201c"':
        return False
    k -= 1
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k == 0 or text[k - 1] in ".!?"


_DIRECTIONS = words("direction_words")
# "between Oslo and Bergen", "from Oslo to Bergen": the second place of a pair
_PAIR_OPENERS = {"and": "between", "to": "from"}


def _located(prev: str, before: list[str]) -> bool:
    """A location named after "of" ("the city of Tromso", "400km north of Oslo") or as the
    second of a pair of places ("between Oslo and Bergen", "from Oslo to Bergen")."""
    if len(before) < 2:
        return False
    if prev == "of":
        word = before[-2].lower()
        return word in _PLACE_NOUNS or word in _DIRECTIONS
    opener = _PAIR_OPENERS.get(prev)
    return opener is not None and len(before) > 2 and before[-3].lower() == opener


# The context pass: flags set on each mention from the words around it.


def context(lex: Lexicon, m: Mention, toks: list[_Tok], text: str, starts: set[int]) -> None:
    m.sentence_initial = m.start in starts or _after_opening_quote(text, m.start)
    before = _CTX_WORDS.findall(text, max(0, m.start - 80), m.start)
    if _COMPOUND_AFTER.match(text, m.end):
        m.locative = True
    if before:
        prev = before[-1].lower()
        if prev in {"the", "a", "an"}:
            m.determiner = True
        if prev in _LOCATIVE or _located(prev, before):
            m.locative = True
        if prev in _ORG_CUE_BEFORE:
            m.org_cue = True
        # lower-case role words right before a name: "foreign ministry spokesman Hong Lei"
        lead: list[str] = []
        # only people and unknowns take them; the words are not read for anyone else
        for w in reversed(before) if m.kind in ("person", "unknown") else ():
            if w[0].islower() and w not in _ROLE_LEAD_STOPS and len(lead) < 4:
                lead.insert(0, w)
                continue
            break
        if m.kind in ("person", "unknown") and lead and lead[-1].lower() in lex.role_nouns:
            m.person_cue = True
            m.role = m.role or " ".join(lead)
    after = text[m.end : m.end + 120]
    if _OUTLET_AFTER.match(after):
        m.outlet_cue = True
    nxt = _NEXT_WORD.match(after)
    if nxt and nxt.group(1).lower() in _ORG_CUE_AFTER and after.startswith(" "):
        m.org_cue = True
    if nxt and nxt.group(1).lower() in SPEECH_VERBS and after.startswith(" "):
        m.speaker_cue = True
    appo = _APPOSITION.match(after)
    if appo and m.kind in ("person", "unknown"):
        phrase = appo.group(1)
        words = _PHRASE_WORDS.findall(phrase.lower())
        if words[0].isdigit() or (
            _appositive_opener(lex, words[0]) and any(w in lex.role_nouns for w in words[:7])
        ):
            m.person_cue = True
            if not words[0].isdigit() and words[0] != "who":
                m.role = m.role or _ARTICLE.sub("", phrase).strip()
