"""The list follows the library: a change made anywhere, on any thread, is shown."""

from __future__ import annotations

import threading
from pathlib import Path

from tests.ui.conftest import AppFactory, ready
from tui_news.ui.widgets.article_list import ArticleList


async def test_a_filter_set_in_a_worker_reaches_the_list(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        library = app.library
        assert library is not None
        article_list = app.screen.query_one(ArticleList)
        every = len(article_list.rows)
        worker = threading.Thread(target=library.set_filter, args=("is:starred",))
        worker.start()
        worker.join(5)
        await ready(pilot)
        assert every and article_list.rows is library.rows and len(article_list.rows) == 0
        assert "filter: is:starred" in str(app.screen.query_one("#filter-bar").render())


async def test_a_mark_set_elsewhere_is_drawn_in_the_list(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        assert app.library is not None
        article_list = app.screen.query_one(ArticleList)
        first = article_list.rows[0].id
        before = article_list.render_line(0).text
        app.library.toggle_star(first)  # as the reader or the palette would
        await pilot.pause()
        assert "★" in article_list.render_line(0).text and "★" not in before
