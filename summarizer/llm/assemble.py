"""Turn a checked model answer into the Summary contract every layer above consumes."""

from __future__ import annotations

from summarizer.llm.grounding import ground
from summarizer.llm.parse import ModelAnswer
from summarizer.models import Article, Summary


def backend_name(model: str, mode: str = "full") -> str:
    """`openai:<model>`; hybrid adds `+rules` since its actors/quotes/dates are the rules'."""
    return f"openai:{model}" if mode == "full" else f"openai:{model}+rules"


def article_fields(article: Article) -> dict[str, str | None]:
    """The metadata a Summary copies from its article (never from the model)."""
    return {
        "id": article.id,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "published": article.published.isoformat() if article.published else None,
    }


def full_summary(article: Article, answer: ModelAnswer, model: str) -> Summary:
    actors, quotes, dates, grounding = ground(answer, f"{article.title}\n\n{article.text}")
    return Summary(
        **article_fields(article),
        summary=answer.summary,
        actors=actors,
        quotes=quotes,
        dates=dates,
        backend=backend_name(model),
        grounding=grounding,
    )


def hybrid_summary(rules: Summary, text: str, model: str) -> Summary:
    return rules.model_copy(
        update={"summary": text, "backend": backend_name(model, "hybrid"), "fallback_reason": None}
    )


def restamp(cached: Summary, article: Article) -> Summary:
    """A cached summary of the same text, carrying this article's own metadata."""
    return cached.model_copy(update=article_fields(article))
