"""Reading ahead from the list: moving the cursor has the article's body shard parsed."""

from __future__ import annotations

from pathlib import Path

from tests.library.conftest import wait_for
from tui_news.store.layout import shard_of
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.widgets.article_list import ArticleList


async def test_moving_the_list_cursor_reads_ahead(ui_db: Path, make_app: object) -> None:
    app: TuiNewsApp = make_app(ui_db)  # type: ignore[operator]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("j", "j")
        await pilot.pause()
        assert app.library is not None
        article_list = app.screen.query_one(ArticleList)
        current = article_list.current_id
        assert current is not None
        store = app.library.store.articles
        shard = store.meta()["shards"][shard_of(current)]
        assert wait_for(lambda: shard in store._shard_cache)
