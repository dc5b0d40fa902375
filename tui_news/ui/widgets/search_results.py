"""Search results, two lines each (title; field and snippet), drawn per visible line.

Like the article list, nothing is built for results that are not on screen: a keystroke only
swaps the list of hits, and the few visible lines are rendered (and cached) on paint. Every
string is article text, so it goes into `rich.text.Text` as plain characters, never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

if TYPE_CHECKING:  # the engine (numpy, rapidfuzz) is not imported before the first search
    from tui_news.search.engine import SearchHit

#: (title, spans in the title to highlight) for a hit, computed only when it is drawn.
TitleLookup = Callable[["SearchHit"], tuple[str, Sequence[tuple[int, int]]]]

LINES_PER_HIT = 2

Spans = tuple[tuple[int, int], ...]


class TitleLine(NamedTuple):
    """A hit's first line: its title, with the words that match lit."""

    title: str
    spans: Spans


class DetailLine(NamedTuple):
    """A hit's second line: the field that matched, with its words lit, and a snippet."""

    field: str
    text: str
    spans: Spans
    snippet: str


#: What a line shows, as a key for the cache of drawn lines.
Line = TitleLine | DetailLine

#: Text made only of characters that are one cell wide and never join the next one (printable
#: ASCII, Latin-1 without the soft hyphen, Latin Extended, general punctuation without the
#: zero-width and direction marks): its cell length is its length.
_ONE_CELL_EACH = re.compile(r"[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u2010-\u2027\u2030-\u205e]*\Z")


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
        #: Drawn lines by what they show, their width and whether the cursor is on them.
        self._cache: LRUCache[tuple[Line | None, int, bool], Strip] = LRUCache(256)
        #: Title and lit spans of the hits drawn so far (the lookup is the costly part).
        self._titles: dict[int, TitleLine] = {}
        self._palettes: dict[bool, _Palette] = {}

    @property
    def count(self) -> int:
        return len(self.hits)

    def set_hits(self, hits: Sequence[SearchHit], title: TitleLookup) -> None:
        # What the visible lines show now: a keystroke often keeps most of them (the same
        # results, the same words lit), and only the lines that change are drawn again.
        before = self._visible_lines() if self.scroll_offset.y == 0 else None
        self.hits = hits
        self._title = title
        self._titles = {}
        self.virtual_size = Size(self.size.width, len(hits) * LINES_PER_HIT)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.highlighted = 0 if hits else None
        if before is None:
            self._refresh_lines()
            return
        width = self.scrollable_content_region.width
        changed = [
            y
            for y, (old, new) in enumerate(zip(before, self._visible_lines(), strict=True))
            if old != new
        ]
        # Nothing to draw when the answer looks the same, but draw one line anyway: a frame
        # follows every answer, for whatever waits to see it (one line costs next to nothing).
        for y in changed or [0]:
            self.refresh(Region(0, y, width, 1))

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
        self._refresh_lines()

    def _refresh_lines(self) -> None:
        """Repaint the result lines only: the scrollbar redraws itself when it has to (when the
        number of results or the scroll position changes), not on every keystroke."""
        self.refresh(Region(0, 0, *self.scrollable_content_region.size))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()
        self._palettes.clear()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.hits) * LINES_PER_HIT)
        self._cache.clear()

    def _visible_lines(self) -> list[Line | None]:
        top = self.scroll_offset.y
        return [self._line(top + y) for y in range(self.scrollable_content_region.height)]

    def _line(self, line: int) -> Line | None:
        """What one line shows (None: nothing), as a key for the cache of drawn lines."""
        index, part = divmod(line, LINES_PER_HIT)
        if index >= len(self.hits):
            return None
        hit = self.hits[index]
        if part == 0:
            title = self._titles.get(index)
            if title is None:
                text, spans = self._title(hit)
                title = self._titles[index] = TitleLine(text, tuple(spans))
            return title
        return DetailLine(hit.field, hit.text, hit.spans, hit.snippet)

    def render_line(self, y: int) -> Strip:
        line = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        content = self._line(line)
        selected = content is not None and line // LINES_PER_HIT == self.highlighted
        key = (content, width, selected)
        strip = self._cache.get(key)
        if strip is None:
            if content is None:
                strip = Strip.blank(width, self._palette(False).base)
            else:
                strip = self._render_part(content, width, selected)
            self._cache[key] = strip
        return strip

    def _palette(self, selected: bool) -> _Palette:
        """The styles of one line, combined once (per theme change), not once per character."""
        palette = self._palettes.get(selected)
        if palette is None:
            style = self.get_component_rich_style
            base = self.rich_style + (style("search-results--cursor") if selected else Style())
            title = style("search-results--title")
            match = style("search-results--match")
            snippet = style("search-results--snippet")
            palette = self._palettes[selected] = _Palette(
                base=base,
                title=title,
                match=match,
                field=style("search-results--field"),
                snippet=snippet,
                title_match=title + match,
                snippet_match=snippet + match,
            )
        return palette

    def _render_part(self, content: Line, width: int, selected: bool) -> Strip:
        palette = self._palette(selected)
        pieces: list[tuple[str, Style]] = []
        if isinstance(content, TitleLine):
            title, spans = content
            pieces += _spans_to_pieces(title, spans, palette.title, palette.title_match)
        else:
            field, text, spans, snippet = content
            pieces.append((f"{field} ", palette.field))
            if field in ("title", "filter"):
                pieces.append((snippet, palette.snippet))
            else:
                pieces += _spans_to_pieces(text, spans, palette.snippet, palette.snippet_match)
                if field not in ("lead", "dek") and snippet:
                    pieces.append((" · " + snippet, palette.snippet))
        segments = _line_segments(pieces, max(1, width - 1), palette.base, self.app.console)
        return Strip(segments).adjust_cell_length(width, palette.base)

    def on_click(self, event: events.Click) -> None:
        index = (self.scroll_offset.y + event.y) // LINES_PER_HIT
        if 0 <= index < len(self.hits):
            already = index == self.highlighted
            self.highlighted = index
            if already or event.chain >= 2:
                self.post_message(self.Selected(self.hits[index].id))


