"""The reader: one article, its people and places, and related articles to go on to."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_news.model import Article, ArticleSummary
from tui_news.ui.messages import MarksChanged, ReaderMoved
from tui_news.ui.screens.base import KeyPacedScreen
from tui_news.ui.styles import style_path
from tui_news.ui.widgets.article_body import ArticleBody
from tui_news.ui.widgets.footer import TidyFooter

if TYPE_CHECKING:
    from tui_news.library import Library


class ReaderScroll(VerticalScroll):
    """The scrolling page; bindings for reading live here so they work while it has focus."""

    BINDINGS = [
        Binding("j,down", "scroll_down", "Down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Up", show=False, id="reader.up"),
        Binding(
            "space,pagedown,ctrl+d", "page_down", "Page down", show=False, id="reader.page_down"
        ),
        Binding("b,pageup,ctrl+u", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
    ]


class ReaderScreen(KeyPacedScreen):
    CSS_PATH = style_path("reader.tcss")
    BINDINGS = [
        Binding("escape,h,q,left", "back", "Back", key_display="esc", id="reader.back"),
        Binding("n", "next", "Next", id="reader.next"),
        Binding("p", "previous", "Prev", id="reader.previous"),
        Binding("s", "star", "Star", id="reader.star"),
        Binding("m", "toggle_read", "Read/unread", show=False, id="reader.toggle_read"),
        Binding("o", "open_url", "Open link", id="reader.open_url"),
        Binding("y", "copy_link", "Copy link", show=False, id="reader.copy_link"),
        Binding("tab", "focus_related", "Related", show=False, id="reader.related"),
    ]

    def __init__(self, library: Library, order: Sequence[str], index: int) -> None:
        super().__init__()
        self.library = library
        self.order = order
        self.index = index
        self.article: Article | None = None

    @property
    def article_id(self) -> str:
        return self.order[self.index]

    def compose(self) -> ComposeResult:
        # The first article is composed with the screen, so the screen's first frame shows it
        # (no placeholder to remove and no second mount before the reader is painted).
        yield Static(id="reader-header")
        # The article and its related list sit directly in the scroll (no page container: one
        # widget fewer to style, lay out and draw on every open); TCSS caps and centres each.
        with ReaderScroll(id="reader-scroll"):
            yield self._load_article()
        yield TidyFooter()

    def on_mount(self) -> None:
        self._article_shown()

    # --- showing ------------------------------------------------------------------------------

    def _load_article(self) -> Widget:
        """Read the current article; the widget that shows it (or says it is gone)."""
        article = self.library.article(self.article_id)
        self.article = article
        if article is None:
            return Static(
                Text("This article is no longer in the store (it was removed by a reload)."),
                id="reader-missing",
                classes="page",
            )
        return ArticleBody(article, id="reader-body", classes="page")

    async def show_article(self) -> None:
        """Show `order[index]` in place of the article on screen (n, p, a related article)."""
        scroll = self.query_one(ReaderScroll)
        self.workers.cancel_group(self, "related")
        await scroll.remove_children()
        await scroll.mount(self._load_article())
        self._article_shown()

    def _article_shown(self) -> None:
        self.update_header()
        self.post_message(ReaderMoved(self.article_id, self.index))
        scroll = self.query_one(ReaderScroll)
        scroll.focus()
        article = self.article
        if article is None:
            return
        scroll.scroll_home(animate=False, immediate=True)
        position = self.library.state(article.id).position
        if position:
            self.call_after_refresh(scroll.scroll_to, y=position, animate=False, immediate=True)
        # Paint first: saving the read mark (an fsync) and finding related articles (in a thread
        # that would hold the GIL while the body is laid out) wait until the article is shown.
        self.call_after_refresh(self._opened, article.id)
        self.call_after_refresh(self.find_related, article.id)
        if self.index + 1 < len(self.order):  # `n` is the likely next key
            self.call_after_refresh(self.library.prefetch, self.order[self.index + 1])

    def _opened(self, article_id: str) -> None:
        if self.article is not None and self.article.id == article_id:
            self.library.opened(article_id)
            self.update_header()
            self.post_message(MarksChanged())

    @work(thread=True, exclusive=True, group="related")
    def find_related(self, article_id: str) -> None:
        if self.article is None or self.article.id != article_id:
            return  # the reader moved on before this article was painted
        if not self.library.index_ready:
            return  # the index is still being built; related articles come with the next open
        related = self.library.related(article_id)
        if related:
            self.app.call_from_thread(self._show_related, article_id, related)

    def _show_related(self, article_id: str, related: list[ArticleSummary]) -> None:
        if self.article is None or self.article.id != article_id or self.query("#related"):
            return  # another article is shown now, or this one already has its list
        options = OptionList(*[Option(Text(s.title), id=s.id) for s in related], id="related")
        box = Vertical(
            Static(Text("Related"), id="related-title"), options, id="related-box", classes="page"
        )
        scroll = self.query_one(ReaderScroll)
        scroll.query(ArticleBody).add_class("-followed")  # the list ends the page now
        scroll.mount(box)

    def update_header(self) -> None:
        state = self.library.state(self.article_id)
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append("tui-news", style="bold")
        header.append(f"  article {self.index + 1:,} of {len(self.order):,}")
        header.append("  ·  " + ("read" if state.read else "unread"))
        if state.starred:
            header.append("  ·  ★ starred")
        self.query_one("#reader-header", Static).update(header)

    def save_position(self) -> None:
        if self.article is not None:
            position = round(self.query_one(ReaderScroll).scroll_y)
            self.library.set_position(self.article.id, position)

    def on_screen_suspend(self) -> None:
        self.save_position()

    # --- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.save_position()
        self.dismiss()

    async def _go(self, delta: int) -> None:
        target = self.index + delta
        if not 0 <= target < len(self.order):
            self.app.bell()
            self.notify("No more articles in this direction.", timeout=2)
            return
        self.save_position()
        self.index = target
        await self.show_article()

    async def action_next(self) -> None:
        await self._go(1)

    async def action_previous(self) -> None:
        await self._go(-1)

    def action_star(self) -> None:
        state = self.library.toggle_star(self.article_id)
        self.update_header()
        self.notify("Starred." if state.starred else "Star removed.", timeout=2)
        self.post_message(MarksChanged())

    def action_toggle_read(self) -> None:
        state = self.library.toggle_read(self.article_id)
        self.update_header()
        self.notify("Marked read." if state.read else "Marked unread.", timeout=2)
        self.post_message(MarksChanged())

    def action_open_url(self) -> None:
        url = self.article.url if self.article else None
        if not url or not url.startswith(("https://", "http://")):
            self.notify("This article has no web link.", severity="warning", timeout=3)
            return
        self.app.open_url(url)
        self.notify(f"Opening {url}", timeout=3)

    def action_copy_link(self) -> None:
        if self.article is None:
            return
        text = self.article.url or f"{self.article.title} ({self.article.origin or 'no origin'})"
        self.app.copy_to_clipboard(text)
        self.notify(
            "Copied " + ("the link." if self.article.url else "the title and origin."), timeout=2
        )

    def action_focus_related(self) -> None:
        related = self.query("#related")
        if related:
            option_list = related.first(OptionList)
            if self.focused is option_list:
                self.query_one(ReaderScroll).focus()
            else:
                option_list.focus()
                option_list.scroll_visible()

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.save_position()
            self.order = [
                *self.order[: self.index + 1],
                event.option.id,
                *self.order[self.index + 1 :],
            ]
            self.index += 1
            await self.show_article()


def save_reading_positions(screens: Iterable[object]) -> None:
    """Keep the reading position of every reader among `screens` (help, search or the palette
    may be open above one)."""
    for screen in screens:
        if isinstance(screen, ReaderScreen):
            screen.save_position()
