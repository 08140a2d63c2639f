"""JSON schemas for structured output, derived from the Summary contract (summarizer.models).

Structured-output "strict" mode wants every property required, no additional properties and no
defaults, so the contract's schemas are reshaped rather than copied. Fields the model must not
fill (metadata, `mentions`, which we count ourselves in the text) are left out.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from summarizer.models import Actor, DateRef, Quote, Summary

SCHEMA_NAME = "article_summary"

_EXTRA_DESCRIPTIONS = {
    ("Actor", "aliases"): "other forms the article uses for this actor",
    ("Actor", "role"): "e.g. 'Russian President'; null when the article gives none",
    ("Actor", "key"): "in the headline or lead, mentioned twice, or quoted",
    ("DateRef", "value"): "ISO 8601 at the precision of the text: YYYY, YYYY-MM or YYYY-MM-DD",
    ("DateRef", "context"): "what happened then, a short phrase",
    ("Summary", "summary"): "one to three sentences, abstractive",
}


def _strict(model: type[BaseModel], fields: list[str]) -> dict[str, Any]:
    source = model.model_json_schema()["properties"]
    props: dict[str, Any] = {}
    for name in fields:
        prop = copy.deepcopy(source[name])
        prop.pop("title", None)
        prop.pop("default", None)
        prop.pop("minimum", None)  # not every server's grammar supports numeric bounds
        extra = _EXTRA_DESCRIPTIONS.get((model.__name__, name))
        if extra and "description" not in prop:
            prop["description"] = extra
        props[name] = prop
    return {
        "type": "object",
        "properties": props,
        "required": list(fields),
        "additionalProperties": False,
    }


def _array(item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": item}


def full_schema() -> dict[str, Any]:
    """The model's answer in full mode: the summary plus actors, quotes and dates."""
    top = _strict(Summary, ["summary"])
    top["properties"]["actors"] = _array(_strict(Actor, ["name", "type", "aliases", "role", "key"]))
    top["properties"]["quotes"] = _array(_strict(Quote, ["speaker", "text"]))
    top["properties"]["dates"] = _array(_strict(DateRef, ["text", "value", "context"]))
    top["required"] = ["summary", "actors", "quotes", "dates"]
    return top


def hybrid_schema() -> dict[str, Any]:
    """Hybrid mode: rules extract everything else, the model writes only the summary."""
    return _strict(Summary, ["summary"])


def response_format(schema: dict[str, Any], name: str = SCHEMA_NAME) -> dict[str, Any]:
    """The `response_format` argument of chat.completions.create for structured output."""
    return {
        "type": "json_schema",
        "json_schema": {"name": name, "strict": True, "schema": schema},
    }
