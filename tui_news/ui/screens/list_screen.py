"""The home screen: the article list with its counts, sort and active filter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui_news.library import HeadRows, ids_of
from tui_news.ui.host import library_host
from tui_news.ui.messages import ListShown, MarksChanged, OpenArticle
from tui_news.ui.screens.base import KeyPacedScreen
from tui_news.ui.styles import style_path
from tui_news.ui.widgets.article_list import ArticleList
from tui_news.ui.widgets.footer import TidyFooter

if TYPE_CHECKING:
    from tui_news.library import Library


class ListScreen(KeyPacedScreen):
    CSS_PATH = style_path("list.tcss")
    BINDINGS = [
        Binding("s", "star", "Star", id="list.star"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="list.toggle_read"),
        Binding("o", "cycle_sort", "Sort", id="list.sort"),
        Binding("f", "app.filter", "Filter", id="list.filter"),
        Binding("u", "only_unread", "Unread only", show=False, id="list.only_unread"),
        Binding("asterisk", "only_starred", "Starred", show=False, id="list.only_starred"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="list.clear_filter"),
        Binding("q", "app.quit", "Quit", id="list.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="list-header")
        yield Static(id="filter-bar")
        yield ArticleList(id="article-list", clock=library_host(self.app).clock)
        yield Static(id="list-message")
        yield TidyFooter()

    def on_mount(self) -> None:
        self.query_one("#filter-bar").display = False
        if self.library is not None:
            self.refresh_rows()
            self.post_message(ListShown())
            return
        self.show_message("Opening the store…")
        self.update_header()

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def library(self) -> Library | None:
        return library_host(self.app).library

    # --- showing ------------------------------------------------------------------------------

    def show_message(self, message: str) -> None:
        box = self.query_one("#list-message", Static)
        box.update(Text(message))
        box.display = True
        self.article_list.display = False

    def refresh_rows(self, *, keep: str | None = None) -> None:
        library = self.library
        if library is None:
            return
        article_list = self.article_list
        if keep is None and isinstance(article_list.rows, HeadRows):  # the cursor's row may be
            keep = article_list.rows.id_at(article_list.cursor)  # a placeholder until now
        article_list.set_rows(library.rows, library.state, keep=keep)
        if not library.total:
            self.show_message(
                f"No articles yet.\n\nLoad some from a shell:\n\n    tui-news load ~/news --db {library.store.path}\n\n"
                "then press r here to reload."
            )
        elif not library.rows:
            self.show_message(
                "No article matches this filter.\n\nPress escape to clear it, or f to change it."
            )
        else:
            self.query_one("#list-message").display = False
            article_list.display = True
            if self.app.focused is None or self.app.focused is not article_list:
                article_list.focus()
        self.update_header()

    def update_header(self) -> None:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append("tui-news", style="bold")
        library = self.library
        if library is not None:
            counts = library.counts()
            header.append(
                f"  {counts.shown:,} shown · {counts.total:,} total · {counts.unread:,} unread"
            )
            header.append(f"  ·  sort: {library.sort}")
        self.query_one("#list-header", Static).update(header)
        bar = self.query_one("#filter-bar", Static)
        described = library.query.render() if library else ""
        bar.display = bool(described)
        bar.update(Text(f"filter: {described}   (esc clears)" if described else ""))

    # --- events -------------------------------------------------------------------------------

    def on_article_list_highlighted(self, event: ArticleList.Highlighted) -> None:
        if self.library is not None and event.article_id is not None:
            self.library.prefetch(event.article_id)

    def on_article_list_selected(self, event: ArticleList.Selected) -> None:
        rows = self.article_list.rows
        self.post_message(OpenArticle(event.article_id, ids_of(rows), self.article_list.cursor))

    # --- actions ------------------------------------------------------------------------------

    def action_star(self) -> None:
        article_id = self.article_list.current_id
        if self.library and article_id:
            self.library.toggle_star(article_id)
            self.post_message(MarksChanged())

    def action_toggle_read(self) -> None:
        article_id = self.article_list.current_id
        if self.library and article_id:
            self.library.toggle_read(article_id)
            self.post_message(MarksChanged())

    def action_cycle_sort(self) -> None:
        if self.library:
            self.library.cycle_sort()

    def action_only_unread(self) -> None:
        self._toggle_mark("unread")

    def action_only_starred(self) -> None:
        self._toggle_mark("starred")

    def _toggle_mark(self, mark: str) -> None:
        if self.library is not None:
            self.library.set_filter(self.library.query.toggled("is", mark))

    def action_clear_filter(self) -> None:
        if self.library and (self.library.query.has_filters or self.library.query.text):
            self.library.set_filter("")
