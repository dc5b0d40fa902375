"""The Textual app: screens, app-wide keys, themes, the palette, and the store opened in a worker.

The first frame never waits for the store: the list screen shows at once and the store opens in
a thread (`open_library`), then the rows appear. The search index is built in the background
after that, so typing `/` straight away still works (the first search waits for it).
"""

from __future__ import annotations

import asyncio
import gc
import signal
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
from textual.theme import Theme

from tui_news.config import Config, load_config
from tui_news.store import (
    Stopped,
    StoreCorrupt,
    StoreError,
    StoreVersionError,
    open_store,
    recover_articles,
    recover_state,
)
from tui_news.ui.commands import ArticleTitles
from tui_news.ui.compat import remove_screen, start_with_theme
from tui_news.ui.housekeeping import forget_removed_styles
from tui_news.ui.library import HeadRows, Library, ids_of
from tui_news.ui.messages import (
    LibraryFailed,
    LibraryReady,
    ListShown,
    MarksChanged,
    OpenArticle,
    Reloaded,
    ReloadFailed,
    ShowInList,
    TerminalLost,
)
from tui_news.ui.screens.base import SteadyScreen
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.styles import FIRST_PAINT_STYLES, load_screen_styles, style_path

# The other screens are imported when first shown: the first paint needs only the list.
if TYPE_CHECKING:
    from tui_news.search.query import Query
    from tui_news.ui.screens.dialogs import TooSmallScreen

#: How long the first frame may wait for the store, so that it shows rows rather than a notice.
FIRST_PAINT_WAIT = 0.5

NEWS_DARK = Theme(
    name="news-dark",
    primary="#7AA2F7",
    secondary="#9ECE6A",
    accent="#E0AF68",
    foreground="#D5D8E0",
    background="#16181D",
    surface="#1E2128",
    panel="#262A33",
    warning="#E0AF68",
    error="#F7768E",
    success="#9ECE6A",
    dark=True,
)
NEWS_LIGHT = Theme(
    name="news-light",
    primary="#2E5AAC",
    secondary="#3B7A3B",
    accent="#9A5B00",
    foreground="#1F2328",
    background="#FAF8F3",
    surface="#F0EDE4",
    panel="#E4E0D4",
    warning="#9A5B00",
    error="#B3261E",
    success="#3B7A3B",
    dark=False,
)
THEME_CYCLE: tuple[str, ...] = (
    "news-dark",
    "news-light",
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "tokyo-night",
    "solarized-light",
)


