"""Article text → clean paragraphs: page furniture, bylines, credits and datelines removed.

Printed and scraped pages carry lines that are not reporting ("3 of 4 02/04/22, 15:38",
"Additional reporting by …", "© AP", OCR garbage). They would otherwise yield bylined authors
as actors and page stamps as dates, so they are dropped before anything is extracted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from summarizer.rules.wordlists import alternation, words

_TAG = re.compile(r"</?[a-zA-Z][^>]{0,200}>")
# runs of two or more spaces, or any space other than " ": a lone " " needs no rewriting, and
# most of a line's matches would be those
_SPACES = re.compile(
    r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_STAMP = r"\d{1,2}/\d{1,2}/\d{2,4}(?:,?\s+\d{1,2}:\d{2}(?:\s*[AP]M)?)?"
_FURNITURE = re.compile(
    rf"^(?:\d+\s+of\s+\d+(?:\s+{_STAMP})?|{_STAMP}|#.*|page \d+.*|\d+\s*/\s*\d+"
    r"|\(?(?:additional )?" + alternation(words("credit_verbs")) + r" by\b.*"
    r"|by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:(?:,| and) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})*"
    r"|our standards:.*|\(c\) .*"
    # "Published in Dawn, February 17th, 2026": the outlet's own stamp closing a story
    r"|(?:first )?published (?:in|on|by) [^,.]{1,40}, [\w ,]{4,30}\d{4}\.?"
    # "(20 Aug 04 | Country profiles )": a related-link list's stamps, a line of them
    r"|(?:\(\s*\d{1,2} \w{3} \d\d\s*\|[^()]*\)\s*)+"
    r"|" + alternation(words("media_credits")) + r"s?(?: credit)?:.*|(?:file )?photo\b.*"
    r"|date \d{4}-\d\d-\d\d\b.*|this content was produced in .*|advertisement|read more\b.*"
    r"|(?:sign up|subscribe)\b.*|share (?:this|on)\b.*|updated:? .{0,40}|\d+ (?:min|minute)s? read)$",
    re.IGNORECASE,
)
# copyright lines: patterns that scan the whole line, so they run only on lines that hold
# one of their words (casefolded; "İ" and "ı" are the two letters re.IGNORECASE matches to
# "i" that casefolding does not turn into it)
_COPYRIGHT = re.compile(r"^(?:.*\b(?:copyright|all rights reserved)\b.*|.*©.*)$", re.IGNORECASE)


def _copyright(line: str) -> bool:
    if "©" not in line and "\u0130" not in line and "\u0131" not in line:
        folded = line.casefold()
        if "copyright" not in folded and "all rights reserved" not in folded:
            return False
    return _COPYRIGHT.match(line) is not None


# "Edward White in Seoul and Kathrin Hille in Taipei 10 HOURS AGO": names, places, a time.
_NAME = r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}"
_BYLINE = re.compile(
    rf"^(?:By )?{_NAME}(?: in [A-Z][\w -]+?)?(?:(?:,| and) {_NAME}(?: in [A-Z][\w -]+?)?)*"
    r"(?:\s+\d+\s+(?:HOURS?|MINUTES?|DAYS?)\s+AGO)?$"
)
_TIME_AGO = re.compile(r"\b\d+\s+(?:hours?|minutes?|days?)\s+ago\s*$", re.IGNORECASE)
_GARBAGE_CHARS = re.compile(r"[=|~^<>{}\\]")
_TERMINAL = re.compile(r"[.!?:;\"”’')\]]\s*$")
_DATELINE = re.compile(
    r"^(?:[A-Z][\w'’.]*(?:\s+[A-Z][\w'’.]*){0,3}(?:,\s*[A-Z][\w'’. ]{1,30}?)?\s*"
    r"(?:\([^)]{1,40}\)\s*)?[-–—]+\s+|[A-Z][A-Z'’. ]{2,30}(?:,\s*[A-Z][\w'’. ]{1,30}?)?\s*\([^)]{1,40}\)\s*[-–—:]?\s*)"
)
ABBREVIATIONS = words("abbreviations")
_SENTENCE_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class Paragraph:
    index: int
    text: str
    sentences: tuple[tuple[int, int], ...]  # (start, end) offsets into text


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return _TAG.sub("", text)


_TERMINAL_CHARS = frozenset(".!?:;\"”’')]")


def _terminal(line: str) -> bool:
    """`_TERMINAL.search(line)` without a regex scan of the whole line: the last character
    that is not white space ends a sentence or a quotation."""
    return line.rstrip()[-1:] in _TERMINAL_CHARS


def is_furniture(line: str) -> bool:
    if _FURNITURE.match(line) or _copyright(line):
        return True
    # the scan for "… 10 HOURS AGO" runs only on lines ending in "ago"
    ago = _TIME_AGO.search(line) if line.rstrip()[-3:].lower() == "ago" else None
    if ago and not _terminal(line[: ago.start()]):
        return True
    terminal = _terminal(line)
    if len(line) < 160 and not terminal and _BYLINE.match(line):
        return True
    # OCR garbage: unterminated and carrying symbols reporting prose does not use
    return not terminal and bool(_GARBAGE_CHARS.search(line))


def split_sentences(text: str) -> tuple[tuple[int, int], ...]:
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()]
        last = re.search(r"(\w+)$", before)
        word = last.group(1) if last else ""
        # "U.S. officials", "Mr. Kostov", "Oct. 19": a full stop after an abbreviation or an
        # initial does not end the sentence
        if text[m.start()] == "." and (
            word.casefold() in ABBREVIATIONS or (len(word) == 1 and word.isupper())
        ):
            continue
        spans.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def paragraphs(text: str, normalized: bool = False) -> list[Paragraph]:
    """Body paragraphs without furniture; the first one loses its dateline ("MOSCOW (Reuters) -").
    `normalized`: the caller already ran `normalize` on the text (it needs it too), so it is
    not done twice."""
    out: list[Paragraph] = []
    for raw in (text if normalized else normalize(text)).splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line or is_furniture(line):
            continue
        if len(out) < 2:
            m = _DATELINE.match(line)
            if m and len(line) - m.end() > 40:
                line = line[m.end() :]
        out.append(Paragraph(len(out), line, split_sentences(line)))
    return out
