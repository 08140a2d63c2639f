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
    for i, ch in enumerate(text):
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
    ) -> None:
        self.paras = paragraphs
        self.mentions = sorted(
            (m for m in mentions if m.para >= 0), key=lambda m: (m.para, m.start)
        )
        self.entity_of = entity_of
        self.is_person = is_person
        lex = lexicon()
        self.anonymous = lex.anonymous_nouns | lex.role_nouns

    def _in(self, para: int, a: int, b: int) -> list[tuple[Mention, object]]:
        out = []
        for m in self.mentions:
            if m.para == para and a <= m.start and m.end <= b and not m.in_quote:
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

    def _descriptive(self, text: str) -> bool:
        """An unnamed person ("one analyst", "the Zimbabwean pastor"): the quote is unattributable."""
        words = [w.lower() for w in _WORD.findall(text)]
        if any(w in _DOCUMENTS for w in words):
            return False
        return any(w in self.anonymous for w in words)

    def attribute(self, quotes: list[QuoteSpan]) -> None:
        previous: QuoteSpan | None = None
        for q in quotes:
            q.speaker = self._speaker(q, previous)
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
                return self.last_person(q.para, q.start)
            found = self._in(q.para, a0, a0 + v.start())
            if found:
                return self._pick(found)
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
                return self.last_person(q.para, q.start)
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
