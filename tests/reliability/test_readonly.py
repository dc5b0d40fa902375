"""A store that cannot be written: the app says marks won't be saved, and reading still works.

Tests run as root, which chmod does not stop, so the store is declared read-only the way
`open_store` finds out (`tui_news.store._is_readonly`). Nothing in the store folder may change.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

import tui_news.store as store_package
from tui_news.config import Config
from tui_news.store import ArticleStore, StateStore
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.widgets.article_body import ArticleBody
from tui_news.ui.widgets.article_list import ArticleList

from .conftest import SmallStore

NOW = datetime(2025, 7, 1, 9, 0, tzinfo=UTC)


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


async def settle(pilot: Pilot[Any]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def notices(app: TuiNewsApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_readonly_store_reads_and_stars_in_memory(
    small_store: SmallStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    ids = [s.id for s in ArticleStore(small_store.db).summaries()]
    StateStore.beside(small_store.db).mark_read(ids[0])  # a mark saved before, to be shown
    before = tree(small_store.db.parent)
    monkeypatch.setattr(store_package, "_is_readonly", lambda path: True)

    app = TuiNewsApp(small_store.db, config=Config(), clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.library is not None and app.library.store.readonly
        said = [n for n in notices(app) if "cannot be written" in n]
        assert said and "marks will not be saved" in said[0], notices(app)
        assert str(small_store.db) in said[0]
        assert app.library.state(ids[0]).read  # marks saved earlier are still shown

        # Open and read an article.
        rows = app.screen.query_one(ArticleList).rows
        target = rows[0].id
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.article_id == target
        body = screen.query_one(ArticleBody)
        drawn = " ".join(
            "".join(s.text for s in body.render_line(y)) for y in range(body.size.height)
        )
        assert rows[0].title in drawn and "Paragraph 3 about" in drawn
        await pilot.press("space", "space")
        await settle(pilot)

        # Star it: it shows as starred, in memory only, and no "not saved" error pops up.
        await pilot.press("s")
        await settle(pilot)
        assert app.library.state(target).starred and app.library.state(target).read
        header = str(screen.query_one("#reader-header").render())
        assert "★ starred" in header
        assert not [n for n in notices(app) if "Not saved" in n or "could not" in n.lower()]

        # Back in the list the star is there; a reload is refused with a message, no crash.
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        await pilot.press("r")
        await settle(pilot)
        assert any("read-only" in n for n in notices(app)), notices(app)
        assert app.library.state(target).starred

    # Nothing was written: same files, same bytes, same times; no lock file, no backup.
    assert tree(small_store.db.parent) == before
    assert not StateStore.beside(small_store.db).get(target).starred
