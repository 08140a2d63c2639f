"""Parse and validate a model's answer.

The top-level shape must be right (else the answer is retried: `InvalidAnswer`). A single bad
item (an actor typed "location", a quote without text) is dropped and counted instead, so one
slip does not throw away an otherwise good answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.models import ActorType


class InvalidAnswer(ValueError):
    """The answer is unusable. `kind` says why, in words fit for a fallback_reason."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


class _Item(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ModelActor(_Item):
    name: str = Field(min_length=1)
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    key: bool = False


class ModelQuote(_Item):
    speaker: str | None = None
    text: str = Field(min_length=1)


class ModelDate(_Item):
    text: str = Field(min_length=1)
    value: str  # checked (and counted when bad) by grounding, not here
    context: str | None = None


class ModelAnswer(BaseModel):
    summary: str
    actors: list[ModelActor] = Field(default_factory=list)
    quotes: list[ModelQuote] = Field(default_factory=list)
    dates: list[ModelDate] = Field(default_factory=list)
    # Items that failed validation, per list: they count as dropped in the grounding stats.
    invalid_actors: int = 0
    invalid_quotes: int = 0
    invalid_dates: int = 0


_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


def load_object(content: str | None) -> dict[str, Any]:
    if not content or not content.strip():
        raise InvalidAnswer("empty answer")
    fenced = _FENCE.match(content)  # plain-JSON-mode servers sometimes wrap it in a code fence
    try:
        data = json.loads(fenced.group(1) if fenced else content)
    except json.JSONDecodeError as e:
        raise InvalidAnswer("malformed JSON", f"{e.msg} at char {e.pos}") from None
    if not isinstance(data, dict):
        raise InvalidAnswer("answer violated the schema", "not a JSON object")
    return data


def summary_text(data: dict[str, Any]) -> str:
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise InvalidAnswer("answer violated the schema", "summary missing or not a string")
    return summary.strip()


def _items(data: dict[str, Any], name: str, model: type[_Item]) -> tuple[list[Any], int]:
    raw = data.get(name, [])
    if not isinstance(raw, list):
        raise InvalidAnswer("answer violated the schema", f"{name} is not a list")
    good, bad = [], 0
    for item in raw:
        try:
            good.append(model.model_validate(item))
        except ValidationError:
            bad += 1
    return good, bad


def parse_full(content: str | None) -> ModelAnswer:
    data = load_object(content)
    summary = summary_text(data)
    for required in ("actors", "quotes", "dates"):
        if required not in data:
            raise InvalidAnswer("answer violated the schema", f"{required} missing")
    actors, bad_actors = _items(data, "actors", ModelActor)
    quotes, bad_quotes = _items(data, "quotes", ModelQuote)
    dates, bad_dates = _items(data, "dates", ModelDate)
    return ModelAnswer(
        summary=summary,
        actors=actors,
        quotes=quotes,
        dates=dates,
        invalid_actors=bad_actors,
        invalid_quotes=bad_quotes,
        invalid_dates=bad_dates,
    )


def parse_hybrid(content: str | None) -> str:
    """Hybrid mode: only the abstractive summary."""
    return summary_text(load_object(content))
