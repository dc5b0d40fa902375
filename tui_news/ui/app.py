"""The Textual app: its screen stack, app-wide keys and the messages screens send it, and the
library's life in workers (opened, indexed, reloaded).

Themes are in ui/themes.py, the terminal's size and signals in ui/terminal.py, store problems in
ui/store_problems.py, private Textual touches in ui/compat.py. The first frame never waits for the store: the list screen shows at once and the store opens in
a thread (`open_library`), then the rows appear. The search index is built in the background
after that, so typing `/` straight away still works (the first search waits for it).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.driver import Driver
from textual.events import Resize
from textual.screen import Screen

from tui_news.config import Config, load_config
from tui_news.library import Change, Library, ids_of
from tui_news.search.query import parse_query
from tui_news.store import (
    Stopped,
    StoreError,
)
from tui_news.ui.commands import ArticleTitles, app_commands
from tui_news.ui.compat import start_with_theme
from tui_news.ui.housekeeping import forget_removed_styles
from tui_news.ui.messages import (
    LibraryChanged,
    LibraryFailed,
    LibraryReady,
    ListShown,
    MarksChanged,
    OpenArticle,
    ReaderMoved,
    ShowInList,
    TerminalLost,
)
from tui_news.ui.notices import PlainNoticesApp
from tui_news.ui.opening import FIRST_PAINT_WAIT, StoreOpening, collector_on, settle_heap
from tui_news.ui.reloading import ReloadingApp
from tui_news.ui.screens.base import AppScreen
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.store_problems import report_save_problems, show_store_problem
from tui_news.ui.styles import BASE_STYLES, load_screen_styles, style_path
from tui_news.ui.terminal import TooSmallGuard, on_exit_signals, terminal_driver_class
from tui_news.ui.themes import NEWS_DARK, NEWS_LIGHT, next_theme

# The other screens are imported when first shown: the first paint needs only the list.
if TYPE_CHECKING:
    from tui_news.search.query import Query


class TuiNewsApp(ReloadingApp, PlainNoticesApp):
    TITLE = "tui-news"
    # The first screen's; the other screens' files are read after the first frame (ui/styles.py).
    CSS_PATH = [style_path(BASE_STYLES), ListScreen.CSS_PATH]
    COMMANDS = App.COMMANDS | {ArticleTitles}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="app.search"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("r", "reload", "Reload", show=False, id="app.reload"),
        Binding("t", "cycle_theme", "Theme", show=False, id="app.theme"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.quit"),
        # Textual's own palette binding (its footer shows it on the right), with an id.
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            show=False,
            priority=True,
            tooltip="Open the command palette",
            id="app.palette",
        ),
    ]

    def __init__(
        self,
        db_path: Path,
        *,
        config: Config | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.config = config or Config()
        self.clock: Callable[[], datetime] = clock or (lambda: datetime.now(UTC))
        self.library: Library | None = None
        self._size_guard = TooSmallGuard()
        self._pending_search: str | None = None
        #: The store opens in a thread from here on, while Textual starts (see on_mount).
        self._opening: StoreOpening | None = StoreOpening(db_path, self.config.sort)
        self.register_theme(NEWS_DARK)
        self.register_theme(NEWS_LIGHT)
        start_with_theme(
            self, self.config.theme if self.config.theme in self.available_themes else "news-dark"
        )
        self._key_problems: tuple[str, ...] = ()
        if self.config.keys:
            from tui_news.ui.keymap import check_keymap

            checked = check_keymap(self.config.keys, self.binding_groups())
            self._key_problems = checked.problems
            self.set_keymap(checked.keymap)

    def get_driver_class(self) -> type[Driver]:
        return terminal_driver_class(super().get_driver_class())

    def get_default_screen(self) -> Screen[Any]:
        # The empty screen under the list; it too must ignore stale resizes (screens/base.py).
        return AppScreen(id="_default")

    def on_mount(self) -> None:
        for problem in (*self.config.problems, *self._key_problems):
            self.notify(problem, title="Config", severity="warning", timeout=10)
        if self.config.theme and self.config.theme not in self.available_themes:
            message = f"Unknown theme {self.config.theme!r}; using {self.theme}."
            self.notify(message, severity="warning", timeout=8)
        on_exit_signals(self._save_and_exit)
        # A screen switch removes a screen's widgets, whose styles Textual keeps (housekeeping.py).
        self.screen_change_signal.subscribe(self, self._on_screen_change)
        # The CLI turned the cyclic collector off for the start-up (ui/opening.py).
        self.call_after_refresh(collector_on)
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))
        # The store has been opening since __init__: if it is open, the first frame has rows;
        # if not, the list says so and a worker waits for it.
        opening = self._opening
        if opening is not None and opening.wait(FIRST_PAINT_WAIT) and opening.library:
            self._opening = None
            self._take_library(opening.library, opening.notices)
        self.push_screen(ListScreen())
        if self.library is None:
            self.open_library()

    def _on_screen_change(self, _screen: Screen[Any]) -> None:
        forget_removed_styles()

    def on_unmount(self) -> None:
        # Textual's run waits for its thread workers: stop the library's long reads and builds.
        if self.library is not None:
            self.library.close()

    @work(thread=True, exclusive=True, group="store")
    def open_library(self) -> None:
        opening, self._opening = self._opening, None
        opening = opening or StoreOpening(self.db_path, self.config.sort)
        opening.wait(None)
        if opening.error is not None:
            self.post_message(LibraryFailed(opening.error))
        elif opening.library is not None:
            self.post_message(LibraryReady(opening.library, opening.notices))

    def _take_library(self, library: Library, notices: list[str]) -> None:
        self.library = library
        ui_thread = threading.get_ident()
        library.subscribe(lambda change: self._library_changed(change, ui_thread))
        for notice in notices:
            self.notify(notice, timeout=8)

    def _library_changed(self, change: Change, ui_thread: int | None = None) -> None:
        """The list shows what changed in the library; told from a worker, on the UI thread."""
        if ui_thread is not None and threading.get_ident() != ui_thread:
            self.post_message(LibraryChanged(change))
            return
        screen = self.list_screen
        if screen is not None and change is Change.ROWS:
            screen.refresh_rows()
        elif screen is not None:
            screen.article_list.redraw()
            screen.update_header()

    def on_library_changed(self, message: LibraryChanged) -> None:
        self._library_changed(message.change)

    def on_library_ready(self, message: LibraryReady) -> None:
        self._take_library(message.library, message.notices)
        self._refresh_list()
        self.library_shown()

    def on_list_shown(self, _message: ListShown) -> None:
        self.library_shown()

    def library_shown(self) -> None:
        """The list has its rows (the list screen said so, or the store opened late)."""
        # After the frame with the rows has gone out, not before: reading every summary beside
        # the first paint would hold it back; so would the other screens' stylesheets.
        self.call_after_refresh(load_screen_styles, self)
        self.call_after_refresh(self.build_index)
        if self._pending_search is not None:
            self.action_search(self._pending_search)

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """After the first paint: read the whole list (if it started from its first page), then
        the whole summaries, then build the search index."""
        library = self.library
        if library is None:
            return
        try:
            library.load_list()
            library.build_index()
        except Stopped:
            return  # the app is quitting (Library.close)
        except StoreError as error:
            self.library = None
            self.post_message(LibraryFailed(error))
            return
        settle_heap()

    def on_library_failed(self, message: LibraryFailed) -> None:
        show_store_problem(self, message.error, self.db_path, self.open_library)

    @property
    def list_screen(self) -> ListScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, ListScreen):
                return screen
        return None

    def open_article(
        self, article_id: str, order: Sequence[str] | None = None, index: int | None = None
    ) -> None:
        """Open the reader; n/p then walk `order` (default: the list as it is shown now).

        `index` is where the article is in `order` when the caller knows it (the list's cursor),
        which spares a search through 100,000 ids.
        """
        if self.library is None:
            return
        if order is None:
            order = ids_of(self.library.rows)
        if index is None or not (0 <= index < len(order)) or order[index] != article_id:
            try:
                index = order.index(article_id)
            except ValueError:
                order, index = [article_id], 0
        from tui_news.ui.screens.reader import ReaderScreen

        if isinstance(self.screen, ReaderScreen):
            self.screen.save_position()
            self.pop_screen()
        self.push_screen(ReaderScreen(self.library, order, index))

    def on_open_article(self, message: OpenArticle) -> None:
        self.open_article(message.article_id, message.order, message.index)

    def on_reader_moved(self, message: ReaderMoved) -> None:
        # Only a reader opened from the list moves it (one opened from search leaves it be).
        screen = self.list_screen
        if screen is not None and self.screen_stack[-2:-1] == [screen]:
            screen.article_list.move_to(message.article_id, message.index)

    def on_show_in_list(self, message: ShowInList) -> None:
        self.show_in_list(message.query)

    def action_search(self, initial: str = "") -> None:
        from tui_news.ui.screens.search import SearchScreen

        if self.library is None:
            self._pending_search = initial
            self.notify("Opening the store… search opens when it is ready.", timeout=3)
            return
        self._pending_search = None
        if isinstance(self.screen, SearchScreen):
            return
        self.push_screen(SearchScreen(self.library, initial))

    def action_help(self) -> None:
        from tui_news.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.binding_groups(), dict(self.config.keys)))

    def action_filter(self) -> None:
        library = self.library
        if library is None:
            return
        from tui_news.ui.screens.dialogs import FilterScreen

        self.push_screen(FilterScreen.for_facets(library.facets()), self._apply_filter)

    def _apply_filter(self, word: str | None) -> None:
        library = self.library
        if word is None or library is None:
            return
        library.set_filter(library.query.combined(parse_query(word)) if word else "")
        screen = self.list_screen
        if screen is not None and self.screen is not screen:
            self.switch_to_list()

    def show_in_list(self, query: Query) -> None:
        """The list filtered by `query` (its words too), in its own sort, from its top."""
        library = self.library
        screen = self.list_screen
        if library is None or screen is None:
            return
        library.set_filter(query)
        self.switch_to_list()
        screen.article_list.action_first()

    def switch_to_list(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, ListScreen):
            self.pop_screen()

    def set_sort(self, sort: str) -> None:
        if self.library is not None:
            self.library.set_sort(sort)

    def set_list_filter(self, text: str) -> None:
        if self.library is not None:
            self.library.set_filter(text)

    def _refresh_list(self) -> None:
        screen = self.list_screen
        if screen is not None:
            screen.refresh_rows()

    def open_store(self) -> None:
        self.open_library()

    def action_cycle_theme(self) -> None:
        self.theme = next_theme(self.theme, self.available_themes)
        self.notify(f"Theme: {self.theme}", timeout=2)

    def on_marks_changed(self, _message: MarksChanged) -> None:
        self.report_save_problems()

    def report_save_problems(self) -> None:
        if self.library is not None:
            report_save_problems(self, self.library)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search and filter screens ctrl+p means "previous result" (as in most pickers):
        # the palette's app-wide priority binding would otherwise take it first.
        return not (action == "command_palette" and getattr(self.screen, "TAKES_CTRL_P", False))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from app_commands(self)

    def binding_groups(self) -> list[tuple[str, list[BindingType]]]:
        from tui_news.ui.screens.help import binding_groups

        return binding_groups(self.BINDINGS)

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        if self.list_screen is not None:  # else on_mount checks once the list screen is up
            self._size_guard.check(self, width, height)

    def _save_and_exit(self) -> None:
        """A dropped SSH session or a kill: keep the reading position, then leave cleanly."""
        from tui_news.ui.screens.reader import save_reading_positions

        save_reading_positions(self.screen_stack)
        self.exit(return_code=0)

    def on_terminal_lost(self, message: TerminalLost) -> None:
        # The driver saw the terminal hang up, with or without a SIGHUP (ui/driver.py).
        self._save_and_exit()

    async def action_quit(self) -> None:
        """ctrl+c (and q in the list) quit: the reading position is kept as for a signal."""
        from tui_news.ui.screens.reader import save_reading_positions

        save_reading_positions(self.screen_stack)
        await super().action_quit()


def run_app(db_path: Path, *, app_class: type[TuiNewsApp] | None = None) -> int:
    """Run the app on `db_path` with the user's config; its exit code. `app_class`: a subclass
    to run instead (the benchmark's, which marks its first painted frame)."""
    app = (app_class or TuiNewsApp)(db_path, config=load_config())
    app.run()
    return app.return_code or 0
