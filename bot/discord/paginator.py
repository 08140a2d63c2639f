"""Prev/next buttons over pages of embeds, for results longer than one message."""

from __future__ import annotations

import discord

from bot.discord.embeds import MESSAGE_EMBEDS_MAX
from bot.discord.respond import answer


class Paginator(discord.ui.View):
    # No fixed custom_id on the buttons: discord.py gives each view's buttons unique ids, so a
    # click always reaches the view of the message it was made on, even where views cannot be
    # told apart by message id; fixed ids would let a newer answer's view take an older one's.

    def __init__(self, pages: list[list[discord.Embed]], *, timeout: float = 600) -> None:
        super().__init__(timeout=timeout)
        self.pages = pages
        self.index = 0
        self._sync()

    def _sync(self) -> None:
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index >= len(self.pages) - 1

    @discord.ui.button(label="◀ Prev", style=discord.ButtonStyle.secondary)
    async def prev(
        self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]
    ) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label="Next ▶", style=discord.ButtonStyle.secondary)
    async def next(
        self, interaction: discord.Interaction, button: discord.ui.Button[Paginator]
    ) -> None:
        await self._show(interaction, self.index + 1)

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._sync()
        await interaction.response.edit_message(
            embeds=self.pages[self.index],
            view=self,
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def send_pages(
    interaction: discord.Interaction, pages: list[list[discord.Embed]], *, ephemeral: bool = False
) -> None:
    """Answer with the first page, and buttons when there are more (works before or after a defer)."""
    pages = [p[:MESSAGE_EMBEDS_MAX] for p in pages if p] or [
        [discord.Embed(description="Nothing to show.")]
    ]
    view = Paginator(pages) if len(pages) > 1 else None
    await answer(interaction, embeds=pages[0], view=view, ephemeral=ephemeral)
