"""article → Summary. Pure: no I/O, no Discord, no database.

`summarize` is the offline rules backend: gazetteers and regular expressions over the article
text, with packaged word lists loaded once on first use.
"""

from summarizer.models import Actor, ActorType, Article, DateRef, Grounding, Quote, Summary


def summarize(article: Article) -> Summary:
    """The rules backend (summarizer.rules.pipeline.summarize), imported on first use: its
    gazetteers and regular expressions cost more than everything else `summarizer.models`
    users (the store, settings) import."""
    from summarizer.rules.pipeline import summarize as rules_summarize

    return rules_summarize(article)


__all__ = ["Actor", "ActorType", "Article", "DateRef", "Grounding", "Quote", "Summary", "summarize"]
