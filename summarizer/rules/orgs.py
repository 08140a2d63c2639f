"""Organisation-name rules: joined and "of" names, government bodies, parties."""

from __future__ import annotations

import re

from summarizer.rules.lexicon import Lexicon
from summarizer.rules.tokens import _FUNCTION, Mention, _Tok, run_end
from summarizer.rules.wordlists import alternation, words

_BODY = re.compile(
    r"(?P<qual>(?:\s+" + alternation(words("ministry_qualifiers"), capitals=True) + r"){0,1})"
    r"\s+(?P<body>"
    + alternation(words("body_heads"), capitals=True)
    + "|"
    + alternation(words("body_heads_lower"))
    + r")\b"
)
# the capitalised owner right before a body: "Saudi Arabia's", "Israeli", "Modi's"
_OWNER = re.compile(r"((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,2})([’']s)?$")
# cheap substring test before the government-body scan: most paragraphs name no body
# ("inistry" matches "Ministry" and "ministry")
_BODY_WORDS = tuple(w.split(" ")[-1][1:] for w in words("body_heads")) + tuple(
    words("body_heads_lower")
)


# the lower-case words inside organisation names ("Council on Foreign Relations")
_JOINER = re.compile(" (" + alternation(words("name_joiners")) + ") ")
_CALENDAR = words("calendar_words")


# adjectives of party names, which alone qualify a noun ("Republican hegemony")
_PARTY_ADJECTIVES = words("party_adjectives")
# capitalised words before a lower-case "party"
_PARTY = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) party\b")


# Organisation names the capitalised run alone does not give.


def parties(lex: Lexicon, para: int, text: str, found: list[Mention]) -> list[Mention]:
    """ "the Democratic party", "Labour party": a party named with a lower-case "party" is
    the organisation "Democratic Party". A party adjective alone ("Democratic operatives")
    or fused to a person ("Trump-Republican") names no actor."""
    drop: list[tuple[int, int]] = [
        (m.start, m.end)
        for m in found
        if m.key is None
        and (m.surface in _PARTY_ADJECTIVES or m.surface.rsplit("-", 1)[-1] in _PARTY_ADJECTIVES)
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
            if all(w in lex.demonyms for w in words):
                continue  # "a Kurdish party": which party is not said
            known = lex.names.get(tuple(words))
            if known is not None and known.kind != "organization":
                continue
            name = " ".join(words) + " Party"
            added.append(Mention(para, start, p.end(), name, "organization", org_cue=True))
    if not drop:
        return found
    kept = [m for m in found if not any(a <= m.start and m.end <= b for a, b in drop)]
    return kept + added


def bodies(lex: Lexicon, para: int, text: str, found: list[Mention]) -> list[Mention]:
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
            known = lex.names.get(key)
            demonym = " ".join(owner) in lex.demonyms
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


def joined_name(lex: Lexicon, toks: list[_Tok], i: int, j: int, text: str) -> tuple[int, int]:
    """ "Committee to Protect Journalists", "Office for the Coordination of Humanitarian
    Affairs": an organisation noun heading (or ending) a name goes on over lower-case function words
    followed by capitalised words. Returns (head, new run end); the end is `j` when the
    run does not go on."""
    head = i
    while head < j and toks[head].text.lower() in _FUNCTION:
        head += 1
    # "Royal Society for the Prevention of Accidents": the run may also end in the noun
    if head >= j or (
        toks[head].text not in lex.org_suffixes and toks[j - 1].text not in lex.org_suffixes
    ):
        return head, j
    end = j
    while end < len(toks) and toks[end].cap:
        gap = _JOINER.fullmatch(text, toks[end - 1].end, toks[end].start)
        if gap is None or toks[end - 1].raw != toks[end - 1].text:
            break
        stop = run_end(lex, toks, end, text)
        while (
            stop + 1 < len(toks)
            and toks[stop].text == "-"
            and toks[stop - 1].end == toks[stop].start
            and toks[stop + 1].cap
            and toks[stop + 1].start == toks[stop].end
        ):
            # "Council on American-Islamic Relations": inside a name a hyphenated
            # demonym pair is one word
            stop = run_end(lex, toks, stop + 1, text)
        tail = toks[end:stop]
        # "… for Syria", "… on Monday": a place or a date after the name, not more of it
        if any(
            t.text in _CALENDAR or (t.text,) in lex.names and lex.names[(t.text,)].kind == "country"
            for t in tail
        ):
            break
        named = text[toks[head].start : toks[end].start]
        if gap.group(1).startswith("and") and " of " not in named and " for " not in named:
            # "the Council and Germany", "the Senate and the House": only "of" and "for" names
            # go on over "and" ("Institute for Spam and Internet Public Policy")
            break
        end = stop
    return head, end


def and_tail(lex: Lexicon, found: list[Mention], toks: list[_Tok], j: int, text: str) -> int:
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
    end = run_end(lex, toks, j, text)
    if any(t.text in lex.lengths for t in toks[j:end]):
        return j  # "… of Chile and Peru": a second actor, not more of the name
    m = found[0]
    m.end = toks[end - 1].tend
    m.surface = text[m.start : m.end]
    return end


def org_of(lex: Lexicon, toks: list[_Tok], i: int, j: int) -> bool:
    """ "International Consortium of …": a word before an organisation word heading an
    "of" name belongs to the name."""
    return j - i > 3 and toks[i + 1].text in lex.org_suffixes and toks[i + 2].text == "of"
