"""Find actor mentions in a paragraph: gazetteer matches first, then runs of capitalised words
read with title, role-noun and apposition cues ("Foreign Minister Sergei Lavrov",
"spokesman Gareth Hewett", "Alexander Gabuev, an expert at …")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from summarizer.rules.lexicon import Known, Lexicon, lexicon
from summarizer.rules.text import ABBREVIATIONS

MentionKind = Literal["country", "organization", "person", "unknown"]

_CONNECTORS = {
    "of",
    "bin",
    "ibn",
    "al",
    "el",
    "de",
    "da",
    "du",
    "del",
    "der",
    "van",
    "von",
    "la",
    "le",
    "dos",
}
_LOCATIVE = {
    "in",
    "at",
    "from",
    "near",
    "into",
    "outside",
    "inside",
    "across",
    "toward",
    "towards",
    "through",
    "downtown",
    "around",
    "throughout",
}
_TITLE_HEADS = {
    "Minister",
    "Secretary",
    "Commissioner",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Envoy",
    "Ambassador",
    "Director",
    "Chairman",
    "Governor",
    "Adviser",
    "Advisor",
    "Commander",
    "Chief",
    "President",
    "Leader",
    "Mayor",
    "Speaker",
    "Counsel",
}
_FUNCTION = {
    "the",
    "a",
    "an",
    "and",
    "but",
    "or",
    "in",
    "on",
    "at",
    "by",
    "to",
    "of",
    "from",
    "with",
    "for",
    "as",
    "after",
    "before",
    "while",
    "when",
    "if",
    "since",
    "this",
    "that",
    "these",
    "those",
    "his",
    "her",
    "their",
    "its",
    "our",
    "during",
    "under",
    "over",
    "among",
    "amid",
}
_PARTICLES = {"Al", "El", "Abu", "Bin", "Ibn", "Ben", "Abd", "Ould", "Ait"}
_COMPASS = {
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "Upper",
    "Lower",
    "Greater",
}
_PLACE_NOUNS = {"town", "city", "capital", "village", "region", "province", "port", "state"}
_ORG_CUE_AFTER = {
    "newspaper",
    "daily",
    "agency",
    "news",
    "group",
    "company",
    "firm",
    "broadcaster",
    "channel",
    "party",
    "network",
    "bank",
    "militia",
    "movement",
    "media",
    "weekly",
    "magazine",
    "website",
    "outlet",
    "television",
    "radio",
    "organisation",
    "organization",
}
_ORG_CUE_BEFORE = {
    "firm",
    "company",
    "newspaper",
    "daily",
    "agency",
    "group",
    "bank",
    "broadcaster",
    "giant",
    "militia",
    "party",
    "organisation",
    "organization",
    "weekly",
    "lender",
    "carrier",
    "airline",
    "conglomerate",
    "maker",
    "producer",
    "insurer",
}
SPEECH_VERBS = {
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "asks",
    "tweeted",
    "posted",
    "stated",
    "declared",
    "announced",
    "insisted",
    "warned",
    "noted",
    "explained",
    "argued",
    "claimed",
    "urged",
    "called",
    "calling",
    "reports",
    "reported",
    "replied",
    "responded",
    "continued",
    "commented",
    "recalled",
    "stressed",
    "acknowledged",
    "admitted",
    "suggested",
    "quoted",
    "quoting",
    "saying",
    "described",
    "describing",
    "according",
    "report",
    "reporting",
    "telling",
    "writing",
    "adding",
    "tweeting",
    "vowed",
    "pledged",
    "promised",
    "predicted",
    "cautioned",
    "demanded",
    "complained",
    "confirmed",
    "denied",
    "concluded",
    "remarked",
    "observed",
    "countered",
    "shouted",
}
_WORD = re.compile(r"[^\W\d_]", re.UNICODE)
_BODY = re.compile(
    r"(?P<qual>(?:\s+(?:[Ff]oreign|[Ff]oreign [Aa]ffairs|[Dd]efen[cs]e|[Ii]nterior|[Hh]ealth|"
    r"[Ff]inance|[Jj]ustice|[Ee]ducation|[Ii]nformation|[Hh]ome|[Cc]ivil [Dd]efen[cs]e|[Ss]tate|"
    r"[Nn]ews|[Ee]nergy|[Tt]rade|[Ee]conomy|[Rr]eligious [Aa]ffairs|[Aa]tomic [Ee]nergy)){0,1})"
    r"\s+(?P<body>[Mm]inistry|[Pp]residency|[Oo]ffice|police|forces|military|army|navy|"
    r"[Ee]mbassy|[Rr]oyal [Cc]ourt|agency)\b"
)
# the capitalised owner right before a body: "Saudi Arabia's", "Israeli", "Modi's"
_OWNER = re.compile(r"((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,2})([’']s)?$")
_OUTLET_AFTER = re.compile(
    r"\s+(?:news\s+agency|newspaper|news\s+channel|news\s+website|broadcaster|daily|"
    r"television|TV|radio)\b"
)
# precompiled: _context runs for every mention
_CTX_WORDS = re.compile(r"[\w'’-]+|[,;:()]")
_COMPOUND_AFTER = re.compile(r"-(?:based|born|led|backed|run|owned|flagged)\b")
_NEXT_WORD = re.compile(r"\s*([\w'’-]+)")
_APPOSITION = re.compile(r",\s+((?:[a-z][\w-]*|\d+)\b[^,.;]{0,90})")
_PHRASE_WORDS = re.compile(r"[\w-]+")
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
# cheap substring test before the government-body scan: most paragraphs name no body
_BODY_WORDS = (
    "inistry",
    "residency",
    "ffice",
    "police",
    "forces",
    "military",
    "army",
    "navy",
    "mbassy",
    "ourt",
    "agency",
)
_GERUND = re.compile(r"^[A-Z][a-z]{2,}ing$")
_WORD_BEFORE = re.compile(r"([A-Za-z-]+)\s+$")
# first words of zone names ("Area C", "Zone 3"): places, not actors
_PLACE_HEADS = {"Area", "Zone", "Sector", "Camp", "District", "Governorate", "Block"}


# occupations that stand before a name like a title ("Economist Pavel Ruud"), but, unlike
# titles, are not part of the name's form ("General", "Speaker" and "Head" start names too)
_OCCUPATIONS = {
    w.capitalize()
    for w in [
        "analyst",
        "economist",
        "professor",
        "lawyer",
        "attorney",
        "researcher",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "activist",
        "diplomat",
        "expert",
        "journalist",
        "correspondent",
        "historian",
        "scholar",
        "strategist",
        "commentator",
        "columnist",
        "prosecutor",
        "campaigner",
        "consultant",
        "scientist",
        "writer",
        "author",
        "blogger",
        "businessman",
        "businesswoman",
        "banker",
        "negotiator",
        "mediator",
        "witness",
        "survivor",
        "student",
        "teacher",
        "doctor",
        "nurse",
        "engineer",
        "lawmaker",
        "legislator",
        "pollster",
    ]
}
# last words of event names; "Congress" and "Convention" also end organisations' names
_EVENT_ENDS = ("Conference", "Summit", "Forum", "Games", "Cup", "Olympics", "Festival")
_ASSEMBLY_ENDS = ("Congress", "Convention")
# "spoke at the Munich Security Conference", "during the 20th Party Congress"
_EVENT_BEFORE = re.compile(
    r"\b(?:at|during|attend(?:s|ed|ing)?|host(?:s|ed|ing)?|address(?:es|ed|ing)?|sidelines of|"
    r"ahead of|opening of|closing of|opened|closed)\s+(?:the\s+|this\s+year['’]s\s+|"
    r"last\s+year['’]s\s+|an?\s+)?(?:\d+\w*\s+|annual\s+|first\s+|second\s+|third\s+)?$",
    re.IGNORECASE,
)


def _event(m: Mention, text: str) -> bool:
    """A conference, summit or congress held rather than an organisation acting: named after
    "at/during/attended the", or (all but congresses and conventions, which are mostly bodies:
    "Indian National Congress", "US Congress") not speaking. Gazetteer organisations stay."""
    if m.kind != "organization" or m.key is not None:
        return False
    if m.surface.endswith(_ASSEMBLY_ENDS):
        return bool(_EVENT_BEFORE.search(text, max(0, m.start - 50), m.start))
    if not m.surface.endswith(_EVENT_ENDS):
        return False
    return not m.speaker_cue or bool(_EVENT_BEFORE.search(text, max(0, m.start - 50), m.start))


# the lower-case words inside organisation names ("Council on Foreign Relations")
_JOINER = re.compile(r" (for|for the|to|on|of the|and|and the|against|against the) ")
_CALENDAR = {
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
}
# "Jabalia camp", "the Rafah crossing": a name before a lower-case place noun is a place
_PLACE_AFTER = re.compile(
    r" (?:refugee )?(?:camp|crossing|border crossing|neighbou?rhood|district|mosque|hospital|"
    r"checkpoint|street|square|compound|market|cemetery|quarter)\b"
)


def _place_named(m: Mention, text: str) -> bool:
    """A name that only says where ("in Jabalia camp", "the Rafah crossing"); names known
    to the gazetteer (countries, capitals) stay, and so does one that speaks."""
    if m.key is not None or m.kind == "country" or m.speaker_cue:
        return False
    return _PLACE_AFTER.match(text, m.end) is not None


# adjectives of party names, which alone qualify a noun ("Republican hegemony")
_PARTY_ADJECTIVES = {
    "Democratic",
    "Republican",
    "Conservative",
    "Liberal",
    "Socialist",
    "Communist",
    "Nationalist",
    "Progressive",
}
# capitalised words before a lower-case "party"
_PARTY = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) party\b")


@cache
def _demonym_firsts() -> frozenset[str]:
    """First words of the demonyms ("South" of "South Korean")."""
    return frozenset(d.split(" ")[0] for d in lexicon().demonyms)


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


def _after_opening_quote(text: str, at: int) -> bool:
    """Whether `at` follows an opening quotation mark that starts the text or follows a
    sentence end ('… said. "Ruiz …'). Walks back over spaces only, instead of copying and
    stripping the whole text before `at` for every mention."""
    k = at
    while k > 0 and text[k - 1].isspace():
        k -= 1
    if k == 0 or text[k - 1] not in '\u201c"':
        return False
    k -= 1
    while k > 0 and text[k - 1].isspace():
        k -= 1
    return k == 0 or text[k - 1] in ".!?"


def _org_mention(para: int, span: list[_Tok], text: str) -> Mention:
    """An organisation named by the capitalised words of `span`, without a gazetteer entry."""
    start, end = span[0].start, span[-1].tend
    return Mention(para, start, end, text[start:end], "organization", org_cue=True)


def _adjacent(a: _Tok, b: _Tok, text: str) -> bool:
    gap = text[a.end : b.start]
    return gap == " " or (gap == "" and (a.text == "-" or b.text == "-"))


class Tagger:
    def __init__(self, text_words: set[str]) -> None:
        self.lex: Lexicon = lexicon()
        self.lower_words = text_words  # words seen in lower case anywhere in the article

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
                run_end = (
                    self._run_end(toks, j, text)
                    if j < len(toks)
                    and toks[j].cap
                    and _adjacent(toks[j - 1], toks[j], text)
                    # "in Oslo. The Baltic …": a full stop ends the name ("U.S." keeps its own)
                    and toks[j - 1].raw == toks[j - 1].text
                    else j
                )
                if (
                    run_end > j
                    and toks[run_end - 1].text in self.lex.org_suffixes
                    and not self._titled(toks, j, run_end)
                ):
                    out.append(
                        Mention(
                            para,
                            m.start,
                            toks[run_end - 1].tend,
                            text[m.start : toks[run_end - 1].tend],
                            "organization",
                        )
                    )
                    i = run_end
                else:
                    i = j
                continue
            if toks[i].cap and self._skippable(toks, i, sentence_starts, text):
                i += 1
                continue
            if toks[i].cap:
                j = self._run_end(toks, i, text)
                head, joined = self._joined_name(toks, i, j, text)
                if joined > j:
                    j = joined
                    found = [_org_mention(para, toks[head:j], text)]
                    out.extend(found)
                    i = j
                    continue
                found = self._analyse(para, toks, i, j, text, sentence_starts)
                j = self._and_tail(found, toks, j, text)
                out.extend(found)
                i = j
                continue
            i += 1
        out.extend(self._bodies(para, text, out))
        out = self._parties(para, text, out)
        for m in out:
            self._context(m, toks, text, sentence_starts)
        if any(m.kind == "organization" and m.surface.endswith(_EVENT_ENDS) for m in out):
            out = [m for m in out if not _event(m, text)]
        if _PLACE_AFTER.search(text):
            out = [m for m in out if not _place_named(m, text)]
        return out

    def _parties(self, para: int, text: str, found: list[Mention]) -> list[Mention]:
        """ "the Democratic party", "Labour party": a party named with a lower-case "party" is
        the organisation "Democratic Party". A party adjective alone ("Democratic operatives")
        or fused to a person ("Trump-Republican") names no actor."""
        drop: list[tuple[int, int]] = [
            (m.start, m.end)
            for m in found
            if m.key is None
            and (
                m.surface in _PARTY_ADJECTIVES or m.surface.rsplit("-", 1)[-1] in _PARTY_ADJECTIVES
            )
        ]
        added: list[Mention] = []
        if " party" in text:
            for p in _PARTY.finditer(text):
                words = p.group(1).split()
                while words and words[0].lower() in _FUNCTION:
                    words.pop(0)
                start = p.end(1) - len(" ".join(words))
                drop.append((start, p.end(1)))
                if not words or any("-" in w for w in words):
                    continue  # "Trump-Republican party dynamic": a style of politics
                if all(w in self.lex.demonyms for w in words):
                    continue  # "a Kurdish party": which party is not said
                known = self.lex.names.get(tuple(words))
                if known is not None and known.kind != "organization":
                    continue
                name = " ".join(words) + " Party"
                added.append(Mention(para, start, p.end(), name, "organization", org_cue=True))
        if not drop:
            return found
        kept = [m for m in found if not any(a <= m.start and m.end <= b for a, b in drop)]
        return kept + added

    def _bodies(self, para: int, text: str, found: list[Mention]) -> list[Mention]:
        """Government bodies named by their owner: "Israel's foreign ministry", "the French
        presidency", "Modi's office", "Palestinian Presidency". They issue statements, so they
        are actors and speakers; the owner inside stays an actor but is not the speaker."""
        out: list[Mention] = []
        if not any(w in text for w in _BODY_WORDS):
            return out
        for b in _BODY.finditer(text):
            owner_end = b.start()
            before = _OWNER.search(text, max(0, owner_end - 60), owner_end)
            if before is None:
                continue
            words = before.group(1).split()
            possessive = bool(before.group(2))
            body = b.group("body").lower()
            qual = (b.group("qual") or "").lower()
            for n in range(min(3, len(words)), 0, -1):
                owner = words[-n:]
                key = tuple(owner)
                known = self.lex.names.get(key)
                demonym = " ".join(owner) in self.lex.demonyms
                person = any(
                    m.kind in ("person", "unknown") and m.surface.endswith(owner[-1])
                    for m in found
                    if m.end == before.end(1)
                )
                if body == "agency" and (not qual or "news" in qual):
                    break  # "news agency" is an outlet; a bare "agency" names nothing
                if body == "office" and not (possessive or qual):
                    break  # "the Israeli office" of a company: too vague to be an actor
                if (
                    not (known and known.kind == "country")
                    and not demonym
                    and not (person and possessive and body == "office")
                ):
                    continue
                start = before.end(1) - len(" ".join(owner))
                if text[start : before.end(1)] != " ".join(owner):
                    break
                end = b.end()
                if any(m.start == start and m.end == end for m in found):
                    break
                for m in found:
                    if start <= m.start and m.end <= end:
                        m.nested = True
                out.append(Mention(para, start, end, text[start:end], "organization", org_cue=True))
                break
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
            if known is None:
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

    def _run_end(self, toks: list[_Tok], i: int, text: str) -> int:
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
                    or (
                        prev.text not in self.lex.hyphen_stops
                        and toks[j + 1].text not in self.lex.hyphen_stops
                    )
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

    def _joined_name(self, toks: list[_Tok], i: int, j: int, text: str) -> tuple[int, int]:
        """ "Committee to Protect Journalists", "Office for the Coordination of Humanitarian
        Affairs": an organisation noun heading a name goes on over lower-case function words
        followed by capitalised words. Returns (head, new run end); the end is `j` when the
        run does not go on."""
        head = i
        while head < j and toks[head].text.lower() in _FUNCTION:
            head += 1
        if head >= j or toks[head].text not in self.lex.org_suffixes:
            return head, j
        end = j
        while end < len(toks) and toks[end].cap:
            gap = _JOINER.fullmatch(text, toks[end - 1].end, toks[end].start)
            if gap is None or toks[end - 1].raw != toks[end - 1].text:
                break
            stop = self._run_end(toks, end, text)
            while (
                stop + 1 < len(toks)
                and toks[stop].text == "-"
                and toks[stop - 1].end == toks[stop].start
                and toks[stop + 1].cap
                and toks[stop + 1].start == toks[stop].end
            ):
                # "Council on American-Islamic Relations": inside a name a hyphenated
                # demonym pair is one word
                stop = self._run_end(toks, stop + 1, text)
            tail = toks[end:stop]
            # "… for Syria", "… on Monday": a place or a date after the name, not more of it
            if any(
                t.text in _CALENDAR
                or (t.text,) in self.lex.names
                and self.lex.names[(t.text,)].kind == "country"
                for t in tail
            ):
                break
            if gap.group(1) == "and" and " of " not in text[toks[head].start : toks[end].start]:
                break  # "the Council and Germany": only "of" names go on over "and"
            end = stop
        return head, end

    def _and_tail(self, found: list[Mention], toks: list[_Tok], j: int, text: str) -> int:
        """ "Department of Natural Resources and Environment": an organisation's "of" name
        goes on over "and" and the capitalised words after it. Returns the new run end."""
        if (
            len(found) != 1
            or found[0].kind != "organization"
            or " of " not in found[0].surface
            or j >= len(toks)
            or not toks[j].cap
            or text[found[0].end : toks[j].start] != " and "
        ):
            return j
        end = self._run_end(toks, j, text)
        if any(t.text in self.lex.lengths for t in toks[j:end]):
            return j  # "… of Chile and Peru": a second actor, not more of the name
        m = found[0]
        m.end = toks[end - 1].tend
        m.surface = text[m.start : m.end]
        return end

    def _org_of(self, toks: list[_Tok], i: int, j: int) -> bool:
        """ "International Consortium of …": a word before an organisation word heading an
        "of" name belongs to the name."""
        return j - i > 3 and toks[i + 1].text in self.lex.org_suffixes and toks[i + 2].text == "of"

    def _titled(self, toks: list[_Tok], i: int, j: int) -> bool:
        if toks[i].text not in self.lex.title_firsts:
            return False
        return any(
            tuple(t.text for t in toks[i : i + n]) in self.lex.person_titles
            for n in range(1, min(4, j - i) + 1)
        )

    def _demonym(self, toks: list[_Tok], i: int, j: int) -> int:
        """Length of a demonym starting at i ("South Korean" is two tokens), else 0."""
        if toks[i].text not in _demonym_firsts():
            return 0  # most words start no demonym: no joins to build
        for n in (3, 2, 1):
            if i + n <= j and " ".join(t.text for t in toks[i : i + n]) in self.lex.demonyms:
                return n
        return 0

    def _skippable(self, toks: list[_Tok], i: int, starts: set[int], text: str) -> bool:
        """A stop capital or a sentence-initial common word, unless a title starts here."""
        tok = toks[i]
        if tok.text in self.lex.demonyms or self._titled(toks, i, min(len(toks), i + 4)):
            return False
        if tok.text in self.lex.stop_capitals:
            # "the Finance Ministry", "State Department": a stop word that starts an org name
            j = self._run_end(toks, i, text)
            return tok.text.lower() in _FUNCTION or not (
                (j - i > 1 and toks[j - 1].text in self.lex.org_suffixes)
                or self._org_of(toks, i, j)
                or self._joined_name(toks, i, j, text)[1] > j
            )
        # "Baltic Energy Institute": a group word inside a name stays in the run
        return tok.start in starts and tok.text.lower() in self.lower_words

    def _common(self, tok: _Tok, initial: bool) -> bool:
        if tok.text in self.lex.stop_capitals:
            return True
        return initial and tok.text.lower() in self.lower_words

    def _analyse(
        self, para: int, toks: list[_Tok], i: int, j: int, text: str, starts: set[int]
    ) -> list[Mention]:
        lex = self.lex
        # leading sentence-start words and stop capitals ("But", "Asked", "Offshore"), but not
        # the first word of an organisation's name ("Foreign Ministry")
        while i < j:
            if toks[i].text.lower() in _FUNCTION:
                i += 1
                continue
            if (
                # the cheapest test first: most runs open with a word that is not common
                not self._common(toks[i], toks[i].start in starts)
                or tuple(t.text for t in toks[i:j]) in lex.names
                or (j - i > 1 and toks[j - 1].text in lex.org_suffixes)
                or self._org_of(toks, i, j)
                or self._titled(toks, i, j)
                or self._demonym(toks, i, j)
            ):
                break
            i += 1
        if i >= j:
            return []
        words = [t.text for t in toks[i:j]]
        if tuple(words) in lex.names:
            return [_known(para, toks[i:j], text, lex.names[tuple(words)])]
        if all(w.isupper() and len(w) > 1 for w in words) and len(words) > 1:
            return []  # shouted words ("CAUGHT RED HANDED"), page chrome
        if tuple(words) in lex.places:
            return []
        if "of" in words and words[-1] in lex.org_suffixes:
            # "Professor Samuel Moyn of Yale University": a titled person, then the
            # organisation they belong to, not one long organisation name
            at = words.index("of")
            if at > 1 and self._titled(toks, i, i + at):
                person = self._analyse(para, toks, i, i + at, text, starts)
                if len(person) == 1 and person[0].kind == "person":
                    return person + self._analyse(para, toks, i + at + 1, j, text, starts)
        if words[-1] in lex.org_suffixes and len(words) > 1:
            core = [w for w in words[:-1] if w not in lex.demonyms and w not in _CONNECTORS]
            if (
                not core
                or all(w in lex.non_actors for w in core)
                and words[-1]
                in {
                    "Cabinet",
                    "Government",
                    "Army",
                    "Parliament",
                    "Police",
                    "Navy",
                    "Forces",
                    "Force",
                    "Administration",
                    "Court",
                    "Media",
                    "Assembly",
                    "Congress",
                    "Senate",
                }
            ):
                return []
            k = i
            while k < j - 1 and toks[k].text in lex.demonyms:
                k += 1
            return [_org_mention(para, toks[i:j], text)]
        # "Organisation of Islamic Cooperation", "Bank of England": an organisation word
        # heading an "of" name is an organisation, whatever its last word
        if len(words) > 2 and words[0] in lex.org_suffixes and "of" in words[1:-1]:
            return [_org_mention(para, toks[i:j], text)]
        # titles and demonyms in front of a name: "Russian President Vladimir Putin"
        role: list[str] = []
        cue = False
        k = i
        while k < j:
            n_dem = self._demonym(toks, k, j)
            if n_dem:
                role.extend(t.text for t in toks[k : k + n_dem])
                k += n_dem
                continue
            head = next(
                (
                    n
                    for n in range(1, min(4, j - k - 1) + 1)
                    if toks[k + n - 1].text in _TITLE_HEADS
                ),
                0,
            )
            if head > 1 and all(toks[x].text not in _CONNECTORS for x in range(k, k + head)):
                role.extend(
                    t.text for t in toks[k : k + head]
                )  # "Trade Minister", "Energy Secretary"
                k += head
                cue = True
                continue
            if toks[k].text not in lex.title_firsts:
                break  # no title starts here
            for n in range(min(4, j - k), 0, -1):
                if tuple(t.text for t in toks[k : k + n]) in lex.person_titles:
                    role.extend(t.text for t in toks[k : k + n])
                    k += n
                    cue = True
                    break
            else:
                break
        if k == i and j - k > 1 and toks[k].text in _OCCUPATIONS:
            # "Analyst Mira Holm said": an occupation opening the sentence is capitalised
            # only by position; it is the role, and the name starts after it
            role.append(toks[k].text.lower())
            k += 1
            cue = True
        k, cue = self._descriptors(toks, k, j, role, cue)
        if k >= j:
            return []
        rest = toks[k:j]
        names = [t.text for t in rest]
        if len(names) == 1 and toks[k].start in starts and _GERUND.search(names[0]):
            return []  # "Speaking to reporters, …": a sentence-initial gerund, not a name
        # "political analyst Hana Eid": a role word before the run makes it a person even when
        # a word of the name is also an event word
        if any(w in lex.event_words for w in names) and not self._role_before(text, rest[0].start):
            return []
        if tuple(names) in lex.places or names[-1] in lex.place_suffixes:
            return []
        if len(names) > 1 and (names[0] in _COMPASS or names[0] in _PLACE_HEADS):
            return []  # "North Kordofan", "Area B": regions and zones, which are places
        if any(w != "-" and not w.replace("'", "").replace("’", "").isalpha() for w in names) or (
            len(names) == 1 and len(names[0]) == 1
        ):
            return []  # "Airbus H125", a lone initial: not names of actors
        # "Xi Jinping of China": a name, then the country it leads
        if "of" in names:
            at = names.index("of")
            tail = tuple(names[at + 1 :])
            if tail in lex.names and at > 0:
                known = lex.names[tail]
                out = self._person(para, rest[:at], text, role, cue)
                tail_toks = rest[at + 1 :]
                out.append(_known(para, tail_toks, text, known))
                return out
        # "Nazi Germany", "Imperial Japan": adjectives before a country
        for a in range(len(rest)):
            for b in range(len(rest), a, -1):
                sub = tuple(names[a:b])
                if sub in lex.names and (a, b) != (0, len(rest)):
                    others = names[:a] + names[b:]
                    if all(w in lex.non_actors or w in _CONNECTORS for w in others):
                        known = lex.names[sub]
                        return [_known(para, rest, text, known)]
        if all(w in lex.non_actors for w in names):
            return []
        return self._person(para, rest, text, role, cue)

    def _descriptors(
        self, toks: list[_Tok], k: int, j: int, role: list[str], cue: bool
    ) -> tuple[int, bool]:
        """ "Florida Republican Congressman Randy Fine", "Rear Admiral Ana Ruiz": capitalised
        state, party or rank words before a title belong to the role, not to the name."""
        for p in range(k + 1, min(k + 4, j - 1)):
            if any(t.text in _CONNECTORS or t.text == "-" for t in toks[k:p]):
                return k, cue
            for n in (2, 1):
                title = tuple(t.text for t in toks[p : p + n])
                if p + n < j and (
                    title in self.lex.person_titles or (n == 1 and title[0] in _TITLE_HEADS)
                ):
                    role.extend(t.text for t in toks[k : p + n])
                    return p + n, True
        return k, cue

    def _role_before(self, text: str, start: int) -> bool:
        m = _WORD_BEFORE.search(text, max(0, start - 40), start)
        return m is not None and m.group(1).lower() in self.lex.role_nouns

    def _person(
        self, para: int, rest: list[_Tok], text: str, role: list[str], cue: bool
    ) -> list[Mention]:
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

    def _context(self, m: Mention, toks: list[_Tok], text: str, starts: set[int]) -> None:
        m.sentence_initial = m.start in starts or _after_opening_quote(text, m.start)
        before = _CTX_WORDS.findall(text, max(0, m.start - 80), m.start)
        if _COMPOUND_AFTER.match(text, m.end):
            m.locative = True
        if before:
            prev = before[-1].lower()
            if prev in {"the", "a", "an"}:
                m.determiner = True
            if prev in _LOCATIVE or (
                prev == "of" and len(before) > 1 and before[-2].lower() in _PLACE_NOUNS
            ):
                m.locative = True
            if prev in _ORG_CUE_BEFORE:
                m.org_cue = True
            # lower-case role words right before a name: "foreign ministry spokesman Hong Lei"
            lead: list[str] = []
            # only people and unknowns take them; the words are not read for anyone else
            for w in reversed(before) if m.kind in ("person", "unknown") else ():
                if (
                    w[0].islower()
                    and w
                    not in {
                        "and",
                        "the",
                        "a",
                        "an",
                        "by",
                        "of",
                        "with",
                        "to",
                        "said",
                        "says",
                        "told",
                        "for",
                        "on",
                        "in",
                        "at",
                    }
                    and len(lead) < 4
                ):
                    lead.insert(0, w)
                    continue
                break
            if m.kind in ("person", "unknown") and lead and lead[-1].lower() in self.lex.role_nouns:
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
                words[0] not in SPEECH_VERBS and any(w in self.lex.role_nouns for w in words[:7])
            ):
                m.person_cue = True
                if not words[0].isdigit() and words[0] != "who":
                    m.role = m.role or _ARTICLE.sub("", phrase).strip()
