"""Feed titles reach Discord as text, never as markup: a case table through embeds.safe."""

from __future__ import annotations

import pytest

from bot.discord.embeds import safe


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        # Discord renders no HTML; a bare <script> is plain text, a closing tag is escaped.
        ("<script>alert(1)</script>", "<script>alert(1)\\</script>"),
        ("**bold**", "\\*\\*bold\\*\\*"),
        ("__under__", "\\_\\_under\\_\\_"),
        ("[link](http://x)", "\\[link](http://x)"),
        ("[a](<https://evil>)", "\\[a](<https://evil>)"),  # masked link
        ("@everyone", "@\u200beveryone"),
        ("<@&123>", "\\<@&123>"),  # role mention
        ("`code`", "\\`code\\`"),
        ("> quote", "\\> quote"),
        ("# heading", "\\# heading"),
        ("-# small", "\\-# small"),
        ("||spoiler||", "\\|\\|spoiler\\|\\|"),
    ],
)
def test_title_markup_is_escaped(title: str, shown: str) -> None:
    assert safe(title, 256) == shown
