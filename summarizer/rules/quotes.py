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
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from summarizer.rules.lexicon import lexicon
from summarizer.rules.mentions import SPEECH_VERBS, Mention
from summarizer.rules.text import Paragraph

_OPEN = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_CLOSE = {'"', "\u201d", "\u00bb"}
_NEGATED = re.compile(r"(?:\bnever|\bnot|n['’]t)\s*$", re.IGNORECASE)
_VERB_RE = re.compile(
    r"\b(?:according to|"
    + "|".join(sorted(SPEECH_VERBS - {"according"}, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_AFTER_VERB = {"according to", "quoting", "quoted"}  # the speaker follows the verb
_PRONOUN = re.compile(r"^[\s,;:—–-]*(?:he|she)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")
_MARKS = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019']")
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


# "the joint statement", "the ministry", "its spokesperson", "they" right before a speech
# verb (or after it: "said the ministry")
_ANAPHOR = re.compile(
    r"(?:^|[\s,;:(—–-])(?:(?P<pron>[Tt]hey|[Ii]t)|(?:[Tt]he|[Ii]ts|[Tt]heir)\s+"
    r"(?P<np>(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*))\s*[,;]?\s*$"
)
_POST_NP = re.compile(r"\s*((?:the|its|their)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s*[.,;]?\s*$")
_DETERMINER_END = re.compile(
    r"\b(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Tt]hese|[Tt]hose)\s+$"
)


def _determiner_before(text: str, end: int) -> bool:
    """`_DETERMINER_END.search(text, 0, end)`, scanning only the last word before the spaces
    that end at `end` (the longest determiner has five letters; \\b still sees the character
    before the window)."""
    k = end
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k < end and _DETERMINER_END.search(text, max(0, k - 5), end) is not None


_PLURAL_NOUNS = {"ministers", "leaders", "countries", "nations", "governments", "states"}
_STATEMENT_NOUNS = {"statement", "communique", "communiqué", "declaration", "release"}
_GROUP_NOUNS = {
    "group",
    "bloc",
    "organisation",
    "organization",
    "movement",
    "alliance",
    "coalition",
    "militia",
    "party",
    "body",
    "union",
}
_BODY_NOUNS = {"ministry", "office", "presidency", "embassy", "government", "army", "military"}
_STATEMENT_WORD = re.compile(r"\b(?:statement|communiqu[eé]|declaration)\b", re.IGNORECASE)
_ISSUED_BY = re.compile(
    r"\b(?:statement|communiqu[eé]|declaration)\s+(?:(?:issued|released|posted)\s+)?(?:by|from)\b",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(
    r"\b(?:ministers|leaders|heads of (?:state|government)|governments|presidents)\s+of\b"
)


ATTRIBUTION_REACH = 500  # characters either side of a quote searched for its speaker
MAX_FRAGMENTS_ATTRIBUTED = 1000  # quoted spans of any length attributed before fragments stop


@dataclass
class QuoteSpan:
    para: int
    start: int  # offset of the first character inside the marks
    end: int  # offset after the last character inside the marks
    text: str
    open_ended: bool  # the paragraph ended before a closing mark
    speaker: object | None = None  # the Entity resolved as speaker


_SINGLE_OPEN = {"\u2018", "'"}
_SINGLE_CLOSE = {"\u2019", "'"}
# what may stand right before an opening single mark: a space or opening punctuation, never a
# letter (an apostrophe inside "don’t" or after "Israel" is preceded by one)
_BEFORE_SINGLE = set('([{\u2014\u2013-"\u201c/')


def _single_opens(text: str, i: int) -> bool:
    """‘We will…: a single mark opens a quotation only at a word start, before a letter
    ("the ’90s", "’n’" and "o’clock" are apostrophes)."""
    if text[i] not in _SINGLE_OPEN or i + 1 >= len(text) or not text[i + 1].isalpha():
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in _BEFORE_SINGLE


def _single_closes(text: str, i: int) -> bool:
    """…retreat,’ she said: a closing single mark ends a word and is not inside one."""
    if text[i] not in _SINGLE_CLOSE or i == 0 or text[i - 1].isspace():
        return False
    return i + 1 == len(text) or not text[i + 1].isalnum()


def _plural_possessive(text: str, i: int) -> bool:
    """ "the soldiers’ families": a mark after a plural "s" and before a lower-case word may
    be an apostrophe, so a later closing mark is preferred."""
    return text[i - 1] == "s" and text[i + 1 : i + 2] == " " and text[i + 2 : i + 3].islower()


def find_quotes(p: Paragraph, continued: bool = False) -> list[QuoteSpan]:
    """Quoted spans of one paragraph. `continued`: the previous paragraph left a quotation
    open, so a paragraph whose first mark closes (the writer did not reopen the quotation)
    starts inside it. Single marks (‘…’, '…') quote too, British style, but only where they
    cannot be apostrophes; inside a double-quoted span they are a nested quote and stay part
    of it."""
    text = p.text
    out: list[QuoteSpan] = []
    marks = [(m.start(), m.group()) for m in _MARKS.finditer(text)]  # only the marks
    opened = -1
    closer = ""
    first = True  # the first double mark, apostrophes aside
    n = 0
    while n < len(marks):
        i, ch = marks[n]
        n += 1
        if ch in _SINGLE_OPEN or ch in _SINGLE_CLOSE:
            if opened >= 0 or not _single_opens(text, i):
                continue  # an apostrophe, or a quote nested in a double-quoted span
            # the closing mark: the first that can close, past plural possessives when a
            # later one can close too
            ends = [k for k, (x, c) in enumerate(marks[n:], n) if _single_closes(text, x)]
            while len(ends) > 1 and _plural_possessive(text, marks[ends[0]][0]):
                ends.pop(0)
            if ends:
                end = marks[ends[0]][0]
                out.append(QuoteSpan(p.index, i + 1, end, text[i + 1 : end], False))
                n = ends[0] + 1
            elif i == 0 and len(text) > 1:
                # a paragraph opening a quotation it does not close runs on into the next
                out.append(QuoteSpan(p.index, 1, len(text), text[1:].rstrip(), True))
                break
            continue
        was_first, first = first, False
        if (
            was_first
            and continued
            and i > 0
            and not text[i - 1].isspace()
            and (
                ch in _CLOSE
                and ch != '"'
                or ch == '"'
                and (i + 1 == len(text) or not text[i + 1].isalnum())
            )
        ):
            out.append(QuoteSpan(p.index, 0, i, text[:i], False))
            continue
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
    return _is_quote_text(q.text)


@lru_cache(maxsize=4096)
def _is_quote_text(text: str) -> bool:
    # asked for every quote several times (attribution, speakers, output)
    words = _WORD.findall(text)
    if len({w.casefold() for w in words}) < 4:
        return False
    caps = [w for w in words if w[0].isupper()]
    return not (len(words) <= 8 and len(caps) == len(words))


def _last_at_most(values: list[int], x: int, default: int) -> int:
    """The largest of sorted `values` that is ≤ x, else `default`."""
    i = bisect_right(values, x)
    return values[i - 1] if i else default


def _first_above(values: list[int], x: int, default: int) -> int:
    """The smallest of sorted `values` that is > x, else `default`."""
    i = bisect_right(values, x)
    return values[i] if i < len(values) else default


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
        self._positions = [(m.para, m.start) for m in self.mentions]  # for bisection in _in
        self.entity_of = entity_of
        self.is_person = is_person
        self.is_outlet = is_outlet
        lex = lexicon()
        self.anonymous = lex.anonymous_nouns | lex.role_nouns
        self.role_nouns = lex.role_nouns
        self._last_said: tuple[int, object] | None = None  # (para, speaker) of the last quote
        # (para, speaker) of the last quote a body rather than a person said
        self._last_body: tuple[int, object] | None = None

    def _in(self, para: int, a: int, b: int) -> list[tuple[Mention, object]]:
        # Only the mentions starting in [a, b] can lie in it: bisected to, as scanning every
        # mention once per quote made a paragraph of n quoted names cost n².
        out = []
        lo = bisect_left(self._positions, (para, a))
        hi = bisect_right(self._positions, (para, b))
        for m in self.mentions[lo:hi]:
            if m.end <= b and not m.in_quote and not m.nested:
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
        self._last_body = None
        for n, q in enumerate(quotes):
            if n >= MAX_FRAGMENTS_ATTRIBUTED and not is_quote(q):
                # Thousands of fragments mean a broken or hostile text, not an article: their
                # speakers only steer later pronouns, so stop paying for them.
                q.speaker = None
                continue
            q.speaker = self._speaker(q, previous)
            if q.speaker is not None and self.is_person(q.speaker):
                self._last_said = (q.para, q.speaker)
            elif q.speaker is not None:
                self._last_body = (q.para, q.speaker)
            previous = q

    # -- speakers named by a common noun: "the ministry said", "the joint statement added",
    # "they said". Statements by governments and groups are reported this way once their
    # issuer has been named, so the noun points back to that issuer.

    def _anaphor_np(self, phrase: str) -> str | None:
        """The head noun (or "they"/"it") when `phrase` ends in a definite speaker noun
        phrase with nothing named in it, else None."""
        m = _ANAPHOR.search(phrase)
        if m is None:
            return None
        if m.group("pron"):
            return m.group("pron").lower()
        head = m.group("np").split()[-1].lower()
        if head in _PLURAL_NOUNS or head in _STATEMENT_NOUNS or head in _GROUP_NOUNS:
            return head
        if head in _BODY_NOUNS or head in self.role_nouns:
            return head
        return None

    def _recent(self, q: QuoteSpan, paras: int = 4) -> list[tuple[Mention, object]]:
        """Named mentions outside quotation marks before the quote, nearest first."""
        out = []
        for m in reversed(self.mentions):
            if (m.para, m.start) >= (q.para, q.start) or m.in_quote or m.nested:
                continue
            if m.para < q.para - paras:
                break
            ent = self.entity_of(m)
            if ent is not None and not self.is_outlet(ent):
                out.append((m, ent))
        return out

    def _antecedent(self, q: QuoteSpan, phrase: str) -> object | None:
        head = self._anaphor_np(phrase)
        if head is None:
            return None
        body = self._last_body if self._last_body and self._last_body[0] >= q.para - 2 else None
        if head in ("they", "it") or head in _PLURAL_NOUNS:
            # "…," they said: the group whose statement was just quoted
            return body[1] if body else self._issuer(q) if head != "it" else None
        if head in _STATEMENT_NOUNS:
            return self._issuer(q) or (body[1] if body else None)
        key = "spokes" if head.startswith("spokes") else head
        for m, ent in self._recent(q):
            text = self.paras[m.para].text
            if (
                key in m.surface.lower()
                or (m.role is not None and key in m.role.lower())
                # "the Foreign Office spokesperson": the body the spokesperson speaks for
                or re.match(r"(?:['’]s)?\s+(?:[a-z]+\s+)?" + key, text[m.end : m.end + 30])
            ):
                return ent
        if head in _GROUP_NOUNS:
            # "Palestinian group Hamas … the group said": the last organisation named
            for _, ent in self._recent(q):
                if not self.is_person(ent) and getattr(ent, "kind", "") != "country":
                    return ent
        return None

    def _issuer(self, q: QuoteSpan) -> object | None:
        """Who issued the statement mentioned last before the quote: "a statement by X",
        "the foreign ministers of X, Y and Z said in a joint statement", "X said in a
        statement"."""
        for para in range(q.para, max(-1, q.para - 5), -1):
            p = self.paras[para]
            for s, e in reversed(p.sentences):
                if para == q.para and s >= q.start:
                    continue
                text = p.text[s:e]
                if not _STATEMENT_WORD.search(text):
                    continue
                by = _ISSUED_BY.search(text)
                if by:
                    found = self._in(para, s + by.end(), e)
                    if found:
                        return self._pick(found)
                found = self._in(para, s, e)
                if found:
                    return self._collective(para, s, e) or self._pick(found)
        return None

    def _collective(self, para: int, a: int, b: int) -> object | None:
        """ "The foreign ministers of Egypt, Jordan and Qatar": several governments speak
        together; the first one named stands for all of them (the gold lists them all)."""
        m = _COLLECTIVE.search(self.paras[para].text, a, b)
        if m is None:
            return None
        for _, ent in self._in(para, m.end(), b):
            if not self.is_person(ent):
                return ent
        return None

    def _speaker(self, q: QuoteSpan, previous: QuoteSpan | None) -> object | None:
        p = self.paras[q.para]
        text = p.text
        sentence_starts, sentence_ends = self._sentence_bounds(q.para)
        s_start = _last_at_most(sentence_starts, max(0, q.start - 1), default=0)
        # '"…wait?" Evan Mawarire asked': after ? or ! the attribution is the next "sentence"
        past = q.end + 1 if q.text.rstrip().endswith(("?", "!", "—", "-")) else q.end
        s_end = _first_above(sentence_ends, past, default=len(text))
        # scare quotes inside the sentence ("state property") do not cut it: the attribution
        # may lie beyond them
        starts, ends = self._real_bounds(q.para)
        a0 = q.end + 1
        # The nearest real quote after this one and before it (bisection: a page of many
        # quotes must not make attribution quadratic).
        i = bisect_right(starts, q.end)
        a1 = min(s_end, starts[i] - 1) if i < len(starts) else s_end
        j = bisect_left(ends, q.start) - 1
        b0 = max(s_start, ends[j] + 1) if j >= 0 else s_start
        # An attribution sits near its quote; a bounded window keeps a sentence of thousands
        # of quote marks (a hostile or broken feed) linear rather than quadratic.
        a1 = min(a1, a0 + ATTRIBUTION_REACH)
        b0 = max(b0, q.start - 1 - ATTRIBUTION_REACH)
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
                last_m, last_e = found[-1]
                # '"…" with India, Macron's office said': the name right before the verb is
                # its subject; names further back belong to the quoted clause
                if len(found) > 1 and not text[last_m.end : a0 + v.start()].strip():
                    found = [(last_m, last_e)]
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
                    return self._collective(q.para, a0 + v.end(), a1) or self._pick(post_found)
                post = after[v.end() :]
                np = _POST_NP.match(post)
                if np and self._anaphor_np(np.group(1)):
                    return self._antecedent(q, np.group(1))
                if self._descriptive(post):
                    return None
                return self.last_person(q.para, q.start)
            if self._anaphor_np(pre):
                return self._antecedent(q, pre)
            if self._descriptive(pre):
                return None
            return self.last_person(q.para, q.start)

        # "the reports were", "a statement": after a determiner the word is a noun
        verbs = [v for v in _VERB_RE.finditer(before) if not _determiner_before(before, v.start())]
        if verbs:
            v = verbs[-1]
            if v.group().lower() in _AFTER_VERB:
                return self._pick(self._in(q.para, b0 + v.end(), b1))
            head = before[: v.start()]
            if _NEGATED.search(head):
                return None  # "X never called Israel ‘…’": words X did not say are not X's
            if re.search(r"\b(?:he|she)\s*$", head, re.IGNORECASE):
                return self.pronoun_person(q.para, q.start)
            found = self._in(q.para, b0, b0 + v.start())
            if found:
                return self._collective(q.para, b0, b0 + v.start()) or self._pick(
                    found, nearest=True
                )
            if self._anaphor_np(head):
                return self._antecedent(q, head)
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

    def _real_bounds(self, para: int) -> tuple[list[int], list[int]]:
        """Sorted starts and ends of the paragraph's real quotes (scare quotes left out)."""
        bounds = self._bounds.get(para)
        if bounds is None:
            real = [o for o in self._paragraph_quotes(para) if is_quote(o)]
            bounds = sorted(o.start for o in real), sorted(o.end for o in real)
            self._bounds[para] = bounds
        return bounds

    def _sentence_bounds(self, para: int) -> tuple[list[int], list[int]]:
        """Sorted starts and ends of the paragraph's sentences, for bisection: scanning them
        for every quote made a paragraph of n sentences and n quotes cost n²."""
        bounds = self._sentences.get(para)
        if bounds is None:
            spans = self.paras[para].sentences
            bounds = sorted(s for s, _ in spans), sorted(e for _, e in spans)
            self._sentences[para] = bounds
        return bounds

    def index(self, quotes: list[QuoteSpan]) -> None:
        self._cache: dict[int, list[QuoteSpan]] = {}
        self._bounds: dict[int, tuple[list[int], list[int]]] = {}
        self._sentences: dict[int, tuple[list[int], list[int]]] = {}
        for q in quotes:
            self._cache.setdefault(q.para, []).append(q)
