"""Input cleaning: strip page boilerplate and noise before the text costs tokens.

The cleaned text is only what the model reads; grounding always checks against the original
article text, so cleaning can never make a quote look present that is not.
"""

from __future__ import annotations

import re
import unicodedata

# Short lines that are navigation, sharing or legal chrome rather than reporting.
_BOILERPLATE = re.compile(
    r"^(advertisement|advert|sponsored|skip to (main )?content|share (this|on)\b.*|follow us\b.*"
    r"|sign up\b.*|subscribe\b.*|.*\bnewsletter\b.*|read more\b.*|related( articles| stories)?:?.*"
    r"|click here\b.*|.*all rights reserved.*|(copyright|©).*|image (caption|copyright|source).*"
    r"|(photo|picture|image)( credit)?:.*|.*getty images.*|.*\bcookies?\b.*|.*enable javascript.*"
    r"|listen to (this|the) (article|story).*|\d+ (min|minute)s? read|updated:? .{0,40}|comments?)$",
    re.IGNORECASE,
)
_BOILERPLATE_MAX_CHARS = 120  # longer lines are reporting even when they mention "subscribe"
_URL_LINE = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def clean_text(text: str, title: str = "") -> str:
    """Paragraphs of `text` without boilerplate lines, duplicates, bare URLs or a repeated title."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    seen: set[str] = set()
    title_key = _SPACES.sub(" ", title).strip().casefold()
    if title_key:
        seen.add(title_key)
    paragraphs: list[str] = []
    for raw in text.splitlines():
        line = _SPACES.sub(" ", raw).strip()
        if not line:
            if paragraphs and paragraphs[-1]:
                paragraphs.append("")
            continue
        key = line.casefold()
        if key in seen or _URL_LINE.match(line):
            continue
        if len(line) <= _BOILERPLATE_MAX_CHARS and _BOILERPLATE.match(line):
            continue
        seen.add(key)
        paragraphs.append(line)
    return "\n".join(paragraphs).strip()
