"""The stylesheets: each screen names its own; the base and the list's before the first frame,
every other file in styles/ in the idle time after it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen

from tests.ui.conftest import AppFactory, open_reader, ready
from tui_news.resources import styles_dir
from tui_news.ui import styles
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens.dialogs import FilterScreen, StoreProblemScreen, TooSmallScreen
from tui_news.ui.screens.help import HelpScreen
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.screens.search import SearchScreen

SCREENS: dict[type[Screen[Any]], str] = {
    ListScreen: "list.tcss",
    ReaderScreen: "reader.tcss",
    SearchScreen: "search.tcss",
    HelpScreen: "dialogs.tcss",
    FilterScreen: "dialogs.tcss",
    TooSmallScreen: "dialogs.tcss",
    StoreProblemScreen: "dialogs.tcss",
}


def read(app: TuiNewsApp, name: str) -> bool:
    return app.stylesheet.has_source(str(styles.style_path(name)), "")


def test_every_style_file_is_the_base_or_a_screens_own() -> None:
    assert [styles.style_path(styles.BASE_STYLES), ListScreen.CSS_PATH] == TuiNewsApp.CSS_PATH
    for screen, name in SCREENS.items():
        assert styles.style_path(name) == screen.CSS_PATH, screen
    named = {styles.BASE_STYLES, *SCREENS.values()}
    assert named == {p.name for p in styles.every_stylesheet()}
    assert named == {p.name for p in styles_dir().glob("*.tcss")}


def test_every_screen_is_an_app_screen_with_its_own_stylesheet() -> None:
    import importlib
    import inspect

    from tui_news.ui.screens.base import AppModalScreen, AppScreen

    screens_dir = Path(styles.__file__).parent / "screens"
    for module_path in screens_dir.glob("*.py"):
        if module_path.stem in ("__init__", "base"):  # the base classes themselves
            continue
        module = importlib.import_module(f"tui_news.ui.screens.{module_path.stem}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, Screen) or cls.__module__ != module.__name__:
                continue
            assert issubclass(cls, AppScreen | AppModalScreen), cls
            path = cls.CSS_PATH
            assert isinstance(path, Path) and path.parent == styles_dir() and path.exists(), cls


async def test_the_screens_files_are_read_after_the_first_frame(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[bool, bool]] = []
    original = styles.load_screen_styles

    def spy(app: TuiNewsApp, paths: Any = None) -> int:
        # Called once the list's first frame with rows is out, with only two files read.
        seen.append((read(app, "list.tcss"), read(app, "reader.tcss")))
        return original(app, paths)

    monkeypatch.setattr("tui_news.ui.app.load_screen_styles", spy)
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert seen == [(True, False)]
        assert all(read(app, path.name) for path in styles.every_stylesheet())
        assert styles.load_screen_styles(app) == 0  # nothing left to read


async def test_reading_them_restyles_nothing_on_the_list(ui_db: Path, make_app: AppFactory) -> None:
    # load_screen_styles restyles only the widgets a new rule may match (none on the list
    # screen). If a rule in those files ever matched one, a full restyle would change it.
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        nodes = list(app.screen.walk_children(with_self=True))
        before = [node.styles.css for node in nodes]
        app.stylesheet.update(app)
        assert [node.styles.css for node in nodes] == before


async def test_a_new_rule_for_a_widget_on_screen_restyles_it(
    ui_db: Path, make_app: AppFactory, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.tcss"
    extra.write_text("#list-header { color: #ff0000; }\n", encoding="utf-8")
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        header = app.screen.query_one("#list-header")
        assert header.styles.color.hex != "#FF0000"
        assert styles.load_screen_styles(app, [extra]) == 1
        assert header.styles.color.hex == "#FF0000"


async def test_a_screen_shown_before_they_are_read_is_styled_all_the_same(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A key pressed within the first frames: Textual reads the screen's file as it is pushed.
    monkeypatch.setattr("tui_news.ui.app.load_screen_styles", lambda app, paths=None: 0)
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert not read(app, "reader.tcss")
        reader = await open_reader(pilot)
        body = reader.query_one("#reader-body")
        assert body.styles.max_width is not None and body.styles.max_width.value == 82
        assert read(app, "reader.tcss") and not read(app, "search.tcss")
