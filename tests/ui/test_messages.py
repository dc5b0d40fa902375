"""Screens and the palette talk to the app through messages, never through the app module."""

from __future__ import annotations

import ast
from pathlib import Path

from tui_news.search.query import parse_query
from tui_news.ui.host import LibraryHost
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.widgets.article_list import ArticleList

from .conftest import AppFactory, ready, settle

UI = Path(__file__).resolve().parents[2] / "tui_news" / "ui"


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_screen_widget_or_palette_module_imports_the_app() -> None:
    modules = [*UI.glob("screens/*.py"), *UI.glob("widgets/*.py"), UI / "commands.py"]
    importing = [p.name for p in modules if "tui_news.ui.app" in imported_modules(p)]
    assert importing == []


async def test_the_app_is_the_host_screens_read_the_library_from(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app, LibraryHost)
        assert isinstance(app.screen, ListScreen)
        assert app.screen.library is app.library


async def test_show_in_list_message_filters_the_list_from_the_top(
    ui_db: Path, make_app: AppFactory
) -> None:
    from tui_news.ui.messages import ShowInList

    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("j", "j")
        app.screen.post_message(ShowInList(parse_query("is:unread")))
        await settle(pilot)
        assert app.library is not None
        assert app.library.query.describe() == "is:unread"
        assert app.screen.query_one(ArticleList).cursor == 0


async def test_open_article_message_opens_the_reader(ui_db: Path, make_app: AppFactory) -> None:
    from tui_news.ui.messages import OpenArticle

    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        article_id = app.library.rows[2].id
        app.screen.post_message(OpenArticle(article_id))
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == article_id
        assert app.screen.index == 2


def test_reloaded_summary_names_only_what_happened() -> None:
    from tui_news.store import LoadReport
    from tui_news.ui.messages import Reloaded

    assert Reloaded(LoadReport(added=3, updated=1, unchanged=40)).summary == (
        "3 added, 1 updated, 40 unchanged"
    )
    report = LoadReport(unchanged=2, removed=["a", "b"])
    assert Reloaded(report).summary == "0 added, 0 updated, 2 unchanged, 2 removed"


def test_next_theme_cycles_through_the_available_themes_in_order() -> None:
    from textual.theme import Theme

    from tui_news.ui.themes import NEWS_DARK, NEWS_LIGHT, THEME_CYCLE, next_theme

    available: dict[str, Theme] = {"news-dark": NEWS_DARK, "news-light": NEWS_LIGHT}
    assert next_theme("news-dark", available) == "news-light"
    assert next_theme("news-light", available) == "news-dark"
    assert next_theme("no-such-theme", available) == THEME_CYCLE[0]


def test_palette_lists_the_apps_commands_with_every_sort() -> None:
    from tui_news.model import SORTS
    from tui_news.ui.commands import app_commands

    class Actions:
        def __getattr__(self, name: str) -> object:
            return lambda *args: None

    titles = [command.title for command in app_commands(Actions())]  # type: ignore[arg-type]
    assert [f"Sort by {sort}" for sort in SORTS] == [t for t in titles if t.startswith("Sort")]
    assert {"Search", "Help", "Reload", "Filter", "Next theme"} <= set(titles)
