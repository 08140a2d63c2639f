"""/article shows which backend wrote a summary and what grounding dropped."""

from __future__ import annotations

from bot.discord.cogs.queries import summarizer_note
from summarizer.models import Grounding, Summary


def test_note_names_backend_fallback_and_dropped_items() -> None:
    s = Summary(
        id="1",
        title="t",
        backend="openai:gpt-4o-mini",
        grounding=Grounding(dropped_quotes=2, dropped_speakers=1),
    )
    assert summarizer_note(s) == "openai:gpt-4o-mini · grounding dropped 2 quotes, 1 speakers"
    fell_back = Summary(id="1", title="t", backend="rules", fallback_reason="openai: timed out")
    assert summarizer_note(fell_back) == "rules · fallback: openai: timed out"
    clean = Summary(id="1", title="t", backend="openai:m", grounding=Grounding())
    assert summarizer_note(clean).endswith("fully grounded")
