"""The pure half of the OpenAI backend: prompt, schema, input cleaning and budget, answer
parsing and grounding. No I/O: bot/llm/ owns the client, retries, cache and budget."""

from summarizer.llm.assemble import backend_name, full_summary, hybrid_summary, restamp
from summarizer.llm.clean import clean_text
from summarizer.llm.grounding import ground, normalize
from summarizer.llm.keys import cache_key
from summarizer.llm.parse import InvalidAnswer, ModelAnswer, parse_full, parse_hybrid
from summarizer.llm.prompt import PROMPT_VERSION, Mode, build_messages
from summarizer.llm.schema import full_schema, hybrid_schema, response_format
from summarizer.llm.story import (
    STORY_PROMPT_VERSION,
    STORY_SCHEMA_NAME,
    StoryInput,
    build_story_messages,
    parse_story,
    story_cache_key,
    story_schema,
    ungrounded,
)
from summarizer.llm.tokens import count_tokens, truncate_to_tokens

__all__ = [
    "PROMPT_VERSION",
    "STORY_PROMPT_VERSION",
    "STORY_SCHEMA_NAME",
    "StoryInput",
    "InvalidAnswer",
    "ModelAnswer",
    "Mode",
    "backend_name",
    "build_messages",
    "build_story_messages",
    "cache_key",
    "clean_text",
    "count_tokens",
    "full_schema",
    "full_summary",
    "ground",
    "hybrid_schema",
    "hybrid_summary",
    "normalize",
    "parse_full",
    "parse_hybrid",
    "parse_story",
    "response_format",
    "restamp",
    "story_cache_key",
    "story_schema",
    "truncate_to_tokens",
    "ungrounded",
]