class TuiNewsApp(App[None]):
    TITLE = "tui-news"
    # The list screen's; the other screens' files are read after the first frame (ui/styles.py).
    CSS_PATH = [style_path(name) for name in FIRST_PAINT_STYLES]
    COMMANDS = App.COMMANDS | {ArticleTitles}
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="app.search"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("r", "reload", "Reload", show=False, id="app.reload"),
        Binding("t", "cycle_theme", "Theme", show=False, id="app.theme"),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True, id="app.quit"),
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
        self._too_small: TooSmallScreen | None = None
        self._pending_search: str | None = None
        #: The store opens in a thread from here on, while Textual starts (see on_mount).
        self._opening: _Opening | None = _Opening(db_path, self.config.sort)
        self.register_theme(NEWS_DARK)
        self.register_theme(NEWS_LIGHT)
        start_with_theme(
            self, self.config.theme if self.config.theme in self.available_themes else "news-dark"
        )
        if self.config.keys:
            self.set_keymap(self.config.keys)

    # --- start-up -----------------------------------------------------------------------------

    def get_driver_class(self) -> type[Driver]:
        driver_class = super().get_driver_class()
        from textual.drivers.linux_driver import LinuxDriver

        if driver_class is LinuxDriver:  # a terminal (not TEXTUAL_DRIVER, not the web server)
            from tui_news.ui.driver import TerminalDriver

            return TerminalDriver
        return driver_class

    def get_default_screen(self) -> Screen[Any]:
        # The empty screen under the list; it too must ignore stale resizes (screens/base.py).
        return SteadyScreen(id="_default")

    def on_mount(self) -> None:
        for problem in self.config.problems:
            self.notify(problem, title="Config", severity="warning", timeout=10)
        if self.config.theme and self.config.theme not in self.available_themes:
            self.notify(
                f"Unknown theme {self.config.theme!r}; using {self.theme}.",
                severity="warning",
                timeout=8,
            )
        self._install_signal_handlers()
        # A screen switch removes a screen's widgets: Textual would keep their styles (and all
        # they drew) in a cache until 1,024 newer ones came (ui/housekeeping.py).
        self.screen_change_signal.subscribe(self, self._on_screen_change)
        # The CLI turned the cyclic collector off for the start-up (cli.cmd_open): on again once
        # the first frame is out.
        self.call_after_refresh(_collector_on)
        self.call_after_refresh(lambda: self._check_size(self.size.width, self.size.height))
        # The store has been opening since __init__, beside Textual's own start-up. Usually it
        # is open by now, and the first frame shows the rows; if not, the list says so and a
        # worker waits for it.
        opening = self._opening
        if opening is not None and opening.wait(FIRST_PAINT_WAIT) and opening.library:
            self._opening = None
            self._take_library(opening.library, opening.notices)
            self.push_screen(ListScreen())
            return
        self.push_screen(ListScreen())
        self.open_library()

    def _on_screen_change(self, _screen: Screen[Any]) -> None:
        forget_removed_styles()

    def on_unmount(self) -> None:
        # Quitting: Textual's run waits for its thread workers to end (asyncio's default
        # executor), so the library's long reads and builds stop at their next step.
        if self.library is not None:
            self.library.close()

    @work(thread=True, exclusive=True, group="store")
    def open_library(self) -> None:
        opening, self._opening = self._opening, None
        if opening is None:
            opening = _Opening(self.db_path, self.config.sort)
        opening.wait(None)
        if opening.error is not None:
            self.post_message(LibraryFailed(opening.error))
        elif opening.library is not None:
            self.post_message(LibraryReady(opening.library, opening.notices))

    def _take_library(self, library: Library, notices: list[str]) -> None:
        self.library = library
        for notice in notices:
            self.notify(notice, timeout=8)

    def on_library_ready(self, message: LibraryReady) -> None:
        self._take_library(message.library, message.notices)
        self._refresh_list()
        self.library_shown()

    def on_list_shown(self, _message: ListShown) -> None:
        self.library_shown()

    def library_shown(self) -> None:
        """The list has its rows (the list screen said so, or the store opened late)."""
        # After the frame with the rows has gone out, not before: reading 100,000 summaries
        # beside the first paint would hold it back; so would the other screens' stylesheets.
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
            library.load_list()  # (or a row past the head, drawn meanwhile, had it read)
            self.call_from_thread(self._take_whole_list)
            columns = library.columns
            library.build_index()
        except Stopped:
            return  # the app is quitting (Library.close)
        except StoreError as error:
            self.library = None
            self.post_message(LibraryFailed(error))
            return
        _settle_heap()
        if library.columns is not columns:
            # A load replaced the store between the first paint and now: show what it holds.
            self.call_from_thread(self._refresh_list)

    def on_library_failed(self, message: LibraryFailed) -> None:
        from tui_news.ui.screens.dialogs import StoreProblemScreen

        error = message.error
        if isinstance(error, StoreCorrupt | StoreVersionError) and error.path == self.db_path:
            self.push_screen(
                StoreProblemScreen(
                    error.message
                    + "\n\nYour read and starred marks are in a separate file and will be kept.",
                    "set the damaged store aside and rebuild it from the seeds",
                ),
                self._after_article_problem,
            )
        elif isinstance(error, StoreCorrupt | StoreVersionError):
            self.push_screen(
                StoreProblemScreen(
                    error.message, "set it aside and restore the last good copy of your marks"
                ),
                lambda fix: self._after_state_problem(fix, error.path),
            )
        else:
            self.push_screen(
                StoreProblemScreen(error.message, None), lambda _fix: self.exit(return_code=2)
            )

    def _after_article_problem(self, fix: bool | None) -> None:
        if not fix:
            self.exit(return_code=2)
            return
        try:
            self.notify(recover_articles(self.db_path), timeout=15)
        except (OSError, StoreError) as error:
            self.notify(f"Could not rebuild: {error}", severity="error", timeout=15)
            return
        self.open_library()

    def _after_state_problem(self, fix: bool | None, path: Path) -> None:
        if not fix:
            self.exit(return_code=2)
            return
        try:
            self.notify(recover_state(path), timeout=20)
        except (OSError, StoreError) as error:
            self.notify(f"Could not restore: {error}", severity="error", timeout=15)
            return
        self.open_library()

    # --- screens ------------------------------------------------------------------------------

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
            self.push_screen(HelpScreen(self.binding_groups(), self.keymap_for_help()))

    def action_filter(self) -> None:
        library = self.library
        if library is None:
            return
        choices: list[tuple[str, str]] = [
            ("Only unread", "is:unread"),
            ("Only starred", "is:starred"),
            ("Clear every filter", ""),
        ]
        facets = library.facets()
        for name, counter in facets.items():
            for value, count in counter.most_common(500):
                quoted = f'"{value}"' if " " in value else value
                choices.append((f"{name}: {value} ({count:,})", f"{name}:{quoted}"))
        from tui_news.ui.screens.dialogs import FilterScreen

        self.push_screen(FilterScreen(choices), self._apply_filter)

    def _apply_filter(self, word: str | None) -> None:
        library = self.library
        if word is None or library is None:
            return
        if word == "":
            library.set_filter("")
        else:
            current = library.query.describe()
            text = f'"{library.query.text}" ' if library.query.text else ""
            library.set_filter(f"{text}{current} {word}".strip())
        screen = self.list_screen
        if screen is not None:
            if self.screen is not screen:
                self.switch_to_list()
            screen.refresh_rows()

    def show_in_list(self, query: Query) -> None:
        """The list filtered by `query` (its words too), in its own sort, from its top."""
        library = self.library
        screen = self.list_screen
        if library is None or screen is None:
            return
        library.set_filter(query)
        self.switch_to_list()
        screen.refresh_rows()
        screen.article_list.action_first()

    def switch_to_list(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, ListScreen):
            self.pop_screen()

    def set_sort(self, sort: str) -> None:
        if self.library is not None:
            self.library.set_sort(sort)
            self._refresh_list()

    def set_list_filter(self, text: str) -> None:
        if self.library is not None:
            self.library.set_filter(text)
            self._refresh_list()

    def _take_whole_list(self) -> None:
        """The list started from the store's first page and the index is read now: show its
        rows (the cursor stays on its article) and the exact counts."""
        screen = self.list_screen
        if screen is not None and isinstance(screen.article_list.rows, HeadRows):
            screen.refresh_rows()

    def _refresh_list(self) -> None:
        screen = self.list_screen
        if screen is not None:
            screen.refresh_rows()

    # --- reload, theme ------------------------------------------------------------------------

    def action_reload(self) -> None:
        if self.library is None:
            self.open_library()
            return
        self.notify("Reloading the seeds…", timeout=2)
        self.reload_library()

    @work(thread=True, exclusive=True, group="store")
    def reload_library(self) -> None:
        library = self.library
        if library is None:
            return
        try:
            report = library.reload()
        except StoreError as error:
            self.post_message(ReloadFailed(error.message))
            return
        library.build_index()
        _settle_heap()
        self.post_message(Reloaded(report))

    def on_reloaded(self, message: Reloaded) -> None:
        report = message.report
        summary = f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged"
        if report.removed:
            summary += f", {len(report.removed)} removed"
        if report.skipped:
            summary += f", {len(report.skipped)} skipped"
        self.notify("Reloaded: " + summary, timeout=5)
        self._refresh_list()

    def on_reload_failed(self, message: ReloadFailed) -> None:
        self.notify(message.message, title="Reload failed", severity="error", timeout=10)

    def action_cycle_theme(self) -> None:
        names = [name for name in THEME_CYCLE if name in self.available_themes]
        current = names.index(self.theme) if self.theme in names else -1
        self.theme = names[(current + 1) % len(names)]
        self.notify(f"Theme: {self.theme}", timeout=2)

    def on_marks_changed(self, _message: MarksChanged) -> None:
        self.report_save_problems()

    def report_save_problems(self) -> None:
        library = self.library
        if library is not None and library.save_problems:
            for problem in library.save_problems:
                self.notify(problem, title="Not saved", severity="warning", timeout=8)
            library.save_problems.clear()

    # --- palette ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In the search and filter screens ctrl+p means "previous result" (as in most pickers):
        # the palette's app-wide priority binding would otherwise take it first.
        return not (action == "command_palette" and getattr(self.screen, "TAKES_CTRL_P", False))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Search", "Fuzzy-search every article (/)", self.action_search)
        yield SystemCommand("Help", "Every key, by screen (?)", self.action_help)
        yield SystemCommand(
            "Reload", "Load the seed folders again; marks are kept (r)", self.action_reload
        )
        yield SystemCommand(
            "Filter", "Filter the list by category, source, tag, person…", self.action_filter
        )
        yield SystemCommand(
            "Filter: only unread", "Show unread articles", lambda: self.set_list_filter("is:unread")
        )
        yield SystemCommand(
            "Filter: only starred",
            "Show starred articles",
            lambda: self.set_list_filter("is:starred"),
        )
        yield SystemCommand("Filter: clear", "Show every article", lambda: self.set_list_filter(""))
        for sort in ("date", "title", "source"):
            yield SystemCommand(
                f"Sort by {sort}",
                f"Order the list by {sort}",
                lambda sort=sort: self.set_sort(sort),
            )
        yield SystemCommand("Next theme", "Cycle through the themes (t)", self.action_cycle_theme)

    # --- help data ----------------------------------------------------------------------------

    def binding_groups(self) -> list[tuple[str, list[BindingType]]]:
        from tui_news.ui.screens.dialogs import FilterScreen
        from tui_news.ui.screens.reader import ReaderScreen, ReaderScroll
        from tui_news.ui.screens.search import SearchScreen
        from tui_news.ui.widgets.article_list import ArticleList

        return [
            (
                "Everywhere",
                [*list(self.BINDINGS), Binding("ctrl+p", "command_palette", "Command palette")],
            ),
            ("List", list(ArticleList.BINDINGS) + list(ListScreen.BINDINGS)),
            ("Reader", list(ReaderScroll.BINDINGS) + list(ReaderScreen.BINDINGS)),
            ("Search", list(SearchScreen.BINDINGS)),
            ("Filter", list(FilterScreen.BINDINGS)),
        ]

    def keymap_for_help(self) -> dict[str, str]:
        return dict(self.config.keys)

    # --- terminal size, signals ---------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        from tui_news.ui.screens.dialogs import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        if self.list_screen is None:
            return  # not mounted yet: on_mount checks again once the list screen is up
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._too_small is None:
            self._too_small = TooSmallScreen()
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            screen, self._too_small = self._too_small, None
            if screen in self.screen_stack:
                if self.screen is screen:
                    self.pop_screen()
                else:
                    # Another screen was pushed above it meanwhile: keep that one.
                    remove_screen(self, screen)

    def _install_signal_handlers(self) -> None:
        try:
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGHUP, signal.SIGTERM):
                loop.add_signal_handler(sig, self._save_and_exit)
        except (NotImplementedError, RuntimeError, ValueError, AttributeError):
            pass  # not on the main thread (tests) or not a Unix loop

    def _save_and_exit(self) -> None:
        """A dropped SSH session or a kill: keep the reading position, then leave cleanly."""
        self._save_reading_positions()
        self.exit(return_code=0)

    def on_terminal_lost(self, message: TerminalLost) -> None:
        # The driver saw the terminal hang up, with or without a SIGHUP (ui/driver.py).
        self._save_and_exit()

    async def action_quit(self) -> None:
        """ctrl+c (and q in the list) quit: the reading position is kept as for a signal."""
        self._save_reading_positions()
        await super().action_quit()

    def _save_reading_positions(self) -> None:
        from tui_news.ui.screens.reader import ReaderScreen

        # Every reader in the stack: help, search or the palette may be open above it.
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                screen.save_position()


