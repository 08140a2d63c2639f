"""The summary contract: plain pydantic models shared by every backend and every layer above.

Mirrors ``../shared/eval/summary.schema.json``; fields beyond the schema (``key``, ``backend``,
``grounding``) are extra information the schema allows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ActorType = Literal["person", "organization", "country"]


class Article(BaseModel):
    """An article as the summarizer sees it: plain text plus metadata, no HTML."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str = ""
    text: str = ""
    published: datetime | None = None  # timezone-aware UTC when known
    source: str | None = None
    url: str | None = None


class Actor(BaseModel):
    name: str = Field(description="canonical full name, no title")
    type: ActorType
    aliases: list[str] = Field(default_factory=list)
    role: str | None = None
    mentions: int = Field(default=1, ge=1)
    key: bool = False


class Quote(BaseModel):
    speaker: str | None = Field(description="canonical name of an actor in `actors`")
    text: str = Field(description="verbatim words inside the quotation marks")


class DateRef(BaseModel):
    text: str = Field(description="the expression as written")
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    context: str | None = None


class Grounding(BaseModel):
    """What a model-backed summary lost when checked against the article text."""

    dropped_quotes: int = 0
    dropped_actors: int = 0
    dropped_dates: int = 0
    dropped_speakers: int = 0


class Summary(BaseModel):
    id: str
    title: str
    url: str | None = None
    source: str | None = None
    published: str | None = None  # ISO 8601
    summary: str = ""
    actors: list[Actor] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    dates: list[DateRef] = Field(default_factory=list)
    backend: str = "rules"
    # Set when a model backend fell back to rules (why), so it can be re-summarized later.
    fallback_reason: str | None = None
    grounding: Grounding | None = None
