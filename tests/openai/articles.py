"""A small test article and model answers about it (hand-written, checked against the text)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from summarizer.models import Article

TEXT = """\
Chinese President Xi Jinping arrived in Moscow on Monday for a three-day state visit, his \
first trip to Russia since the war in Ukraine began.

Russian President Vladimir Putin welcomed Xi at the Kremlin. \u201cOur relations are at the \
highest point in their history,\u201d Putin said.

Xi told reporters that China was ready to \u201cstand guard over the world order based on \
international law\u201d.

NATO Secretary-General Jens Stoltenberg said on Tuesday that the visit \u201cshows that \
Beijing is not an impartial mediator\u201d."""

ARTICLE = Article(
    id="xi-moscow",
    title="Xi arrives in Moscow for talks with Putin",
    text=TEXT,
    published=datetime(2023, 3, 20, 9, 30, tzinfo=UTC),
    source="Test Wire",
    url="https://example.org/xi-moscow",
)


def good_answer() -> dict[str, Any]:
    """What a faithful model answers: every item is supported by TEXT."""
    return {
        "summary": "Xi Jinping began a state visit to Moscow, where Putin praised ties; NATO called China partial.",
        "actors": [
            {
                "name": "Xi Jinping",
                "type": "person",
                "aliases": ["Xi"],
                "role": "Chinese President",
                "key": True,
            },
            {
                "name": "Vladimir Putin",
                "type": "person",
                "aliases": ["Putin"],
                "role": "Russian President",
                "key": True,
            },
            {"name": "Russia", "type": "country", "aliases": ["Moscow"], "role": None, "key": True},
            {"name": "China", "type": "country", "aliases": ["Beijing"], "role": None, "key": True},
            {"name": "NATO", "type": "organization", "aliases": [], "role": None, "key": False},
            {
                "name": "Jens Stoltenberg",
                "type": "person",
                "aliases": [],
                "role": "NATO Secretary-General",
                "key": True,
            },
        ],
        "quotes": [
            # straight quote marks and a line break where the article has none: still verbatim
            {
                "speaker": "Putin",
                "text": "Our relations are at the highest point\nin their history,",
            },
            {
                "speaker": "Xi Jinping",
                "text": "stand guard over the world order based on international law",
            },
            {
                "speaker": "Jens Stoltenberg",
                "text": "shows that Beijing is not an impartial mediator",
            },
        ],
        "dates": [
            {"text": "on Monday", "value": "2023-03-20", "context": "Xi arrives in Moscow"},
            {"text": "on Tuesday", "value": "2023-03-21", "context": "Stoltenberg comments"},
        ],
    }


def hallucinated_answer() -> dict[str, Any]:
    """good_answer plus an invented quote, an actor absent from the text, a bad date and a
    quote credited to someone who is not an actor."""
    data = good_answer()
    data["actors"].append(
        {
            "name": "Emmanuel Macron",
            "type": "person",
            "aliases": ["Macron"],
            "role": None,
            "key": True,
        }
    )
    data["quotes"].append(
        {"speaker": "Vladimir Putin", "text": "We will never abandon our Chinese friends"}
    )
    data["quotes"].append(
        {"speaker": "Emmanuel Macron", "text": "stand guard over the world order"}
    )
    data["dates"].append({"text": "on Wednesday", "value": "2023-03-22", "context": "talks end"})
    data["dates"].append({"text": "on Monday", "value": "2023-02-30", "context": "no such day"})
    return data
