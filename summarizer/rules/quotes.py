"""Direct quotations and who said them.

Quoted spans are found per paragraph (straight and curly marks; a span left open at the end of
a paragraph is one quote, continued by the next paragraph's opening mark). The speaker comes
from the speech frames in `FRAMES`, tried in order on the `Clause` around the quote (its
sentence before and after the marks, with the speech verbs found there): an attribution after
it ("…," Putin said / said Alexander Gabuev / he said / the ministry said), a speech verb
before it (Lavrov called "…" / according to Putin, "…"), a lead-in ending in a colon or a
sentence naming a speaker, then the previous quote's speaker when the quote stands alone. A
frame names a speaker, or None (unattributed: an unnamed "one analyst", a negation), or
passes. Pronouns resolve to the nearest earlier person they fit by sex (titles, role nouns,
first names) named as a subject or last quoted; role nouns ("the minister", "the 45-year-old",
"the spokeswoman") to the nearest mention that bears that role, age or voice.
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
from summarizer.rules.wordlists import alternation, entries, words

_OPEN = {'"': '"', "\u201c": "\u201d", "\u201e": "\u201d", "\u00ab": "\u00bb"}
_CLOSE = {'"', "\u201d", "\u00bb"}
_NEGATED = re.compile(r"(?:\bnever|\bnot|n['’]t)\s*$", re.IGNORECASE)
_VERB_RE = re.compile(
    r"\b(?:according to|"
    + "|".join(sorted(SPEECH_VERBS - {"according"}, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_NOT_LEAD_IN = words("not_lead_in_verbs")
_AFTER_VERB = words("speaker_after_verbs")  # the speaker follows the verb
_PRONOUN = re.compile(r"^[\s,;:—–-]*(?P<p>he|she)\b", re.IGNORECASE)
# ", who led the talks," / ", speaking after the vote," right up to the verb
_INTERRUPTION = re.compile(r"\s*,[^,;:.]+(?:,[^,;:.]+)*,\s*$")
# "Jonas Berg said the river …", "Tomas Rell spoke for an hour", "Ana Ruiz accused the
# council of neglect": a sentence leading in to a quote that stands alone after it
_LEAD_VERB = re.compile(
    # an apposition may stand between ("Ana Ruiz, for the Greens, accused the council …")
    r"(?:\s*,[^,;:.\"“”]{1,80},)?\s+(?:"
    + alternation(words("lead_in_verbs") | (SPEECH_VERBS - _NOT_LEAD_IN))
    + r")\b"
)
# "a voice", "a sign outside the hall", "some residents": an indefinite speaker, no name in it
_INDEFINITE = re.compile(r"^[\s,;:—–-]*(?:an?|one|some|several|two|three)\s+[a-z][^A-Z\"“”]*$")
# "the 45-year-old": the person whose age was given as ", 45,"
_AGE = re.compile(r"\b[Tt]he\s+(\d{1,3})-year-old\s*$")
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being)\s*$")
_BY = re.compile(r"\s+by\b")
# "Rell's wife", "Ruiz's former lawyer": what a possessive name qualifies
_POSSESSED = re.compile(r"['’]s\s+([a-z-]+)(?:\s+([a-z-]+))?")
_PRONOUN_SUBJECT = re.compile(r"\s*[\"“]?(he|she)\b", re.IGNORECASE)
_NEW_CLAUSE = re.compile(r"[\s,;]*(?:and|but|then|before|after|while)\b")
_PRONOUN_SEX = {"he": "male", "she": "female"}
# "she said: …", "he had told Bush that …": auxiliaries and adverbs may stand before the verb
_PRONOUN_END = re.compile(
    r"\b(?P<p>he|she)(?:\s+(?:had|has|would|will|could|also|later|then|again|once))*\s*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
_MARKS = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2018\u2019']")
_LAST_WORD = re.compile(r"([\w'’-]+|[^\w\s])\s*$")
_POSSESSIVES = words("possessive_determiners")
_POSSESSIVE_BEFORE = re.compile(r"\b(\w+)\s+$")
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
_ACCORDING_BEFORE = re.compile(r"\baccording to\s+$", re.IGNORECASE)
_TRAILING_CAPS = re.compile(r"(?:\b[A-Z][\w.'’-]*\s+)+$")
_SPEECH_BEFORE = SPEECH_VERBS | words("subject_conjunctions")
_DOCUMENTS = words("document_nouns")
# '"…," according to a statement released by the court': a document relays the words, and
# names nobody who said them
_RELAYED_BY = re.compile(
    r"\s*(?:an?|the|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}"
    + alternation(_DOCUMENTS | words("statement_nouns"))
    + r"\b"
)
# "Quoting Ana Ruiz, Tomas Rell wrote: …": the words are the one quoted's
_QUOTING = re.compile(r"(?:^|[.;:]\s+)[Qq]uoting\s+")


# "the joint statement", "the ministry", "its spokesperson", "they" right before a speech
# verb (or after it: "said the ministry")
_ANAPHOR = re.compile(
    r"(?:^|[\s,;:(—–-])(?:(?P<pron>[Tt]hey|[Ii]t)|(?:[Tt]he|[Ii]ts|[Tt]heir)\s+"
    r"(?P<np>(?:[a-z][\w'’-]*\s+){0,2}[a-z][\w-]*))\s*[,;]?\s*$"
)
# "the group's spokesman", "its spokeswoman": whose voice the spokesperson is
_POSSESSOR = re.compile(
    r"(?:\b[Tt]he\s+(?P<np>[a-z]+)['’]s|\b[Ii]ts)\s+(?:[a-z-]+\s+)?[a-z]+\s*[,;]?\s*$"
)
# "Dr" → "doctor": the role noun a later mention uses for a title
_TITLE_ROLES = {
    title.strip().lower(): frozenset(r.strip() for r in roles.split(";"))
    for title, _, roles in (e.partition("=") for e in entries("title_roles"))
}
# "a spokeswoman said" with no body named in it
_A_SPOKESPERSON = re.compile(r"^[\s,;:—–-]*an?\s+spokes(?:man|woman|person)\s*[.,;]?\s*$")
_POST_NP = re.compile(r"\s*((?:the|its|their)\s+(?:[a-z][\w-]*\s+){0,2}[a-z][\w-]*)\s*[.,;]?\s*$")
_DETERMINER_END = re.compile(r"\b" + alternation(words("determiners"), capitals=True) + r"\s+$")
_DETERMINER_CHARS = max(map(len, words("determiners")))


def _determiner_before(text: str, end: int) -> bool:
    """`_DETERMINER_END.search(text, 0, end)`, scanning only the last word before the spaces
    that end at `end` (no longer than the longest determiner; \\b still sees the character
    before the window)."""
    k = end
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k < end and _DETERMINER_END.search(text, max(0, k - _DETERMINER_CHARS), end) is not None


_PLURAL_NOUNS = words("plural_speaker_nouns")
_STATEMENT_NOUNS = words("statement_nouns")
_GROUP_NOUNS = words("group_nouns")
_BODY_NOUNS = words("body_nouns")
_STATEMENT_WORD = re.compile(r"\b" + alternation(_STATEMENT_NOUNS) + r"\b", re.IGNORECASE)
_ISSUED_BY = re.compile(
    r"\b"
    + alternation(_STATEMENT_NOUNS)
    + r"\s+(?:"
    + alternation(words("issued_verbs"))
    + r"\s+)?(?:by|from)\b",
    re.IGNORECASE,
)
_COLLECTIVE = re.compile(r"\b" + alternation(words("collective_heads")) + r"\s+of\b")


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
    frame: str = ""  # the name of the speech frame that decided `speaker`, for tests and debugging


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


NEXT = object()  # a frame's verdict "not mine": the next frame in FRAMES is asked


@dataclass(frozen=True)
class Clause:
    """A quote and the text of its sentence on either side of it (`before` ends at the
    opening mark, `after` starts past the closing one), with the speech verbs found there."""

    q: QuoteSpan
    previous: QuoteSpan | None  # the quote before this one in the article
    text: str  # the paragraph
    s_start: int  # where the quote's sentence starts
    a0: int
    a1: int
    b0: int
    b1: int
    after: str  # text[a0:a1]
    before: str  # text[b0:b1]
    verb_after: re.Match[str] | None  # the first speech verb after the quote
    verb_before: re.Match[str] | None  # the last speech verb before it (nouns left out)

    @property
    def pre(self) -> str:
        """Between the quote and the verb after it: '"…," [Ana Ruiz] said'."""
        return self.after[: self.verb_after.start()] if self.verb_after else ""

    @property
    def subject_after(self) -> str:
        """Who speaks after the quote: before the verb ('"…," one analyst said'), or after
        it when nothing stands before it ('"…," said one analyst')."""
        if self.verb_after is None:
            return ""
        pre = self.pre
        return pre if pre.strip(" ,;:—–-") else self.after[self.verb_after.end() :]

    @property
    def head(self) -> str:
        """Before the verb that precedes the quote: '[Ana Ruiz] said: "…"'."""
        return self.before[: self.verb_before.start()] if self.verb_before else ""


@dataclass(frozen=True)
class Frame:
    """One way a sentence names who spoke: `gate` is a cheap test on the clause, `resolve`
    gives the speaker, None (the frame applies and names nobody: unattributed) or NEXT."""

    name: str
    gate: Callable[[Clause], bool]
    resolve: Callable[[Attributor, Clause], object | None]


_CONTINUING = words("continuing_participles")


def _attribution_verb(after: str) -> re.Match[str] | None:
    """The first speech verb after a quote, unless a conjunction opens a new clause before it
    ('"…," and called on Kohl to resign': the verb is not the quote's attribution) or it is a
    participle going on with the quote's own clause ('"…", claiming she lied')."""
    v = _VERB_RE.search(after)
    if v is None or _NEW_CLAUSE.match(after, 0, v.start()):
        return None
    if v.group().lower() in _CONTINUING and not after[: v.start()].strip(" ,;:—–-"):
        return None
    return v


class Attributor:
    def __init__(
        self,
        paragraphs: list[Paragraph],
        mentions: list[Mention],
        entity_of: Callable[[Mention], object | None],
        is_person: Callable[[object], bool],
        is_outlet: Callable[[object], bool] = lambda _: False,
        gender_of: Callable[[object], str | None] = lambda _: None,
    ) -> None:
        self.paras = paragraphs
        self.mentions = sorted(
            (m for m in mentions if m.para >= 0), key=lambda m: (m.para, m.start)
        )
        self._positions = [(m.para, m.start) for m in self.mentions]  # for bisection in _in
        self.entity_of = entity_of
        self.is_person = is_person
        self.is_outlet = is_outlet
        self.gender_of = gender_of
        lex = lexicon()
        self.anonymous = lex.anonymous_nouns | lex.role_nouns
        self.role_nouns = lex.role_nouns
        self._last_said: tuple[int, object] | None = None  # (para, speaker) of the last quote
        # (para, speaker) of the last quote a body rather than a person said
        self._last_body: tuple[int, object] | None = None
        self._last_body_at = (-1, 0)  # (para, end) of that quote

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

    def _fits(self, ent: object, pronoun: str) -> bool:
        """Whether "he"/"she" can mean this entity: a person whose sex is unknown or agrees."""
        if not self.is_person(ent):
            return False
        want = _PRONOUN_SEX.get(pronoun.lower())
        sex = self.gender_of(ent) if want else None
        return sex is None or sex == want

    def last_person(self, para: int, pos: int, pronoun: str = "") -> object | None:
        for m in reversed(self.mentions):
            if (m.para, m.start) >= (para, pos) or m.in_quote:
                continue
            ent = self.entity_of(m)
            if ent is not None and self._fits(ent, pronoun):
                return ent
        return None

    def _subject(self, m: Mention) -> bool:
        """Whether a mention stands where a subject does: opening its sentence, after a role
        ("interim leader Ana Ruiz stepped down"), a comma, or a speech verb ("said Ana Ruiz").
        After a preposition or verb ("government of Ana Ruiz", "toppled Ruiz") it is an object,
        and a possessive ("Franklin's injury", "her Nobel prize") only qualifies a noun."""
        text = self.paras[m.para].text
        if _POSSESSIVE_AFTER.match(text, m.end):
            return False
        owner = _POSSESSIVE_BEFORE.search(text, max(0, m.start - 8), m.start)
        if owner is not None and owner.group(1).lower() in _POSSESSIVES:
            return False
        if m.sentence_initial:
            return True
        # titles before the name ("Sheikh", "Interim Leader") are skipped: the word before them
        # tells subject from object
        head = _TRAILING_CAPS.sub("", text[max(0, m.start - 60) : m.start])
        if not head.strip() and m.start > 60:
            return False
        if _ACCORDING_BEFORE.search(head):
            return True  # "according to Ana Ruiz": the name is who speaks
        w = _LAST_WORD.search(head)
        if w is None:
            return True
        word = w.group(1)
        if not word[0].isalpha():
            # "WASHINGTON (AP) -- Sen. Ana Ruiz won": a typed dash ("--") too opens the clause
            return word in {",", ";", ":", "\u201c", '"', "(", "—", "--", ".", "!", "?", "\u201d"}
        low = word.lower()
        if low in SPEECH_VERBS and self._named_before(m):
            return False  # "Bracewell said Franklin would play": Franklin is the reported subject
        return word[0].isupper() or low in self.role_nouns or low in _SPEECH_BEFORE

    def _named_before(self, m: Mention) -> bool:
        """Whether a name outside quotes stands earlier in the sentence of `m` (the subject of
        a speech verb before `m`, so `m` is not "said Ana Ruiz")."""
        starts, _ = self._sentence_bounds(m.para)
        start = _last_at_most(starts, m.start, default=0)
        lo = bisect_left(self._positions, (m.para, start))
        hi = bisect_left(self._positions, (m.para, m.start))
        return any(not o.in_quote and self.entity_of(o) is not None for o in self.mentions[lo:hi])

    def _relative_of(self, m: Mention) -> bool:
        """ "Tomas Rell's wife", "Ana Ruiz's lawyer": the name only qualifies an unnamed
        person (a spokesperson is the voice of the one named, and is not such a person)."""
        rel = _POSSESSED.match(self.paras[m.para].text, m.end)
        if rel is None or any(w.startswith("spokes") for w in rel.groups() if w):
            return False
        return any(w in self.role_nouns for w in rel.groups() if w)

    def _interrupted_subject(
        self, para: int, found: list[tuple[Mention, object]], verb_at: int
    ) -> object | None:
        """ "Ana Ruiz, who met Tomas Rell on Monday, said": the subject is the name before an
        interruption set off by commas, not the name nearest the verb inside it."""
        text = self.paras[para].text
        for m, ent in found[:-1]:
            if _INTERRUPTION.match(text, m.end, verb_at) and self._subject(m):
                return ent
        return None

    def _pronoun_candidate(self, m: Mention, pronoun: str) -> object | None:
        """The person `m` names if "he"/"she" can mean them, unless their sentence already
        has that pronoun as its subject ("He had met Ana Ruiz and Jonas Berg": the names
        there are objects, and "he" means whom that sentence's "he" meant)."""
        ent = self.entity_of(m)
        if ent is None or not self._fits(ent, pronoun):
            return None
        starts, _ = self._sentence_bounds(m.para)
        start = _last_at_most(starts, m.start, default=0)
        opening = _PRONOUN_SUBJECT.match(self.paras[m.para].text, start)
        if opening is not None and opening.group(1).lower() == pronoun.lower():
            return None
        return ent

    def pronoun_person(self, para: int, pos: int, pronoun: str = "") -> object | None:
        """Whom "he said" means: walking back, the first person the pronoun fits (by sex, from
        titles and first names) who is either named in subject position or the speaker of the
        last attributed quote (a speech quoted across paragraphs keeps its speaker while
        others are only mentioned in between); else the last person named it fits. An object
        ("the government of Ana Ruiz") is passed over."""
        said = self._last_said[1] if self._last_said is not None else None
        if said is not None and not self._fits(said, pronoun):
            said = None
        for m in reversed(self.mentions):
            if (m.para, m.start) >= (para, pos) or m.in_quote or m.nested:
                continue
            if m.para < para - 4:
                break
            ent = self._pronoun_candidate(m, pronoun)
            if ent is not None and (ent is said or self._subject(m)):
                return ent
        if said is not None and self._last_said is not None and self._last_said[0] >= para - 6:
            return said
        return self.last_person(para, pos, pronoun)

    def _descriptive(self, text: str) -> bool:
        """An unnamed person ("one analyst", "the Zimbabwean pastor", "a voice"): the quote is
        unattributable."""
        if _INDEFINITE.match(text):
            return True
        words = [w.lower() for w in _WORD.findall(text)]
        if any(w in _DOCUMENTS for w in words):
            return False
        return any(w in self.anonymous for w in words)

    def attribute(self, quotes: list[QuoteSpan]) -> None:
        previous: QuoteSpan | None = None
        self._last_said = None
        self._last_body = None
        self._last_body_at = (-1, 0)
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
                self._last_body_at = (q.para, q.end)
            previous = q
        self._named_at_the_end(quotes)

    @staticmethod
    def _named_at_the_end(quotes: list[QuoteSpan]) -> None:
        """A speech over paragraphs may name its speaker only in its last one ('"No peace
        without bread. / "That time has come," said Ana Ruiz.'): a run-on quote that no frame
        read takes the speaker of the quote opening the next paragraph, walking back."""
        for q, nxt in reversed(list(zip(quotes, quotes[1:], strict=False))):
            if (
                q.speaker is None
                and not q.frame
                and q.open_ended
                and nxt.para == q.para + 1
                and nxt.speaker is not None
            ):
                q.speaker = nxt.speaker
                q.frame = nxt.frame

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
            # "Israel's foreign ministry rejected it. "…," it said": a body opening a sentence
            # since the last body's quote; else the group whose statement was just quoted
            newer = self._body_subject_since(q)
            if newer is not None:
                return newer
            if body:
                return body[1]
            found = self._issuer(q) or (self._last_body_named(q) if head == "it" else None)
            if found is None and head != "it":
                found = self._several_people(q)
            return found
        if head in _STATEMENT_NOUNS:
            return self._issuer(q) or (body[1] if body else None)
        owner = _POSSESSOR.search(phrase)
        if owner is not None and head.startswith("spokes"):
            # "the group's spokesman", "its spokeswoman": the spokesperson speaks for the owner
            return self._antecedent(q, f"the {owner.group('np')}" if owner.group("np") else "it")
        found = self._role_holder(q, head)
        if found is not None:
            return found
        if head in _GROUP_NOUNS:
            # "Palestinian group Hamas … the group said": the last organisation named
            for _, ent in self._recent(q):
                if not self.is_person(ent) and getattr(ent, "kind", "") != "country":
                    return ent
        if head.startswith("spokes"):
            # "The UN said … the spokeswoman said": the body last named speaks through them
            return self._last_body_named(q)
        return None

    def _role_holder(self, q: QuoteSpan, head: str) -> object | None:
        """The nearest earlier mention whose name, role or title says `head` ("the minister"
        for "Finance Minister Clara Voss", "the doctor" for "Dr Keiko Mori")."""
        key = "spokes" if head.startswith("spokes") else head
        for m, ent in self._recent(q):
            text = self.paras[m.para].text
            role = (m.role or "").lower()
            if (
                key in m.surface.lower()
                or key in role
                or any(key in _TITLE_ROLES.get(w, ()) for w in role.split())
                # "the Foreign Office spokesperson": the body the spokesperson speaks for
                or re.match(r"(?:['’]s)?\s+(?:[a-z]+\s+)?" + key, text[m.end : m.end + 30])
            ):
                return ent
        return None

    def _several_people(self, q: QuoteSpan) -> object | None:
        """ "Adeyemi and Kohl signed … "…," the two leaders said": the nearest sentence that
        names two people or more speaks through them; the first named stands for all (any
        one of a joint statement's speakers is right)."""
        people: dict[tuple[int, int], list[object]] = {}
        for m, ent in self._recent(q, paras=2):
            if not self.is_person(ent):
                continue
            starts, _ = self._sentence_bounds(m.para)
            key = (m.para, _last_at_most(starts, m.start, default=0))
            named = people.setdefault(key, [])
            if ent not in named:
                named.insert(0, ent)  # walking back: the first named ends up first
        for key in sorted(people, reverse=True):
            if len(people[key]) > 1:
                return people[key][0]
        return None

    def _body_subject_since(self, q: QuoteSpan) -> object | None:
        """The nearest organisation or government opening a sentence after the last quote a
        body said, in this paragraph or the one before."""
        for m, ent in self._recent(q, paras=1):
            if (m.para, m.start) < self._last_body_at:
                break
            if m.sentence_initial and not self.is_person(ent):
                return ent
        return None

    def _last_body_named(self, q: QuoteSpan) -> object | None:
        """The nearest organisation or government named in this paragraph or the one before."""
        for _, ent in self._recent(q, paras=1):
            if not self.is_person(ent):
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

    def _clause(self, q: QuoteSpan, previous: QuoteSpan | None) -> Clause:
        """The text around a quote that its attribution may lie in: the rest of its sentence
        on either side, up to the neighbouring real quotes."""
        text = self.paras[q.para].text
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
        # "the reports were", "a statement": after a determiner the word is a noun
        verbs = [v for v in _VERB_RE.finditer(before) if not _determiner_before(before, v.start())]
        return Clause(
            q,
            previous,
            text,
            s_start,
            a0,
            a1,
            b0,
            b1,
            after,
            before,
            _attribution_verb(after),
            verbs[-1] if verbs else None,
        )

    def _speaker(self, q: QuoteSpan, previous: QuoteSpan | None) -> object | None:
        """The first speech frame that applies decides; None when none names a speaker."""
        c = self._clause(q, previous)
        for frame in FRAMES:
            if frame.gate(c):
                verdict = frame.resolve(self, c)
                if verdict is not NEXT:
                    q.frame = frame.name
                    return verdict
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


# -- the speech frames, in the order they are tried. A frame whose gate passes either decides
# (a speaker, or None for "unattributed") or passes with NEXT.


def _verb_after(c: Clause) -> bool:
    return c.verb_after is not None


def _verb_before(c: Clause) -> bool:
    return c.verb_before is not None


def _post_pronoun(att: Attributor, c: Clause) -> object | None:
    """'"…," he said' / '"…," she added'."""
    m = _PRONOUN.match(c.pre)
    return NEXT if m is None else att.pronoun_person(c.q.para, c.q.start, m.group("p"))


def _post_named(att: Attributor, c: Clause) -> object | None:
    """'"…," Ana Ruiz said' / '"…," a Kremlin spokesman said'."""
    assert c.verb_after is not None
    v_at = c.a0 + c.verb_after.start()
    found = att._in(c.q.para, c.a0, v_at)
    if not found:
        return NEXT
    last_m, last_e = found[-1]
    # '"…" with India, Macron's office said': the name right before the verb is its subject;
    # names further back belong to the quoted clause
    if len(found) > 1 and not c.text[last_m.end : v_at].strip():
        found = [(last_m, last_e)]
    if att._relative_of(last_m):
        return None  # '"…," Tomas Rell's lawyer said': an unnamed person speaks
    pick = att._pick(found)
    if att.is_outlet(pick):
        # '"…," the Daily Post reported' after "Katz described the move as": the outlet
        # relays the words of the person named before the quote
        named = [(m, e) for m, e in att._in(c.q.para, c.b0, c.b1) if not att.is_outlet(e)]
        if named:
            return att._pick(named, nearest=True)
    return pick


def _post_inverted(att: Attributor, c: Clause) -> object | None:
    """'"…," said Ana Ruiz' / '"…," said the ministry' / '"…," said one resident'."""
    if c.pre.strip(" ,;:—–-"):
        return NEXT
    assert c.verb_after is not None
    v_end = c.a0 + c.verb_after.end()
    found = att._in(c.q.para, v_end, c.a1)
    if found:
        first = found[0][0]
        if first.locative and att._descriptive(c.text[v_end : first.start]):
            return None  # '"…," said one worker in Southport': a place, not the speaker
        pick = att._collective(c.q.para, v_end, c.a1) or att._pick(found)
        if att.is_outlet(pick) and c.verb_before is not None:
            # 'Ruiz said the plan "…," according to the Daily Post': the outlet reports
            # the words of the speaker named before the quote
            named = _pre_named(att, c)
            if named is not NEXT:
                return named
        return pick
    post = c.after[c.verb_after.end() :]
    np = _POST_NP.match(post)
    if np and att._anaphor_np(np.group(1)):
        return att._antecedent(c.q, np.group(1))
    return NEXT


def _post_anaphor(att: Attributor, c: Clause) -> object | None:
    """'"…," the ministry said' / '"…," the spokeswoman said' / '"…," they said'."""
    return att._antecedent(c.q, c.pre) if att._anaphor_np(c.pre) else NEXT


def _post_spokesperson(att: Attributor, c: Clause) -> object | None:
    """'"…," a spokeswoman said' / 'said a spokesman': the body named just before."""
    assert c.verb_after is not None
    phrase = c.pre if c.pre.strip(" ,;:—–-") else c.after[c.verb_after.end() :]
    if not _A_SPOKESPERSON.match(phrase):
        return NEXT
    return att._antecedent(c.q, "the spokesperson")


def _post_passive(att: Attributor, c: Clause) -> object | None:
    """'"…," Tomas Rell was told by Ana Ruiz': the speaker follows "by"."""
    assert c.verb_after is not None
    if not _PASSIVE.search(c.pre):
        return NEXT
    by = _BY.match(c.after, c.verb_after.end())
    if by is None:
        return NEXT
    found = att._in(c.q.para, c.a0 + by.end(), c.a1)
    return att._pick(found) if found else NEXT


def _post_age(att: Attributor, c: Clause) -> object | None:
    """'"…," the 45-year-old said': the person given that age (", 45,") before."""
    age = _AGE.search(c.pre)
    if age is None:
        return NEXT
    given = re.compile(r"\s*,\s*(?:aged\s+)?" + age.group(1) + r"\b")
    for m, ent in att._recent(c.q):
        if att.is_person(ent) and given.match(att.paras[m.para].text, m.end):
            return ent
    return NEXT


def _verb_after_speaks(c: Clause) -> bool:
    """A speech verb after the quote that may name its speaker: not "according to" a
    document when a speech verb stands before the quote ('X said the actions "…," according
    to a statement': X is the speaker, the statement only carries the words)."""
    v = c.verb_after
    if v is None:
        return False
    return not (
        c.verb_before is not None
        and v.group().lower() == "according to"
        and _RELAYED_BY.match(c.after, v.end()) is not None
    )


def _post_unnamed(att: Attributor, c: Clause) -> object | None:
    """'"…," one analyst said' / 'said a resident': an unnamed speaker, so unattributed."""
    return None if att._descriptive(c.subject_after) else NEXT


def _post_last_person(att: Attributor, c: Clause) -> object | None:
    """'"…," the veteran said': a speech verb after the quote whose subject no frame read
    stands for the last person named (the one guess the frames make; see the case table)."""
    return att.last_person(c.q.para, c.q.start)


def _pre_according(att: Attributor, c: Clause) -> object | None:
    """'according to Ana Ruiz, "…"' / 'quoting Ana Ruiz: "…"': the speaker follows the verb."""
    assert c.verb_before is not None
    if c.verb_before.group().lower() not in _AFTER_VERB:
        return NEXT
    return att._pick(att._in(c.q.para, c.b0 + c.verb_before.end(), c.b1))


def _pre_quoting(att: Attributor, c: Clause) -> object | None:
    """'Quoting Ana Ruiz, Tomas Rell wrote: "…"': a quote relayed by someone else is the words
    of the one quoted (nested attribution: the inner source is the content's)."""
    m = _QUOTING.search(c.before)
    if m is None:
        return NEXT
    comma = c.before.find(",", m.end())
    if comma < 0:
        return NEXT
    found = att._in(c.q.para, c.b0 + m.end(), c.b0 + comma)
    return found[0][1] if found else NEXT


def _pre_negated(att: Attributor, c: Clause) -> object | None:
    """'X never called Israel "…"': words X did not say are not X's."""
    return None if _NEGATED.search(c.head) else NEXT


def _pre_pronoun(att: Attributor, c: Clause) -> object | None:
    """'She said: "…"'."""
    m = _PRONOUN_END.search(c.head)
    return NEXT if m is None else att.pronoun_person(c.q.para, c.q.start, m.group("p"))


def _pre_named(att: Attributor, c: Clause) -> object | None:
    """'Ana Ruiz said: "…"' / 'Ana Ruiz, who met Tomas Rell, said "…"'."""
    assert c.verb_before is not None
    v_at = c.b0 + c.verb_before.start()
    found = att._in(c.q.para, c.b0, v_at)
    if not found:
        return NEXT
    collective = att._collective(c.q.para, c.b0, v_at)
    if collective is not None:
        return collective
    subject = att._interrupted_subject(c.q.para, found, v_at)
    if subject is not None:
        return subject
    nearest = found[-1][0]
    if att._relative_of(nearest):
        return None  # "Tomas Rell's wife said": an unnamed person speaks
    return att._pick(found, nearest=True)


def _pre_anaphor(att: Attributor, c: Clause) -> object | None:
    """'The ministry said: "…"'."""
    return att._antecedent(c.q, c.head) if att._anaphor_np(c.head) else NEXT


def _pre_descriptive(att: Attributor, c: Clause) -> object | None:
    """'One analyst said the deal "…"': an unnamed speaker."""
    return None if att._descriptive(c.head) else NEXT


def _colon(c: Clause) -> bool:
    return c.verb_before is None and c.before.rstrip().endswith(":")


def _lead_in(att: Attributor, c: Clause) -> object | None:
    """'Ana Ruiz was blunt: "…"': the name nearest the colon."""
    found = att._in(c.q.para, c.b0, c.b1)
    return att._pick(found, nearest=True) if found else NEXT


def _same_sentence(c: Clause) -> bool:
    p = c.previous
    return p is not None and p.para == c.q.para and p.start >= c.s_start


def _previous_speaker(att: Attributor, c: Clause) -> object | None:
    """'X called it "…" and "…"': a quote in the same sentence as the last one."""
    return c.previous.speaker if c.previous is not None else None


def _other_text(c: Clause) -> bool:
    return bool(c.before.strip() or c.after.strip(" .,;"))


def _unattributed(att: Attributor, c: Clause) -> object | None:
    """Words around the quote that no frame read: nobody is named as its speaker."""
    return None


def _alone(c: Clause) -> bool:
    return True


def _lead_in_paragraph(att: Attributor, c: Clause) -> object | None:
    """A paragraph ending in a colon, then the quote as a paragraph of its own."""
    q = c.q
    if q.para == 0 or q is not att._paragraph_quotes(q.para)[0]:
        return NEXT
    prev_text = att.paras[q.para - 1].text
    if not prev_text.rstrip().endswith(":"):
        return NEXT
    found = att._in(q.para - 1, 0, len(prev_text))
    return att._pick(found, nearest=True) if found else NEXT


def _lead_in_sentence(att: Attributor, c: Clause) -> object | None:
    """'Jonas Berg said the river had risen. / "It came up to the windows."': a quote standing
    alone after a sentence whose subject is named speaking is that speaker's; within one
    paragraph any person as subject leads in ('Clara Voss was less sure. "It may …"')."""
    para, start, end = c.q.para, 0, c.s_start
    same_paragraph = bool(c.text[:end].strip())
    if not same_paragraph:
        if para == 0 or c.q is not att._paragraph_quotes(para)[0]:
            return NEXT
        para -= 1
        end = len(att.paras[para].text)
    starts, _ = att._sentence_bounds(para)
    start = _last_at_most(starts, max(0, end - 1), default=0)
    text = att.paras[para].text
    for m, ent in att._in(para, start, end):
        if att._subject(m) and (
            _LEAD_VERB.match(text, m.end) or (same_paragraph and att.is_person(ent))
        ):
            return ent
        break  # only the sentence's first name is its subject
    return NEXT


def _continuation(att: Attributor, c: Clause) -> object | None:
    """A quote standing alone right after another continues its speaker; a speech that ran on
    past its paragraph (no closing mark) resumes after one line set in between (a caption)."""
    p = c.previous
    if p is not None and p.para in (c.q.para, c.q.para - 1):
        return p.speaker
    if p is not None and p.open_ended and p.para == c.q.para - 2:
        return p.speaker
    return NEXT


FRAMES: tuple[Frame, ...] = (
    Frame("quote, he/she said", _verb_after, _post_pronoun),
    Frame("quote, X was told by Y", _verb_after, _post_passive),
    Frame("quote, X said", _verb_after, _post_named),
    Frame("quote, a spokesman said", _verb_after, _post_spokesperson),
    Frame("quote, said X", _verb_after, _post_inverted),
    Frame("quote, the ministry said", _verb_after, _post_anaphor),
    Frame("quote, the 45-year-old said", _verb_after, _post_age),
    Frame("quote, one analyst said", _verb_after_speaks, _post_unnamed),
    Frame("quote, the veteran said", _verb_after_speaks, _post_last_person),
    Frame("according to X, quote", _verb_before, _pre_according),
    Frame("quoting X, Y wrote: quote", _verb_before, _pre_quoting),
    Frame("X never said quote", _verb_before, _pre_negated),
    Frame("he/she said: quote", _verb_before, _pre_pronoun),
    Frame("X said: quote", _verb_before, _pre_named),
    Frame("the ministry said: quote", _verb_before, _pre_anaphor),
    Frame("one analyst said: quote", _verb_before, _pre_descriptive),
    Frame("X was blunt: quote", _colon, _lead_in),
    Frame("quote and quote", _same_sentence, _previous_speaker),
    Frame("text around an unread quote", _other_text, _unattributed),
    Frame("X spoke: / quote", _alone, _lead_in_paragraph),
    Frame("X said that … / quote", _alone, _lead_in_sentence),
    Frame("quote / quote", _alone, _continuation),
)
