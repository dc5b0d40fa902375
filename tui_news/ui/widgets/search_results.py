"""Search results, two lines each (title; field and snippet), drawn per visible line.

Like the article list, nothing is built for results that are not on screen: a keystroke only
swaps the list of hits, and the few visible lines are rendered (and cached) on paint. Every
string is article text, so it goes into `rich.text.Text` as plain characters, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:  # the engine (numpy, rapidfuzz) is not imported before the first search
    from tui_news.search.engine import SearchHit

#: (title, spans in the title to highlight) for a hit, computed only when it is drawn.
TitleLookup = Callable[["SearchHit"], tuple[str, Sequence[tuple[int, int]]]]

LINES_PER_HIT = 2


class SearchResults(ScrollView):
    COMPONENT_CLASSES = {
        "search-results--title",
        "search-results--match",
        "search-results--field",
        "search-results--snippet",
        "search-results--cursor",
    }

    highlighted: reactive[int | None] = reactive(None, init=False)

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: Sequence[SearchHit] = ()
        self._title: TitleLookup = lambda hit: (hit.text, ())
        self._cache: LRUCache[tuple[object, ...], Strip] = LRUCache(256)
        self._generation = 0

    @property
    def count(self) -> int:
        return len(self.hits)

    def set_hits(self, hits: Sequence[SearchHit], title: TitleLookup) -> None:
        self.hits = hits
        self._title = title
        self._generation += 1
        self.virtual_size = Size(self.size.width, len(hits) * LINES_PER_HIT)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.highlighted = 0 if hits else None
        self.refresh()

    def move(self, delta: int) -> None:
        if not self.hits:
            return
        current = -1 if self.highlighted is None else self.highlighted
        self.highlighted = max(0, min(len(self.hits) - 1, current + delta))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        if new is not None:
            height = self.scrollable_content_region.height
            top = new * LINES_PER_HIT
            if top < self.scroll_offset.y:
                self.scroll_to(y=top, animate=False, immediate=True)
            elif top + LINES_PER_HIT > self.scroll_offset.y + height:
                self.scroll_to(y=top + LINES_PER_HIT - height, animate=False, immediate=True)
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.hits) * LINES_PER_HIT)
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        index, part = divmod(line, LINES_PER_HIT)
        if index >= len(self.hits):
            return Strip.blank(width, self.rich_style)
        selected = index == self.highlighted
        key = (self._generation, index, part, width, selected)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._cache[key] = self._render_part(self.hits[index], part, width, selected)
        return strip

    def _render_part(self, hit: SearchHit, part: int, width: int, selected: bool) -> Strip:
        style = self.get_component_rich_style
        match = style("search-results--match")
        if part == 0:
            title, spans = self._title(hit)
            text = Text(title, style=style("search-results--title"))
            for start, end in spans:
                text.stylize(match, start, end)
        else:
            text = Text()
            text.append(f"{hit.field} ", style=style("search-results--field"))
            snippet = style("search-results--snippet")
            if hit.field in ("title", "filter"):
                text.append(hit.snippet, style=snippet)
            else:
                matched = Text(hit.text, style=snippet)
                for start, end in hit.spans:
                    matched.stylize(match, start, end)
                text.append_text(matched)
                if hit.field not in ("lead", "dek") and hit.snippet:
                    text.append(" · " + hit.snippet, style=snippet)
        text.truncate(max(1, width - 1), overflow="ellipsis")
        base = self.rich_style + (style("search-results--cursor") if selected else Style())
        segments = [Segment(" ", base)] + [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in text.render(self.app.console)
            if segment.text != "\n"
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // LINES_PER_HIT
        if 0 <= index < len(self.hits):
            already = index == self.highlighted
            self.highlighted = index
            if already or event.chain >= 2:
                self.post_message(self.Selected(self.hits[index].id))
