"""The I/O half of the OpenAI backend: client, retries, cache, token budget, concurrency."""

from bot.llm.backend import Ledger, OpenAIBackend
from bot.llm.client import list_models, make_client
from bot.llm.ledger import MemoryLedger
from bot.llm.stories import StorySummarizer

__all__ = [
    "Ledger",
    "MemoryLedger",
    "OpenAIBackend",
    "StorySummarizer",
    "list_models",
    "make_client",
]
