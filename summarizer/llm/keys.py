"""Cache keys: the same text, asked of the same model with the same prompt, is asked once."""

from __future__ import annotations

import hashlib

from summarizer.llm.grounding import normalize
from summarizer.llm.prompt import PROMPT_VERSION


def cache_key(title: str, text: str, published_day: str | None, model: str, mode: str) -> str:
    """sha256 over the normalized text and everything else that shapes the answer: the model,
    the prompt version, the mode, and the publication day (relative dates resolve against it)."""
    parts = [PROMPT_VERSION, model, mode, published_day or "", normalize(title), normalize(text)]
    return "openai:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
