"""`?`: every binding, grouped by screen, read from the screens' own BINDINGS (so it never lies)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui_news.search.filters import query_help
from tui_news.ui.screens.base import AppModalScreen
from tui_news.ui.styles import style_path

#: (a group's title, its bindings), in the order shown.
BindingGroups = Sequence[tuple[str, Sequence[BindingType]]]

QUERY_HELP = query_help()


def binding_groups(everywhere: Sequence[BindingType]) -> list[tuple[str, list[BindingType]]]:
    """Every screen's bindings, by screen, after `everywhere` (the app's own)."""
    from tui_news.ui.screens.dialogs import FilterScreen, StoreProblemScreen, TooSmallScreen
    from tui_news.ui.screens.list_screen import ListScreen
    from tui_news.ui.screens.reader import ReaderScreen, ReaderScroll
    from tui_news.ui.screens.search import SearchScreen
    from tui_news.ui.widgets.article_list import ArticleList

    return [
        ("Everywhere", list(everywhere)),
        ("List", list(ArticleList.BINDINGS) + list(ListScreen.BINDINGS)),
        ("Reader", list(ReaderScroll.BINDINGS) + list(ReaderScreen.BINDINGS)),
        ("Search", list(SearchScreen.BINDINGS)),
        ("Filter", list(FilterScreen.BINDINGS)),
        ("Help", list(HelpScreen.BINDINGS)),
        ("Store problem", list(StoreProblemScreen.BINDINGS)),
        ("Terminal too small", list(TooSmallScreen.BINDINGS)),
    ]


class HelpScreen(AppModalScreen[None]):
    CSS_PATH = style_path("dialogs.tcss")
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("j,down", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k,up", "scroll(-1)", "Up", show=False, id="help.up"),
    ]

    def __init__(self, groups: BindingGroups, keymap: Mapping[str, str]) -> None:
        """`groups`: the bindings to list; `keymap`: binding id -> keys, where the user changed them."""
        super().__init__()
        self.groups = groups
        self.keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog"):
            yield Static(Text("Keys", style="bold"), id="help-title")
            for title, bindings in self.groups:
                yield Static(self._table(title, bindings), classes="help-group")
            yield Static(Text(QUERY_HELP), id="help-query")
            yield Static(
                Text("Keys can be changed in the config file's [keys] by binding id (see README)."),
                id="help-footnote",
            )

    def _table(self, title: str, bindings: Sequence[BindingType]) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(width=18, no_wrap=True)
        table.add_column()
        table.add_column(no_wrap=True, style="dim")
        table.add_row(Text(title, style="bold underline"), Text(""), Text("id (config)"))
        keymap = self.keymap
        for binding in bindings:
            if not isinstance(binding, Binding):
                continue
            keys = keymap.get(binding.id or "", binding.key)
            shown = ", ".join(
                self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")
            )
            table.add_row(
                Text(shown), Text(binding.description or binding.action), Text(binding.id or "")
            )
        return table

    def action_close(self) -> None:
        self.dismiss()

    def action_scroll(self, delta: int) -> None:
        self.query_one(VerticalScroll).scroll_relative(y=delta, animate=False)
