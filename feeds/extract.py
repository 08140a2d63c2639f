"""Article body text from a fetched web page, for entries whose feed text is only a teaser."""

from __future__ import annotations

import logging

import trafilatura

# trafilatura logs every page it finds nothing in at WARNING; that is routine here.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# Less than this is navigation or a cookie banner, not an article.
MIN_ARTICLE_CHARS = 200


def extract_article_text(html: bytes | str, url: str | None = None) -> str | None:
    """The main text of an article page, or None when no article body is found.

    Uses trafilatura offline (it never fetches ``url``; the URL only helps it judge the
    page), favouring precision: no comments, no tables, no boilerplate. Paragraphs are
    separated by blank lines. CPU-bound: run it in a thread from async code.
    """
    if not html:
        return None
    try:
        text = trafilatura.extract(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            include_links=False,
            deduplicate=True,
        )
    except Exception:  # a pathological page must not stop the poll that wanted it
        logging.getLogger(__name__).debug("trafilatura failed on %s", url, exc_info=True)
        return None
    if not text:
        return None
    # trafilatura puts one paragraph per line; the rest of wirewatch uses blank lines.
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    result = "\n\n".join(paragraphs)
    return result if len(result) >= MIN_ARTICLE_CHARS else None
