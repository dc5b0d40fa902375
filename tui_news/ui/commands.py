"""The command palette's article finder: fuzzy titles.

rapidfuzz's `process.extract` holds the GIL, so scoring every title of a large store at once
would stop the whole app (the palette's own input too) for each keystroke. With the index built,
the candidates are the index's best matches for the typed words (milliseconds) and only their
titles are scored; before it is built, the titles are scored a slice at a time (the app draws and
takes keys between slices) and a scan a newer keystroke made stale stops.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import TYPE_CHECKING, Protocol

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import FuzzySearch

from tui_news.model import SORT_ORDERS
from tui_news.ui.host import library_host
from tui_news.ui.messages import OpenArticle

if TYPE_CHECKING:
    from tui_news.library import Library


#: Article hits rank below an app command that matches as well ("Sort by title" is a command
#: even when an article's title also holds those letters).
ARTICLE_WEIGHT = 0.8
#: Article hits the palette lists.
LIMIT = 20
#: How good a title match must be (rapidfuzz WRatio, 0-100).
CUTOFF = 55
#: With the index built: how many of its best matches have their titles scored.
CANDIDATES = 100
#: Before it is built: titles scored at a time while the GIL is held (a slice must fit between
#: two frames).
SLICE = 5_000

#: (title, score, article id), best first.
Match = tuple[str, float, str]


class ArticleTitles(Provider):
    """Open an article by typing part of its title."""

    @property
    def _library(self) -> Library | None:
        return library_host(self.app).library

    def _open(self, article_id: str) -> None:
        self.app.post_message(OpenArticle(article_id))

    async def discover(self) -> Hits:
        library = self._library
        if library is None:
            return
        for summary in library.rows[:10]:
            yield DiscoveryHit(
                Content(summary.title),
                partial(self._open, summary.id),
                text=summary.title,
                help="open this article",
            )

    _latest = 0
    _latest_lock = threading.Lock()

    async def search(self, query: str) -> Hits:
        library = self._library
        if library is None or not query.strip():
            return
        with self._latest_lock:
            ArticleTitles._latest += 1
            ticket = ArticleTitles._latest

        def stale() -> bool:
            return ArticleTitles._latest != ticket

        matches = await asyncio.to_thread(find_titles, library, query, stale)
        fuzzy = FuzzySearch()
        for title, score, article_id in matches:
            yield Hit(
                ARTICLE_WEIGHT * score / 100.0,
                _highlight(fuzzy, query, title),
                partial(self._open, article_id),
                text=title,
                help="open article",
            )


def find_titles(library: Library, query: str, stale: Callable[[], bool]) -> list[Match]:
    """The titles that match `query` best (WRatio over `CUTOFF`), best first; [] once `stale`."""
    from rapidfuzz import fuzz, process  # (imported on the first palette search, not at start)

    if library.index_ready:
        titles = library.titles()
        ids = library.index.best_ids(query, {}, limit=CANDIDATES)
        candidates = {article_id: titles.get(article_id, "") for article_id in ids}
        return process.extract(
            query, candidates, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=CUTOFF
        )
    return _scan_titles(library.titles(), query, stale)


def _scan_titles(titles: Mapping[str, str], query: str, stale: Callable[[], bool]) -> list[Match]:
    """Every title scored, a slice at a time: the GIL is let go between slices."""
    from rapidfuzz import fuzz, process

    best: list[Match] = []
    items = iter(titles.items())
    while slice_ := dict(itertools.islice(items, SLICE)):
        if stale():
            return []
        best += process.extract(query, slice_, scorer=fuzz.WRatio, limit=LIMIT, score_cutoff=CUTOFF)
    # Best first (a stable sort: of equal scores, the earlier slice's first).
    return sorted(best, key=lambda match: -match[1])[:LIMIT]


def _highlight(fuzzy: FuzzySearch, query: str, title: str) -> Content:
    """The title as plain text (never markup: Matcher.highlight would parse it) with matches bold."""
    content = Content(title)
    _, offsets = fuzzy.match(query, title)
    for offset in offsets:
        content = content.stylize("bold underline", offset, offset + 1)
    return content


class ListActions(Protocol):
    """What the palette's app commands do (the app's own actions)."""

    def action_search(self, initial: str = "") -> None: ...
    def action_help(self) -> None: ...
    def action_reload(self) -> None: ...
    def action_filter(self) -> None: ...
    def action_cycle_theme(self) -> None: ...
    def set_list_filter(self, text: str) -> None: ...
    def set_sort(self, sort: str) -> None: ...


def app_commands(app: ListActions) -> Iterator[SystemCommand]:
    """The palette's commands for the app's own actions (after Textual's)."""
    yield SystemCommand("Search", "Fuzzy-search every article (/)", app.action_search)
    yield SystemCommand("Help", "Every key, by screen (?)", app.action_help)
    yield SystemCommand(
        "Reload", "Load the seed folders again; marks are kept (r)", app.action_reload
    )
    yield SystemCommand(
        "Filter", "Filter the list by category, source, tag, person…", app.action_filter
    )
    yield SystemCommand(
        "Filter: only unread", "Show unread articles", lambda: app.set_list_filter("is:unread")
    )
    yield SystemCommand(
        "Filter: only starred", "Show starred articles", lambda: app.set_list_filter("is:starred")
    )
    yield SystemCommand("Filter: clear", "Show every article", lambda: app.set_list_filter(""))
    for order in SORT_ORDERS:
        yield SystemCommand(order.label, order.help, lambda sort=order.name: app.set_sort(sort))
    yield SystemCommand("Next theme", "Cycle through the themes (t)", app.action_cycle_theme)
