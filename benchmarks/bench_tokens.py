"""Input tokens per article: what the OpenAI backend sends after cleaning and truncation (and
the whole prompt, system text included) against the raw input — the dev set's article text,
and real HTML article bodies from the corpus feeds (the raw page as a feed or fetch delivers it)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.settings import SummarizerSettings
from summarizer.llm import build_messages, clean_text, count_tokens, full_schema, truncate_to_tokens
from summarizer.llm.tokens import tokenizer_name
from summarizer.models import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev"
# Feeds in the corpus whose entries carry the whole article as HTML.
FULL_HTML_FEEDS = ("13_dawn_world.xml", "20_theverge_atom.xml")


def main() -> None:
    files = sorted(DEV.glob("*.json")) if DEV.is_dir() else []
    if not files:
        print(f"   skipped: no dev set at {DEV}")
        return
    budget = SummarizerSettings().max_input_tokens
    print(f"   tokenizer {tokenizer_name()}, max_input_tokens {budget}")
    print(f"   {'article':<40} {'raw':>6} {'cleaned':>8} {'ratio':>6} {'prompt':>7}")
    raw_total = cleaned_total = prompt_total = 0
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        title, text = data.get("title") or "", data.get("text") or ""
        raw = count_tokens(f"{title}\n\n{text}")
        body = truncate_to_tokens(clean_text(text, title), budget)
        cleaned = count_tokens(f"{title}\n\n{body}")
        article = Article(id=path.stem, title=title, text=text)
        prompt = sum(count_tokens(m["content"]) for m in build_messages(article, body, "full"))
        raw_total, cleaned_total, prompt_total = (
            raw_total + raw,
            cleaned_total + cleaned,
            prompt_total + prompt,
        )
        print(f"   {path.stem[:40]:<40} {raw:>6} {cleaned:>8} {cleaned / raw:>6.2f} {prompt:>7}")
    n = len(files)
    print(
        f"   mean per article: raw {raw_total / n:.0f}, cleaned {cleaned_total / n:.0f} "
        f"(ratio {cleaned_total / raw_total:.2f}), whole prompt {prompt_total / n:.0f} tokens"
    )
    html_pages()
    # The schema rides in response_format with structured output; plain-JSON servers get it
    # in the prompt instead, which costs this much more per request.
    print(
        f"   schema spelled out for plain JSON mode: +{count_tokens(json.dumps(full_schema()))} tokens"
    )


def html_pages() -> None:
    """Raw HTML bodies → the text the model gets (HTML stripped, cleaned, truncated)."""
    import feedparser

    from feeds.normalize import html_to_text

    budget = SummarizerSettings().max_input_tokens
    raw_total = sent_total = n = 0
    for name in FULL_HTML_FEEDS:
        path = SHARED / "corpus" / "news-feeds" / name
        if not path.is_file():
            continue
        for entry in feedparser.parse(path.read_bytes()).entries:
            html = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
            if len(html) < 3000:  # teasers say nothing about page cleaning
                continue
            title = entry.get("title", "")
            body = truncate_to_tokens(clean_text(html_to_text(html), title), budget)
            raw_total += count_tokens(f"{title}\n\n{html}")
            sent_total += count_tokens(f"{title}\n\n{body}")
            n += 1
    if not n:
        print("   raw HTML pages: skipped (no corpus feeds with full articles)")
        return
    print(
        f"   raw HTML article pages ({n}, corpus feeds): raw {raw_total / n:.0f} tokens, "
        f"sent {sent_total / n:.0f} (ratio {sent_total / raw_total:.2f})"
    )


if __name__ == "__main__":
    main()