def _collector_on() -> None:
    # A Python function, not `gc.enable` itself: Textual reads a callback's signature, and a
    # builtin's means tokenizing its text signature (~14 ms, the first time, on the UI thread).
    gc.enable()


def _settle_heap() -> None:
    """Take what is loaded now (summaries, the index: a million objects at 100,000 articles)
    out of the cyclic collector's sight. They live as long as the library and hold no cycles
    that matter; left in, every full collection walks them all, and one landing in the middle
    of a keystroke's frame holds it back by 100 ms and more."""
    gc.collect()
    gc.freeze()


class _Opening:
    """Opening the store and its list in a thread: `wait`, then `library` or `error`."""

    def __init__(self, db_path: Path, sort: str) -> None:
        self.library: Library | None = None
        self.notices: list[str] = []
        self.error: StoreError | None = None
        self._unexpected: BaseException | None = None
        self._done = threading.Event()
        self._db_path = db_path
        self._sort = sort
        threading.Thread(target=self._run, name="tui-news-open", daemon=True).start()

    def _run(self) -> None:
        try:
            # From the list's first page when the store has a current one (store/head.py): the
            # index (~13 MB at 100,000 articles) is read after the first paint, not before it.
            store = open_store(self._db_path, first_page=True)
            self.library = Library(store, sort=self._sort)
            self.notices = store.notices
        except StoreError as error:
            self.error = error
        except BaseException as error:  # re-raised where it is waited for
            self._unexpected = error
        finally:
            self._done.set()

    def wait(self, timeout: float | None) -> bool:
        """True when opening is over (well or not); re-raises what was not a StoreError."""
        if not self._done.wait(timeout):
            return False
        if self._unexpected is not None:
            raise self._unexpected
        return True


def run_app(db_path: Path, *, app_class: type[TuiNewsApp] | None = None) -> int:
    """Run the app on `db_path` with the user's config; its exit code. `app_class`: a subclass
    to run instead (the benchmark's, which marks its first painted frame)."""
    app = (app_class or TuiNewsApp)(db_path, config=load_config())
    app.run()
    return app.return_code or 0
