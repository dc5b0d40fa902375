"""The store-problem dialog: a damaged store is rebuilt from the folders it was loaded from, and
only a tui-news store is ever set aside (a folder, a device, a named pipe, a link or another
JSON file at --db is named and left alone; a newer store is refused with its version)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import orjson
import pytest

from tui_news.cli import main
from tui_news.resources import seeds_dir
from tui_news.store import SCHEMA_VERSION, ArticleStore
from tui_news.ui.screens.dialogs import StoreProblemScreen

from .conftest import AppFactory, ready, take_the_store_fix, write_fixture_articles


def _other_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "note.txt").write_text(
        "Ferry Timetable Changes Next Week\n\nThe ferry company said on Monday that the "
        "winter timetable starts next week, with two fewer crossings a day.\n",
        encoding="utf-8",
    )
    return folder


async def test_the_rebuild_loads_again_every_folder_the_store_was_loaded_from(
    tmp_path: Path,
    make_app: AppFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = tmp_path / "store" / "news.json"
    first = write_fixture_articles(tmp_path / "first").parent
    second = _other_folder(tmp_path / "second")
    ArticleStore(db).load([first, second])
    loaded = len(ArticleStore(db))
    db.write_bytes(db.read_bytes()[:60])
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await take_the_store_fix(pilot, str(db))
        assert app.library is not None and app.library.counts().total == loaded
        titles = {row.title for row in app.library.rows}
        assert "Ferry Timetable Changes Next Week" in titles
        assert "Harbour bridge reopens after a year of repairs" in titles
    monkeypatch.setenv("TUI_NEWS_DB", str(db))
    capsys.readouterr()
    assert main(["forget", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["roots"] == [str(first), str(second)]


def _folder(path: Path) -> Path:
    path.mkdir()
    (path / "keep.txt").write_text("mine", encoding="utf-8")
    return path


def _device(path: Path) -> Path:
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # what /dev/null is
    except PermissionError:
        return Path("/dev/null")
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _link(path: Path) -> Path:
    target = path.with_name("elsewhere.txt")
    target.write_text("not a store", encoding="utf-8")
    path.symlink_to(target)
    return path


def _json(path: Path) -> Path:
    path.write_text('{"settings": {"1": {"colour": "blue"}}}', encoding="utf-8")
    return path


def _state_file(path: Path) -> Path:
    path.write_text('{"meta": {"state": {"kind": "tui-news state", "schema": 1}}}')
    return path


NOT_STORES = {
    "folder": (_folder, "a folder"),
    "device": (_device, "a device"),
    "fifo": (_fifo, "a named pipe"),
    "symlink": (_link, "a symbolic link to"),
    "json": (_json, "a JSON file that is not a tui-news store"),
    "state-file": (_state_file, "a JSON file that is not a tui-news store"),
}


def _snapshot(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    names = sorted(os.listdir(path.parent)) if path.parent != Path("/dev") else []
    return (info.st_ino, info.st_mode, info.st_size, names)


@pytest.mark.parametrize("kind", NOT_STORES)
async def test_a_path_that_is_no_store_is_named_and_never_moved(
    kind: str, tmp_path: Path, make_app: AppFactory
) -> None:
    make, what = NOT_STORES[kind]
    db = make(tmp_path / "mynews")
    before = _snapshot(db)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StoreProblemScreen)
        assert f"{db} is {what}" in screen.message
        assert screen.fix_label is None  # only quitting is offered
        await pilot.press("enter")
        await ready(pilot)
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 2
    assert _snapshot(db) == before
    assert not list(db.parent.glob("*.corrupt-*"))


async def test_a_store_a_newer_tui_news_wrote_is_refused_with_its_version(
    tmp_path: Path, make_app: AppFactory
) -> None:
    db = tmp_path / "news.json"
    ArticleStore(db).load([seeds_dir()], bundled_root=seeds_dir())
    data = orjson.loads(db.read_bytes())
    data["meta"]["store"]["schema"] = SCHEMA_VERSION + 5
    db.write_bytes(orjson.dumps(data))
    (db.parent / "news.head.json").unlink()
    before = db.read_bytes()
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StoreProblemScreen)
        assert f"written by a newer tui-news (schema {SCHEMA_VERSION + 5})" in screen.message
        assert "damaged" not in screen.message and screen.fix_label is None
        await pilot.press("enter", "q")
        await pilot.pause()
    assert db.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))
