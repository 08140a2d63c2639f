"""Bounds on what one feed document may cost: entries read per poll and text kept per entry.

A hostile or runaway feed (100,000 entries, a 10 MB article) must cost no more than an ordinary
one. Entries are cut *before* feedparser sees them, because parsing is the expensive part
(about 0.25 ms and 2 KB of parser state per entry): the document is truncated after the Nth
entry and its open elements are closed again, so the cost is bounded by N, not by the feed.
Feeds list their newest entries first by convention, so the first N are the ones to keep.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Start tags of RSS/RDF items and Atom entries (also prefixed, e.g. <atom:entry>).
_ENTRY_START = re.compile(rb"<(?:[A-Za-z][\w.-]*:)?(?:item|entry)[\s>/]")
_ENTRY_END = re.compile(rb"</(?:[A-Za-z][\w.-]*:)?(?:item|entry)\s*>")
# Tags in the document's head (before the first entry), to re-close what is open there.
_TAG = re.compile(rb"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")
# Where a cut text may end: a paragraph break, else a sentence end, else a space.
_BREAKS = ("\n\n", ". ", " ")


@dataclass(frozen=True)
class Cut:
    body: bytes
    total: int  # entry start tags in the whole document (at least; a rough count)
    kept: int


def cut_entries(body: bytes, max_entries: int) -> Cut:
    """The document with at most `max_entries` entries, still well-formed where it was.

    A document with no more entries than that is returned as it is."""
    total = sum(1 for _ in _ENTRY_START.finditer(body))
    if total <= max_entries:
        return Cut(body, total, total)
    first = _ENTRY_START.search(body)
    end = 0
    for _, match in zip(range(max_entries), _ENTRY_END.finditer(body), strict=False):
        end = match.end()
    if first is None or end <= first.start():
        return Cut(body, total, total)  # no closing tags to cut at: let the parser cope
    return Cut(body[:end] + _closing(body[: first.start()]), total, max_entries)


def _closing(head: bytes) -> bytes:
    """Close tags for the elements still open at the end of `head` (e.g. rss, channel)."""
    # Comments, CDATA, the XML declaration and doctype can hold '<' and '>' of their own.
    head = re.sub(rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[?!][^>]*>", b"", head, flags=re.DOTALL)
    stack: list[bytes] = []
    for close, name, self_closing in _TAG.findall(head):
        if self_closing:
            continue
        if not close:
            stack.append(name)
        elif name in stack:
            del stack[len(stack) - 1 - stack[::-1].index(name) :]
    return b"".join(b"</" + name + b">" for name in reversed(stack))


def clip_text(text: str, max_chars: int) -> str:
    """`text` cut to at most `max_chars`, at a paragraph or sentence end when there is one in
    the last tenth, so a kept quote or date is not cut mid-word."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    floor = max_chars - max_chars // 10
    for mark in _BREAKS:
        at = head.rfind(mark, floor)
        if at > 0:
            return head[: at + (1 if mark == ". " else 0)].rstrip()
    return head.rstrip()
