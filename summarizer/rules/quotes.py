"""Direct quotations and who said them.

Quoted spans are found per paragraph (straight and curly marks; a span left open at the end of
a paragraph is one quote, continued by the next paragraph's opening mark). The speaker comes
from the sentence around the quote, in this order: an attribution after it ("…," Putin said /
said Alexander Gabuev / he said), a speech verb before it (Lavrov called "…" / quoting Putin's
view: "…"), a lead-in paragraph ending in a colon, then the previous quote's speaker when the
quote stands alone. Pronouns resolve to the last person named outside quotation marks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.rules.lexicon import lexicon
from summarizer.rules.mentions import SPEECH_VERBS, Mention
from summarizer.rules.text import Paragraph

_OPEN = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_CLOSE = {'"', "\u201d", "\u00bb"}
_VERB_RE = re.compile(
    r"\b(?:according to|"
    + "|".join(sorted(SPEECH_VERBS - {"according"}, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_AFTER_VERB = {"according to", "quoting", "quoted"}  # the speaker follows the verb
_PRONOUN = re.compile(r"^[\s,;:—–-]*(?:he|she)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_LAST_WORD = re.compile(r"([\w'’-]+|[^\w\s])\s*$")
_TRAILING_CAPS = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+)+$")
_SPEECH_BEFORE = SPEECH_VERBS | {"and", "but", "while", "as", "when", "then"}
_DOCUMENTS = {
    "letter",
    "statement",
    "report",
    "document",
    "communique",
    "communiqué",
    "note",
    "message",
    "post",
    "tweet",
    "memo",
    "transcript",
    "release",
    "text",
    "editorial",
}


@dataclass
class QuoteSpan:
    para: int
    start: int  # offset of the first character inside the marks
    end: int  # offset after the last character inside the marks
    text: str
    open_ended: bool  # the paragraph ended before a closing mark
    speaker: object | None = None  # the Entity resolved as speaker


def find_quotes(p: Paragraph) -> list[QuoteSpan]:
    text = p.text
    out: list[QuoteSpan] = []
    opened = -1
    closer = ""
    for mark in _MARKS.finditer(text):  # only the quotation marks, not every character
        i, ch = mark.start(), mark.group()
        if opened < 0:
            if ch in _OPEN and (i == 0 or not text[i - 1].isalnum()):
                opened, closer = i + 1, _OPEN[ch]
        elif ch == closer or (ch in _CLOSE and closer == '"'):
            out.append(QuoteSpan(p.index, opened, i, text[opened:i], False))
            opened = -1
    if opened >= 0 and len(text) - opened > 1:
        out.append(QuoteSpan(p.index, opened, len(text), text[opened:].rstrip(), True))
    return out


def is_quote(q: QuoteSpan) -> bool:
    """Four distinct words or more and not a title ("War and Peace"): scare quotes are not quotes."""
    words = _WORD.findall(q.text)
    if len({w.casefold() for w in words}) < 4:
        return False
    caps = [w for w in words if w[0].isupper()]
    return not (len(words) <= 8 and len(caps) == len(words))


class Attributor:
    def __init__(
        self,
        paragraphs: list[Paragraph],
        mentions: list[Mention],
        entity_of: Callable[[Mention], object | None],
        is_person: Callable[[object], bool],
        is_outlet: Callable[[object], bool] = lambda _: False,
    ) -> None:
        self.paras = paragraphs
        self.mentions = sorted(
            (m for m in mentions if m.para >= 0), key=lambda m: (m.para, m.start)
        )
        self.entity_of = entity_of
        self.is_person = is_person
        self.is_outlet = is_outlet
        lex = lexicon()
        self.anonymous = lex.anonymous_nouns | lex.role_nouns
        self.role_nouns = lex.role_nouns
        self._last_said: tuple[int, object] | None = None  # (para, speaker) of the last quote

    def _in(self, para: int, a: int, b: int) -> list[tuple[Mention, object]]:
        out = []
        for m in self.mentions:
            if m.para == para and a <= m.start and m.end <= b and not m.in_quote and not m.nested:
                ent = self.entity_of(m)
                if ent is not None:
                    out.append((m, ent))
        return out

    def _pick(self, found: list[tuple[Mention, object]], nearest: bool = False) -> object | None:
        if not found:
            return None
        order = list(reversed(found)) if nearest else found
        people = [e for _, e in order if self.is_person(e)]
        return people[0] if people else order[0][1]

    def last_person(self, para: int, pos: int) -> object | None:
        for m in reversed(self.mentions):
            if (m.para, m.start) >= (para, pos) or m.in_quote:
                continue
            ent = self.entity_of(m)
            if ent is not None and self.is_person(ent):
                return ent
        return None

    def _subject(self, m: Mention) -> bool:
        """Whether a mention stands where a subject does: opening its sentence, after a role
        ("interim leader Ana Ruiz stepped down"), a comma, or a speech verb ("said Ana Ruiz").
        After a preposition or verb ("government of Ana Ruiz", "toppled Ruiz") it is an object."""
        if m.sentence_initial:
            return True
        text = self.paras[m.para].text
        # titles before the name ("Sheikh", "Interim Leader") are skipped: the word before them
        # tells subject from object
        head = _TRAILING_CAPS.sub("", text[max(0, m.start - 60) : m.start])
        if not head.strip() and m.start > 60:
            return False
        w = _LAST_WORD.search(head)
        if w is None:
            return True
        word = w.group(1)
        if not word[0].isalpha():
            return word in {",", ";", ":", "\u201c", '"', "(", "—", ".", "!", "?", "\u201d"}
        low = word.lower()
        return word[0].isupper() or low in self.role_nouns or low in _SPEECH_BEFORE

    def pronoun_person(self, para: int, pos: int) -> object | None:
        """Whom "he said" means: walking back, the first person who is either named in subject
        position or the speaker of the last attributed quote (a speech quoted across
        paragraphs keeps its speaker while others are only mentioned in between); else the
        last person named. An object ("the government of Ana Ruiz") is passed over."""
        said = self._last_said[1] if self._last_said is not None else None
        for m in reversed(self.mentions):
            if (m.para, m.start) >= (para, pos) or m.in_quote or m.nested:
                continue
            if m.para < para - 4:
                break
            ent = self.entity_of(m)
            if ent is not None and self.is_person(ent) and (ent is said or self._subject(m)):
                return ent
        if said is not None and self._last_said is not None and self._last_said[0] >= para - 6:
            return said
        return self.last_person(para, pos)

    def _descriptive(self, text: str) -> bool:
        """An unnamed person ("one analyst", "the Zimbabwean pastor"): the quote is unattributable."""
        words = [w.lower() for w in _WORD.findall(text)]
        if any(w in _DOCUMENTS for w in words):
            return False
        return any(w in self.anonymous for w in words)

    def attribute(self, quotes: list[QuoteSpan]) -> None:
        previous: QuoteSpan | None = None
        self._last_said = None
        for q in quotes:
            q.speaker = self._speaker(q, previous)
            if q.speaker is not None and self.is_person(q.speaker):
                self._last_said = (q.para, q.speaker)
            previous = q

    def _speaker(self, q: QuoteSpan, previous: QuoteSpan | None) -> object | None:
        p = self.paras[q.para]
        text = p.text
        s_start = max((s for s, _ in p.sentences if s <= max(0, q.start - 1)), default=0)
        # '"…wait?" Evan Mawarire asked': after ? or ! the attribution is the next "sentence"
        past = q.end + 1 if q.text.rstrip().endswith(("?", "!", "—", "-")) else q.end
        s_end = min((e for _, e in p.sentences if e > past), default=len(text))
        others = [o for o in self._paragraph_quotes(q.para) if o is not q]
        a0 = q.end + 1
        a1 = min([s_end] + [o.start - 1 for o in others if o.start > q.end])
        b0 = max([s_start] + [o.end + 1 for o in others if o.end < q.start])
        b1 = q.start - 1
        after = text[a0:a1] if a0 < a1 else ""
        before = text[b0:b1] if b0 < b1 else ""

        v = _VERB_RE.search(after)
        if v:
            pre = after[: v.start()]
            if _PRONOUN.match(pre):
                return self.pronoun_person(q.para, q.start)
            found = self._in(q.para, a0, a0 + v.start())
            if found:
                pick = self._pick(found)
                if self.is_outlet(pick):
                    # '"…," the Daily Post reported' after "Katz described the move as": the
                    # outlet relays the words of the person named before the quote
                    named = [(m, e) for m, e in self._in(q.para, b0, b1) if not self.is_outlet(e)]
                    if named:
                        return self._pick(named, nearest=True)
                return pick
            if not pre.strip(" ,;:—–-"):
                post_found = self._in(q.para, a0 + v.end(), a1)
                if post_found:
                    return self._pick(post_found)
                if self._descriptive(after[v.end() :]):
                    return None
                return self.last_person(q.para, q.start)
            if self._descriptive(pre):
                return None
            return self.last_person(q.para, q.start)

        verbs = list(_VERB_RE.finditer(before))
        if verbs:
            v = verbs[-1]
            if v.group().lower() in _AFTER_VERB:
                return self._pick(self._in(q.para, b0 + v.end(), b1))
            head = before[: v.start()]
            if re.search(r"\b(?:he|she)\s*$", head, re.IGNORECASE):
                return self.pronoun_person(q.para, q.start)
            found = self._in(q.para, b0, b0 + v.start())
            if found:
                return self._pick(found, nearest=True)
            if self._descriptive(head):
                return None
        elif before.rstrip().endswith(":"):
            found = self._in(q.para, b0, b1)
            if found:
                return self._pick(found, nearest=True)
        if previous is not None and previous.para == q.para and previous.start >= s_start:
            return previous.speaker  # '"a crime, a felony" and "an attack on Panama"'
        if before.strip() or after.strip(" .,;"):
            return None
        # the quote stands alone: it continues the previous speaker
        if q.para > 0 and q is self._paragraph_quotes(q.para)[0]:
            prev_text = self.paras[q.para - 1].text
            if prev_text.rstrip().endswith(":"):
                found = self._in(q.para - 1, 0, len(prev_text))
                if found:
                    return self._pick(found, nearest=True)
        if previous is not None and previous.para in (q.para, q.para - 1):
            return previous.speaker
        return None

    def _paragraph_quotes(self, para: int) -> list[QuoteSpan]:
        return self._cache.get(para, [])

    def index(self, quotes: list[QuoteSpan]) -> None:
        self._cache: dict[int, list[QuoteSpan]] = {}
        for q in quotes:
            self._cache.setdefault(q.para, []).append(q)
