"""The command palette's article finder: fuzzy titles (rapidfuzz over every title, fast at 100k)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

if TYPE_CHECKING:
    from tui_news.ui.app import TuiNewsApp


#: Article hits rank below an app command that matches as well ("Sort by title" is a command
#: even when an article's title also holds those letters).
ARTICLE_WEIGHT = 0.8


class ArticleTitles(Provider):
    """Open an article by typing part of its title."""

    @property
    def _app(self) -> TuiNewsApp:
        return cast("TuiNewsApp", self.app)

    async def discover(self) -> Hits:
        library = self._app.library
        if library is None:
            return
        for summary in library.rows[:10]:
            yield DiscoveryHit(
                Content(summary.title),
                partial(self._app.open_article, summary.id),
                text=summary.title,
                help="open this article",
            )

    async def search(self, query: str) -> Hits:
        library = self._app.library
        if library is None or not query.strip():
            return
        from rapidfuzz import fuzz, process  # (imported on the first palette search, not at start)

        titles = library.titles()
        matches = await asyncio.to_thread(
            process.extract, query, titles, scorer=fuzz.WRatio, limit=20, score_cutoff=55
        )
        fuzzy = FuzzySearch()
        for title, score, article_id in matches:
            yield Hit(
                ARTICLE_WEIGHT * score / 100.0,
                _highlight(fuzzy, query, title),
                partial(self._app.open_article, article_id),
                text=title,
                help="open article",
            )


def _highlight(fuzzy: FuzzySearch, query: str, title: str) -> Content:
    """The title as plain text (never markup: Matcher.highlight would parse it) with matches bold."""
    content = Content(title)
    _, offsets = fuzzy.match(query, title)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content
