"""The reader's text: headline, standfirst, meta line, mentions and body blocks, as plain text.

Every string from an article goes into a `rich.text.Text` as plain characters (never parsed as
markup), styled through TCSS component classes, so a title of `[bold]x[/]` shows those
characters and nothing in an article can change how the screen is drawn.
"""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from tui_news.model import Article
from tui_news.ui import compat
from tui_news.ui.formatting import format_long_date


class ArticleBody(Widget):
    COMPONENT_CLASSES = {
        "article-body--title",
        "article-body--dek",
        "article-body--meta",
        "article-body--mentions",
        "article-body--heading",
        "article-body--paragraph",
        "article-body--quote",
        "article-body--quote-bar",
        "article-body--caption",
        "article-body--list-item",
    }

    def __init__(
        self, article: Article, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        # Nothing in an article is a link Textual could follow (its text is never markup), so
        # skip Textual's pass that restyles every line's `@click` links.
        self.auto_links = False
        self.article = article
        #: The rendered lines and the width they were rendered for.
        self._lines: tuple[int, list[Strip]] | None = None
        #: What the lines were drawn with (`_drawn_with`), and whether styles were updated since.
        self._lines_key: tuple[object, ...] = ()
        self._restyled = False
        self._styles: dict[str, Style] = {}

    # Textual renders a widget's renderable once to measure its height and again to draw it; an
    # article is a few hundred wrapped lines, so render it once per width and draw from that.

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._strips(width)) if width else 0

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strips = self._strips(width)
        if 0 <= y < len(strips):
            return strips[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        # Opening an article restyles the reader's subtree twice (mount, focus) without
        # changing anything these lines are drawn with: look before throwing them away (a
        # render costs far more than the look, ten cached style lookups).
        self._restyled = True

    def _strips(self, width: int) -> list[Strip]:
        if self.text_selection is not None:
            # A mouse selection is drawn into the lines: render them fresh while there is one.
            return self._render_strips(width)
        if self._restyled:
            self._restyled = False
            if self._lines is not None and self._drawn_with() != self._lines_key:
                self._lines = None
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, self._render_strips(width))
            self._lines_key = self._drawn_with()
        return self._lines[1]

    def _drawn_with(self) -> tuple[object, ...]:
        """The styles a render used: this widget's and its component classes' (as resolved now)."""
        styles = self.styles
        return (
            self.visual_style,
            styles.text_wrap,
            styles.text_overflow,
            styles.text_align,
            styles.line_pad,
            *(self.get_component_rich_style(f"article-body--{name}") for name in self._styles),
        )

    def _render_strips(self, width: int) -> list[Strip]:
        divide_line = compat.divide_line
        if divide_line is not None and self.text_selection is None and self._plain_styles():
            return self._fast_strips(width, divide_line)
        return self._rich_strips(self.render(), width)

    def _rich_strips(self, renderable: RenderableType, width: int) -> list[Strip]:
        visual = visualize(self, renderable)
        return Visual.to_strips(self, visual, width, None, self.visual_style)

    def _plain_styles(self) -> bool:
        """Whether the styles ask for nothing but wrapping at spaces, left-aligned (the TCSS
        default): what `_fast_strips` draws. Anything else takes Rich's way."""
        styles = self.styles
        return (
            styles.text_wrap == "wrap"
            and styles.text_overflow == "fold"
            and not styles.has_rule("text_align")
            and styles.line_pad == 0
            and styles.content_align == ("left", "top")
            and not self.auto_links
        )

    def _fast_strips(self, width: int, divide_line: compat.DivideLine) -> list[Strip]:
        """What `_rich_strips` draws of `render()`, lines of one style each made here.

        Rich's way (a `Text` a block, wrapped into a `Text` a line, joined, rendered into
        segments, styled, split into lines again) is most of the cost of opening an article.
        Here each line is sliced from the text where Rich's own word wrap
        (`divide_line`) breaks it, cut as `Text.wrap` cuts it, and given the style Rich would
        give it. Quotes and list items (a table each) still go through Rich, one at a time.
        """
        base = self.visual_style.rich_style
        strips: list[Strip] = []
        for part in self._parts():
            if isinstance(part, Text) and "\t" not in part.plain:
                style = part.style if isinstance(part.style, Style) else None
                strips += _wrapped(part.plain, width, base, style, divide_line)
            else:
                strips += self._rich_strips(part, width)
        return strips

    def _style(self, name: str) -> Style:
        # Looked up once per render, not once per block (each lookup resolves CSS).
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"article-body--{name}")
        return style

    def render(self) -> RenderableType:
        return Group(*self._parts())

    def _parts(self) -> list[RenderableType]:
        """The article's pieces, one under the other: a `Text` each, or a table for a quote or
        a list item."""
        self._styles = {}
        article = self.article
        parts: list[RenderableType] = [Text(article.title, style=self._style("title"))]
        if article.dek:
            parts += [Text(""), Text(article.dek, style=self._style("dek"))]
        parts += [Text(""), Text(meta_line(article), style=self._style("meta"))]
        mentions = mentions_line(article)
        if mentions:
            parts.append(Text(mentions, style=self._style("mentions")))
        parts.append(Text(""))
        previous = None
        for block in article.blocks:
            if previous is not None and not (previous == "list_item" and block.kind == "list_item"):
                parts.append(Text(""))
            parts.append(self._block(block.kind, block.text))
            previous = block.kind
        return parts

    def _block(self, kind: str, text: str) -> RenderableType:
        if kind == "heading":
            return Text(text, style=self._style("heading"))
        if kind == "quote":
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=1, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(
                Text("▌", style=self._style("quote-bar")), Text(text, style=self._style("quote"))
            )
            return Padding(grid, (0, 0, 0, 1))
        if kind == "caption":
            return Text(text, style=self._style("caption"))
        if kind == "list_item":
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=1, no_wrap=True)
            grid.add_column(ratio=1)
            grid.add_row(Text("•"), Text(text, style=self._style("list-item")))
            return Padding(grid, (0, 0, 0, 1))
        return Text(text, style=self._style("paragraph"))


