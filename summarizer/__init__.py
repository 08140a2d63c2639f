"""article → Summary. Pure: no I/O, no Discord, no database.

`summarize` is the offline rules backend: gazetteers and regular expressions over the article
text, with packaged word lists loaded once on first use.
"""

from summarizer.models import Actor, ActorType, Article, DateRef, Grounding, Quote, Summary
from summarizer.rules.pipeline import summarize

__all__ = ["Actor", "ActorType", "Article", "DateRef", "Grounding", "Quote", "Summary", "summarize"]
