"""The fuzzy-search screen: type, see ranked results with the matched characters highlighted."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from tui_news.model import counted
from tui_news.search.engine import Found
from tui_news.search.query import Query, parse_query
from tui_news.ui.messages import OpenArticle, ShowInList
from tui_news.ui.screens.base import KeyPacedScreen
from tui_news.ui.styles import style_path
from tui_news.ui.widgets.footer import TidyFooter
from tui_news.ui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from tui_news.library import Library
    from tui_news.search.engine import SearchHit

PLACEHOLDER = (
    "Search titles, people, places… filters: category: tag: person: is:unread after:2025-01-01"
)


#: A search that took less than this runs on the UI thread, inside the keystroke's handler, so
#: the input and its results are drawn in one frame; a slower one, or one before the index is
#: ready, runs in a worker so that typing never waits for it.
INLINE_BUDGET = 0.012
#: Results a search shows: the best ones (ctrl+l lists every match).
RESULTS_SHOWN = 50


class SearchInput(Input):
    """The query field.

    Input sets its virtual size (the text's width, for scrolling sideways) on every keystroke,
    and a virtual size change lays out the whole screen again. This field's size is fixed by CSS
    and its scrolling reads the virtual size directly, so here a change only repaints it.
    """

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class SearchScreen(KeyPacedScreen):
    CSS_PATH = style_path("search.tcss")
    #: ctrl+p means "previous" here (as in most pickers), not the command palette.
    TAKES_CTRL_P: ClassVar[bool] = True

    BINDINGS = [
        Binding("escape", "back", "Back", id="search.back"),
        Binding("down,ctrl+n", "move(1)", "Next", show=False, priority=True, id="search.next"),
        Binding(
            "up,ctrl+p", "move(-1)", "Previous", show=False, priority=True, id="search.previous"
        ),
        Binding(
            "pagedown", "move(10)", "Page down", show=False, priority=True, id="search.page_down"
        ),
        Binding("pageup", "move(-10)", "Page up", show=False, priority=True, id="search.page_up"),
        Binding("enter", "open", "Open", priority=True, id="search.open"),
        Binding("ctrl+l", "show_in_list", "All in list", id="search.in_list"),
    ]

    def __init__(self, library: Library, initial: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = initial
        self.hits: list[SearchHit] = []
        #: How many articles the shown query matched in all (`hits` holds the best of them).
        self.matched = 0
        self.last_query = ""
        #: How long the last search took, for the status line and the benchmark.
        self.last_elapsed = 0.0
        #: How long the latest search took: it decides where the next one runs.
        self._recent_cost = 0.0
        #: Bumped per keystroke; a worker's answer for an older one is dropped.
        self._ticket = 0
        self._status = ""

    def compose(self) -> ComposeResult:
        yield Static(Text("Search", style="bold"), id="search-header")
        yield SearchInput(value=self.initial, placeholder=PLACEHOLDER, id="search-input")
        yield Static(id="search-status")
        yield SearchResults(id="search-results")
        yield TidyFooter()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._set_status(
            "Type to search. Up/down or ctrl+n/ctrl+p to move, enter to open."
            if not self.initial
            else ""
        )
        if self.initial:
            self.run_search(self._ticket, self.initial)

    def on_screen_resume(self) -> None:
        self.query_one(Input).focus()

    def _set_status(self, message: str) -> None:
        if message != self._status:
            # One line of fixed height: a new message never changes the layout.
            self._status = message
            self.query_one("#search-status", Static).update(Text(message), layout=False)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self._ticket += 1
        raw = event.value
        if self.library.index_ready and self._recent_cost < INLINE_BUDGET:
            # Fast enough to answer before the next frame: no thread hops, and the input and its
            # results are drawn in the same frame. A slower search still running is dropped.
            self.workers.cancel_group(self, "search")
            self._show(raw, *self._search(raw))
            return
        if not self.library.index_ready and raw.strip():
            # Only right after start-up on a big store: say why the first results take a moment.
            self._set_status(f"Indexing {counted(self.library.total, 'article')} for search…")
        self.run_search(self._ticket, raw)

    def _search(self, raw: str) -> tuple[Query, Found, float]:
        started = time.perf_counter()
        query = parse_query(raw)
        found = Found([], 0)
        if query.text or query.has_filters:
            found = self.library.index.find(query, self.library.states, limit=RESULTS_SHOWN)
        elapsed = time.perf_counter() - started
        return query, found, elapsed

    @work(exclusive=True, thread=True, group="search")
    def run_search(self, ticket: int, raw: str) -> None:
        """The search off the UI thread: while the index is built, or when searches are slow."""
        worker = get_current_worker()
        query, found, elapsed = self._search(raw)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._deliver, ticket, raw, query, found, elapsed)

    def _deliver(self, ticket: int, raw: str, query: Query, found: Found, elapsed: float) -> None:
        if ticket == self._ticket:  # else a newer keystroke has been (or is being) answered
            self._show(raw, query, found, elapsed)

    def _show(self, raw: str, query: Query, found: Found, elapsed: float) -> None:
        self._recent_cost = elapsed
        if raw != self.query_one(Input).value:
            return  # a newer keystroke is on its way: never show stale results
        hits = found.hits
        self.hits = hits
        self.matched = found.total
        self.last_query = raw
        self.last_elapsed = elapsed
        index = self.library.index
        by_id = self.library.by_id

        def title(hit: SearchHit) -> tuple[str, tuple[tuple[int, int], ...]]:
            return by_id[hit.id].title, index.title_spans(hit, query)

        self.query_one(SearchResults).set_hits(hits, title)
        problems = "  ignored: " + "; ".join(query.problems) if query.problems else ""
        if not raw.strip():
            self._set_status("Type to search." + problems)
        elif not hits:
            self._set_status(f"No results for {raw.strip()!r}." + problems)
        elif found.total > len(hits):
            # The footer says which key lists them all.
            self._set_status(f"Best {len(hits)} of {found.total:,} matches" + problems)
        elif found.total < len(hits):
            # Some results match only some of the words: the list shows only the others.
            self._set_status(
                f"{counted(len(hits), 'result')} ({found.total:,} with every word)" + problems
            )
        else:
            self._set_status(counted(len(hits), "result") + problems)

    # --- actions ------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.query_one(SearchResults).move(delta)

    def action_open(self) -> None:
        results = self.query_one(SearchResults)
        if results.highlighted is not None and self.hits:
            self._open(self.hits[results.highlighted].id)

    def on_search_results_selected(self, event: SearchResults.Selected) -> None:
        self._open(event.article_id)

    def _open(self, article_id: str) -> None:
        self.post_message(OpenArticle(article_id, [hit.id for hit in self.hits]))

    def action_show_in_list(self) -> None:
        """Every match in the list (in its sort), as its filter: this query, to browse whole."""
        query = parse_query(self.query_one(Input).value)
        if query.text or query.has_filters:
            self.post_message(ShowInList(query))

    def action_back(self) -> None:
        self.dismiss()