class _Palette(NamedTuple):
    base: Style
    title: Style
    match: Style
    field: Style
    snippet: Style
    title_match: Style
    snippet_match: Style


def _spans_to_pieces(
    text: str, spans: Sequence[tuple[int, int]], plain: Style, matched: Style
) -> list[tuple[str, Style]]:
    """`text` cut at the spans' edges: the spans in `matched`, the rest in `plain`."""
    pieces: list[tuple[str, Style]] = []
    position = 0
    for start, end in sorted(spans):
        start, end = max(start, position), min(end, len(text))
        if start >= end:
            continue
        if start > position:
            pieces.append((text[position:start], plain))
        pieces.append((text[start:end], matched))
        position = end
    if position < len(text) or not pieces:
        pieces.append((text[position:], plain))
    return pieces


def _line_segments(
    pieces: list[tuple[str, Style]], max_width: int, base: Style, console: Console
) -> list[Segment]:
    """One cell of padding, then the pieces cut to `max_width` cells with an ellipsis.

    The same cells and styles as building a `rich.text.Text` of the pieces, `truncate(...,
    overflow="ellipsis")` and rendering it, but without the per-character style work when every
    character is one printable ASCII cell (nearly every line); anything else goes through Rich.
    """
    pad = Segment(" ", base)
    if not all(_ONE_CELL_EACH.match(text) for text, _ in pieces):
        rich_text = Text()
        for text, style in pieces:
            rich_text.append(text, style=style)
        rich_text.truncate(max_width, overflow="ellipsis")
        return [pad] + [
            Segment(segment.text, base + segment.style if segment.style else base)
            for segment in rich_text.render(console)
            if segment.text != "\n"
        ]
    total = sum(len(text) for text, _ in pieces)
    if total > max_width:
        # Like Text.truncate: keep max_width - 1 cells, then "…" in the style of the cell it
        # replaces.
        keep = max_width - 1
        cut: list[tuple[str, Style]] = []
        used = 0
        for text, style in pieces:
            if used + len(text) > keep:
                head = text[: keep - used]
                if head:
                    cut.append((head + "…", style))
                else:
                    cut.append(("…", style))
                break
            cut.append((text, style))
            used += len(text)
        pieces = cut
    return [pad] + [Segment(text, base + style) for text, style in pieces if text]
