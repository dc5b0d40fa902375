"""Small modal screens: filter picker, "terminal too small", and store problems with a way out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui_news.search.facets import filter_choices
from tui_news.ui.screens.base import AppModalScreen
from tui_news.ui.styles import style_path

MIN_WIDTH = 60
MIN_HEIGHT = 15


class FilterScreen(AppModalScreen[str | None]):
    """Pick a filter (a facet's value, unread, starred…) by typing a few letters.

    Returns the filter in the query syntax, `""` to clear every filter, or None on escape.
    """

    CSS_PATH = style_path("dialogs.tcss")
    #: ctrl+p means "previous" here (as in most pickers), not the command palette.
    TAKES_CTRL_P: ClassVar[bool] = True

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filter.cancel"),
        Binding("down,ctrl+n", "move(1)", "Next", show=False, priority=True, id="filter.next"),
        Binding(
            "up,ctrl+p", "move(-1)", "Previous", show=False, priority=True, id="filter.previous"
        ),
        Binding("enter", "choose", "Apply", priority=True, id="filter.apply"),
    ]

    def __init__(self, choices: Sequence[tuple[str, str]]) -> None:
        """`choices`: (label shown, filter word) pairs, most useful first."""
        super().__init__()
        self.choices = list(choices)

    @classmethod
    def for_facets(cls, facets: Mapping[str, Counter[str]]) -> FilterScreen:
        """The dialog offering what the filter words offer (`filter_choices`): their shortcuts,
        then each facet's values, most common first, with their counts."""
        return cls(filter_choices(facets))

    def compose(self) -> ComposeResult:
        with Vertical(id="filter-dialog"):
            yield Static(Text("Filter the list", style="bold"), id="filter-title")
            yield Input(
                placeholder="type to narrow: a category, a person, unread…", id="filter-input"
            )
            yield OptionList(id="filter-options")

    def on_mount(self) -> None:
        self._show("")
        self.query_one(Input).focus()

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, typed: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        if typed.strip():
            labels = [label for label, _ in self.choices]
            from rapidfuzz import fuzz, process

            found = process.extract(typed, labels, scorer=fuzz.WRatio, limit=40, score_cutoff=50)
            picked = [self.choices[index] for _, _, index in found]
        else:
            picked = self.choices[:200]
        options.add_options([Option(Text(label), id=str(i)) for i, (label, _) in enumerate(picked)])
        self._picked = picked
        if picked:
            options.highlighted = 0

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_choose(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self._picked:
            self.dismiss(self._picked[options.highlighted][1])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._picked[event.option_index][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TooSmallScreen(AppModalScreen[None]):
    """Shown instead of a broken layout while the terminal is below 60×15."""

    CSS_PATH = style_path("dialogs.tcss")

    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit", id="small.quit")]

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-message")

    def on_mount(self) -> None:
        self.update_size()

    def on_resize(self) -> None:
        self.update_size()

    def update_size(self) -> None:
        width, height = self.app.size
        self.query_one(Static).update(
            Text(
                f"Terminal too small: {width}×{height}.\nMake it at least {MIN_WIDTH}×{MIN_HEIGHT}.\n(q quits)",
                justify="center",
            )
        )


class StoreProblemScreen(AppModalScreen[bool]):
    """A store problem in plain words, with the way back offered: True = fix it, False = quit."""

    CSS_PATH = style_path("dialogs.tcss")

    BINDINGS = [
        Binding("enter,y", "fix", "Fix", id="problem.fix"),
        Binding("q,escape,n", "quit", "Quit", id="problem.quit"),
    ]

    def __init__(self, message: str, fix_label: str | None) -> None:
        super().__init__()
        self.message = message
        self.fix_label = fix_label

    def compose(self) -> ComposeResult:
        with Vertical(id="problem-dialog"):
            yield Static(Text("The store needs attention", style="bold"), id="problem-title")
            yield Static(Text(self.message), id="problem-message")
            choices = (
                f"enter: {self.fix_label}    q: quit and leave every file as it is"
                if self.fix_label
                else "q: quit"
            )
            yield Static(Text(choices), id="problem-choices")

    def action_fix(self) -> None:
        if self.fix_label:
            self.dismiss(True)

    def action_quit(self) -> None:
        self.dismiss(False)
