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
