"""What a new user reaches for in the first hour (issue 23): the list keeps your place, search
remembers, keys say who owns them."""

from __future__ import annotations

from pathlib import Path

from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.widgets.article_list import ArticleList

from .conftest import AppFactory, ready


def article_list(app: TuiNewsApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


async def test_back_from_the_reader_keeps_the_article_you_were_reading(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        order = [r.id for r in article_list(app).rows]
        await pilot.press("enter", *["n"] * (len(order) - 1))
        await ready(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == order[-1]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        widget = article_list(app)
        assert widget.current_id == order[-1]
        top = widget.scroll_offset.y
        assert top <= widget.cursor < top + widget.scrollable_content_region.height
        # and back up with p: the list follows that too
        await pilot.press("enter", "p", "p", "p")
        await ready(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert article_list(app).current_id == order[-4]
