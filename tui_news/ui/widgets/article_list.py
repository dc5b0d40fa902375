"""The article list: one line per article, drawn per visible line (Textual's line API).

There is no widget per row and no ListView: `render_line` draws only the lines on screen, and
an LRU cache keeps lines that did not change, so 100,000 rows cost what 24 do. Each line:
unread mark, star, title, category or source, date (relative when recent), reading time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui_news.model import ArticleState, ArticleSummary
from tui_news.ui.formatting import MINUTES_WIDTH, fit, format_date, format_minutes

StateGetter = Callable[[str], ArticleState]


class ArticleList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--mark",
        "article-list--star",
        "article-list--meta",
    }
    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
        Binding("pagedown,space,ctrl+d", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup,b,ctrl+u", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("enter,l,right", "select", "Open", key_display="enter", id="list.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        def __init__(self, article_id: str | None) -> None:
            super().__init__()
            self.article_id = article_id

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, clock: Callable[[], datetime], id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[ArticleSummary] = ()
        self._state: StateGetter = lambda _id: ArticleState()
        self._clock = clock
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        self._now = clock()

    # --- data ---------------------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[ArticleSummary]:
        return self._rows

    @property
    def current_id(self) -> str | None:
        if 0 <= self.cursor < len(self._rows):
            return self._rows[self.cursor].id
        return None

    def set_rows(
        self, rows: Sequence[ArticleSummary], state: StateGetter, *, keep: str | None = None
    ) -> None:
        """Show `rows`; the cursor stays on article `keep` (or the current one) if it is still there."""
        keep = keep or self.current_id
        self._rows = rows
        self._state = state
        self._now = self._clock()
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(rows))
        index = 0
        if keep is not None:
            for i, row in enumerate(rows):
                if row.id == keep:
                    index = i
                    break
        self.cursor = min(index, max(0, len(rows) - 1))
        self.refresh()

    def redraw(self) -> None:
        """Draw the rows again after read/star marks changed (the rows themselves did not)."""
        self._cache.clear()
        self.refresh()

    # --- drawing ------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._rows))
        self._cache.clear()
        self._scroll_cursor_into_view()

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        index = scroll_y + y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        summary = self._rows[index]
        state = self._state(summary.id)
        is_cursor = index == self.cursor
        key = (summary.id, width, is_cursor, state.read, state.starred, self.has_focus)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._render_row(summary, state, width, is_cursor)
            self._cache[key] = cached
        return cached

    def _render_row(
        self, summary: ArticleSummary, state: ArticleState, width: int, is_cursor: bool
    ) -> Strip:
        base = self.rich_style
        title_style = base + self.get_component_rich_style(
            "article-list--read" if state.read else "article-list--unread"
        )
        mark_style = base + self.get_component_rich_style("article-list--mark")
        star_style = base + self.get_component_rich_style("article-list--star")
        meta_style = base + self.get_component_rich_style("article-list--meta")
        where_width = 14 if width >= 70 else 10
        date_width = 10
        minutes_width = MINUTES_WIDTH
        fixed = 2 + 2 + 1 + where_width + 1 + date_width + 1 + minutes_width
        show_meta = width - fixed >= 20
        title_width = width - fixed if show_meta else width - 4
        segments = [
            Segment("● " if not state.read else "  ", mark_style),
            Segment("★ " if state.starred else "  ", star_style),
            Segment(fit(summary.title, title_width), title_style),
        ]
        if show_meta:
            where = summary.category or summary.source or ""
            segments += [
                Segment(" " + fit(where, where_width) + " ", meta_style),
                Segment(fit(format_date(summary.published, self._now), date_width), meta_style),
                Segment(
                    " " + format_minutes(summary.reading_minutes).rjust(minutes_width), meta_style
                ),
            ]
        if is_cursor:
            cursor_style = self.get_component_rich_style("article-list--cursor")
            segments = [Segment(text, _over(style, cursor_style)) for text, style, _ in segments]
        return Strip(segments).adjust_cell_length(
            width,
            base
            if not is_cursor
            else _over(base, self.get_component_rich_style("article-list--cursor")),
        )

    # --- moving -------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.current_id))

    def _scroll_cursor_into_view(self) -> None:
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False, immediate=True)

    def move_to(self, article_id: str, hint: int | None = None) -> bool:
        """The cursor on `article_id` (looked for at `hint` first), scrolled into view; False
        when the list does not hold it."""
        rows = self._rows
        if hint is None or not (0 <= hint < len(rows)) or rows[hint].id != article_id:
            hint = next((i for i, row in enumerate(rows) if row.id == article_id), None)
        if hint is None:
            return False
        self.cursor = hint
        return True

    def _move(self, delta: int) -> None:
        if self._rows:
            self.cursor = max(0, min(len(self._rows) - 1, self.cursor + delta))

    def action_cursor_down(self) -> None:
        self._move(1)

    def action_cursor_up(self) -> None:
        self._move(-1)

    def action_first(self) -> None:
        self._move(-len(self._rows))

    def action_last(self) -> None:
        self._move(len(self._rows))

    def action_page_down(self) -> None:
        self._move(max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self._move(-max(1, self.scrollable_content_region.height - 1))

    def action_select(self) -> None:
        article_id = self.current_id
        if article_id is not None:
            self.post_message(self.Selected(article_id))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self._rows):
            already = index == self.cursor
            self.cursor = index
            if already or event.chain >= 2:
                self.action_select()


def _over(style: Style | None, cursor: Style) -> Style:
    """The cursor's colours over a segment's own style, keeping bold/dim from the segment."""
    return (style or Style()) + cursor
