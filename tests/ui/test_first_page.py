"""The app's first frame from the store's first page (`news.head.json`), the index after it."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import pytest

from tests.ui.conftest import AppFactory, build_store, ready, take_the_store_fix
from tui_news.library import PLACEHOLDER, HeadRows, Library
from tui_news.store import ArticleStore, ListColumns, open_store
from tui_news.store import head as head_module
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.widgets.article_list import ArticleList

HEAD = 5


@pytest.fixture
def head_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UI fixture store (22 articles) with a head of 5 rows a sort."""
    monkeypatch.setattr(head_module, "HEAD_ROWS", HEAD)
    return build_store(tmp_path / "store")


def full_ids(db: Path) -> list[str]:
    return [row.id for row in Library(open_store(db)).rows]


async def test_the_first_frame_comes_from_the_head_and_the_index_follows(
    head_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_mount: list[bool] = []
    original = ListScreen.on_mount

    def on_mount(screen: ListScreen) -> None:
        assert screen.app.library is not None  # type: ignore[attr-defined]
        at_mount.append(screen.app.library.list_loaded)  # type: ignore[attr-defined]
        original(screen)

    monkeypatch.setattr(ListScreen, "on_mount", on_mount)
    app = make_app(head_db)
    async with app.run_test(size=(100, 30)) as pilot:
        first = app.screen.query_one(ArticleList)
        assert isinstance(first.rows, HeadRows)
        first_rows = [first.rows[i].id for i in range(HEAD)]
        await ready(pilot)
        assert at_mount == [False]
        assert app.library is not None and app.library.list_loaded
        rows = app.screen.query_one(ArticleList).rows
        assert not isinstance(rows, HeadRows)
        assert [row.id for row in rows] == full_ids(head_db)
        assert first_rows == [row.id for row in rows[:HEAD]]
        header = str(app.screen.query_one("#list-header").render())
        assert "22 total" in header and "22 unread" in header


async def test_keys_pressed_before_the_index_is_read_see_the_whole_list(
    head_db: Path, make_app: AppFactory
) -> None:
    app = make_app(head_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")  # at once: the worker that reads the index may not have run
        await ready(pilot)
        article_list = app.screen.query_one(ArticleList)
        ids = full_ids(head_db)
        assert article_list.cursor == len(ids) - 1
        assert article_list.current_id == ids[-1]


async def test_rows_past_the_head_are_drawn_without_reading_a_file(
    head_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The index read waits until released; any read on the UI thread (the one drawing the
    # rows, inside `render_line`) fails the test.
    ids = full_ids(head_db)
    ui_thread = threading.current_thread()
    release = threading.Event()
    readers: list[threading.Thread] = []
    read = ArticleStore.columns

    def columns(self: ArticleStore) -> ListColumns:
        readers.append(threading.current_thread())
        if threading.current_thread() is ui_thread:
            raise AssertionError("the index was read on the UI thread")
        release.wait(10)
        return read(self)

    monkeypatch.setattr(ArticleStore, "columns", columns)
    app = make_app(head_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("G")  # to the last row: past the head, not read yet
        await pilot.pause()
        article_list = app.screen.query_one(ArticleList)
        assert isinstance(article_list.rows, HeadRows)
        assert article_list.rows[article_list.cursor] is PLACEHOLDER
        assert app.library is not None and not app.library.list_loaded
        release.set()
        await ready(pilot)
        assert article_list.cursor == len(ids) - 1
        assert article_list.current_id == ids[-1]
    assert readers and ui_thread not in readers


async def test_a_damaged_index_behind_a_current_head_is_offered_the_fix(
    head_db: Path, make_app: AppFactory
) -> None:
    # Bytes changed in place, size and time kept: the head still matches, the index is bad.
    info = os.stat(head_db)
    with open(head_db, "r+b") as f:
        f.write(b"X" * info.st_size)
    os.utime(head_db, ns=(info.st_atime_ns, info.st_mtime_ns))
    app = make_app(head_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await take_the_store_fix(pilot, str(head_db))
        assert app.library is not None and app.library.list_loaded


def test_the_cli_starts_the_app_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tui_news import cli

    seen: list[bool] = []
    monkeypatch.setattr("tui_news.ui.app.run_app", lambda db: seen.append(gc.isenabled()) or 0)
    try:
        assert cli.main(["--db", str(tmp_path / "news.json")]) == 0
    finally:
        gc.enable()
    assert seen == [False]


async def test_the_app_turns_the_collector_back_on_after_its_first_frame(
    head_db: Path, make_app: AppFactory
) -> None:
    app = make_app(head_db)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await ready(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_quitting_tells_the_library_to_stop_its_work(
    head_db: Path, make_app: AppFactory
) -> None:
    # Textual's run waits for its thread workers: reading 100,000 summaries and waiting for
    # the index helper held a quit for ~30 s. The app tells the library as it unmounts.
    app = make_app(head_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        library = app.library
        assert library is not None and not library.closing
    assert library.closing
