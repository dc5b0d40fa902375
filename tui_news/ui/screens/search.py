"""The fuzzy-search screen: type, see ranked results with the matched characters highlighted."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from tui_news.search import Query, SearchHit, parse_query

if TYPE_CHECKING:
    from tui_news.ui.app import TuiNewsApp
    from tui_news.ui.library import Library

PLACEHOLDER = (
    "Search titles, people, places… filters: category: tag: person: is:unread after:2025-01-01"
)


class SearchScreen(Screen[None]):
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
    ]
    COMPONENT_CLASSES = {"search--match", "search--field", "search--snippet"}

    app: TuiNewsApp

    def __init__(self, library: Library, initial: str = "") -> None:
        super().__init__()
        self.library = library
        self.initial = initial
        self.hits: list[SearchHit] = []
        self.last_query = ""
        #: How long the last search took, for the status line and the benchmark.
        self.last_elapsed = 0.0

    def compose(self) -> ComposeResult:
        yield Static(Text("Search", style="bold"), id="search-header")
        yield Input(value=self.initial, placeholder=PLACEHOLDER, id="search-input")
        yield Static(id="search-status")
        yield OptionList(id="search-results")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._set_status(
            "Type to search. Up/down or ctrl+n/ctrl+p to move, enter to open."
            if not self.initial
            else ""
        )
        if self.initial:
            self.run_search(self.initial)

    def on_screen_resume(self) -> None:
        self.query_one(Input).focus()

    def on_resize(self) -> None:
        # Results are cut to the width they are shown at: draw them again at the new one.
        if self.last_query:
            self.run_search(self.query_one(Input).value)

    def _set_status(self, message: str) -> None:
        self.query_one("#search-status", Static).update(Text(message))

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    @work(exclusive=True, thread=True, group="search")
    def run_search(self, raw: str) -> None:
        worker = get_current_worker()
        started = time.perf_counter()
        query = parse_query(raw)
        hits: list[SearchHit] = []
        if query.text or query.has_filters:
            hits = self.library.index.search(query, self.library.states, limit=50)
        elapsed = time.perf_counter() - started
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, raw, query, hits, elapsed)

    def _show(self, raw: str, query: Query, hits: list[SearchHit], elapsed: float) -> None:
        if raw != self.query_one(Input).value:
            return  # a newer keystroke is on its way: never show stale results
        self.hits = hits
        self.last_query = raw
        self.last_elapsed = elapsed
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options([self._option(hit, query) for hit in hits])
        if hits:
            results.highlighted = 0
        problems = "  ignored: " + "; ".join(query.problems) if query.problems else ""
        if not raw.strip():
            self._set_status("Type to search." + problems)
        elif not hits:
            self._set_status(f"No results for {raw.strip()!r}." + problems)
        else:
            count = f"{len(hits)} result{'s' if len(hits) != 1 else ''}" + (
                " (best 50)" if len(hits) == 50 else ""
            )
            self._set_status(count + problems)

    def _option(self, hit: SearchHit, query: Query) -> Option:
        summary = self.library.by_id[hit.id]
        match_style = self.get_component_rich_style("search--match")
        title = Text(summary.title, no_wrap=True, overflow="ellipsis")
        for start, end in self.library.index.title_spans(hit, query):
            title.stylize(match_style, start, end)
        line = Text(no_wrap=True, overflow="ellipsis")
        field_style = self.get_component_rich_style("search--field")
        snippet_style = self.get_component_rich_style("search--snippet")
        line.append(f"{hit.field} ", style=field_style)
        if hit.field not in ("title", "filter", "lead", "dek"):
            matched = Text(hit.text, style=snippet_style)
            for start, end in hit.spans:
                matched.stylize(match_style, start, end)
            line.append_text(matched)
            if hit.snippet:
                line.append(" · " + hit.snippet, style=snippet_style)
        else:
            snippet_text = hit.text if hit.field in ("lead", "dek") else hit.snippet
            snippet = Text(snippet_text, style=snippet_style)
            if hit.field in ("lead", "dek"):
                for start, end in hit.spans:
                    snippet.stylize(match_style, start, end)
            line.append_text(snippet)
        width = max(20, self.query_one(OptionList).scrollable_content_region.width - 1)
        title.truncate(width, overflow="ellipsis")
        line.truncate(width, overflow="ellipsis")
        return Option(Text.assemble(title, "\n", line), id=hit.id)

    # --- actions ------------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        results = self.query_one(OptionList)
        if not results.option_count:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(results.option_count - 1, current + delta))

    def action_open(self) -> None:
        results = self.query_one(OptionList)
        if results.highlighted is None or not self.hits:
            return
        option = results.get_option_at_index(results.highlighted)
        if option.id:
            self.app.open_article(option.id, [hit.id for hit in self.hits])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.app.open_article(event.option.id, [hit.id for hit in self.hits])

    def action_back(self) -> None:
        self.dismiss()