def _wrapped(
    text: str,
    width: int,
    base: Style,
    style: Style | None,
    divide_line: compat.DivideLine,
) -> list[Strip]:
    """The lines of `Text(text, style=style).wrap(width)` (overflow "fold"), rendered on `base`:
    a segment each, or none for an empty line (a `Text` with no style draws one, empty, when it
    is a single line)."""
    pieces: list[tuple[str, int]] = []  # (a line's text, its width in cells)
    for line in text.split("\n"):
        starts = [0, *divide_line(line, width, True)]  # (True: fold words wider than a line)
        for start, end in zip(starts, [*starts[1:], len(line)], strict=True):
            piece = line[start:end]
            # `Text.rstrip_end`: whitespace beyond the width (counted in characters) goes...
            excess = len(piece) - width
            if excess > 0:
                spaces = len(piece) - len(piece.rstrip())
                piece = piece[: len(piece) - min(spaces, excess)]
            # ...and `Text.truncate`: what is still wider is cut to the width.
            cells = cell_len(piece)
            if cells > width:
                piece, cells = set_cell_size(piece, width), width
            pieces.append((piece, cells))
    line_style = base + style if style else base
    if not style and len(pieces) == 1:
        return [Strip([Segment(pieces[0][0], line_style)], pieces[0][1])]
    return [
        Strip([Segment(piece, line_style)], cells) if piece else Strip([], 0)
        for piece, cells in pieces
    ]


def meta_line(article: Article) -> str:
    """category · source · byline · date · reading time, leaving out what is unknown."""
    parts = [
        article.category,
        article.source,
        article.byline,
        format_long_date(article.published),
        f"{article.reading_minutes} min read" if article.reading_minutes else None,
    ]
    return " · ".join(p for p in parts if p)


def mentions_line(article: Article) -> str:
    pieces = []
    if article.mentions.people:
        pieces.append("People: " + ", ".join(article.mentions.people[:8]))
    if article.mentions.places:
        pieces.append("Places: " + ", ".join(article.mentions.places[:8]))
    return "   ".join(pieces)
