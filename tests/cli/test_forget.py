"""`tui-news forget`: a folder the store was loaded from, and its articles, leave for good;
everything else stays, marks included (through `tui_news.cli.main`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.store import StateStore, open_store


def _write(folder: Path, stem: str, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{stem}{i}.txt").write_text(
            f"{stem.title()} Story {i}\n\nThe {stem} council met on Monday to agree plan {i}, "
            "after a long debate about the harbour.\n",
            encoding="utf-8",
        )


@pytest.fixture
def two_folders(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    _write(tmp_path / "alpha", "alpha", 3)
    _write(tmp_path / "beta", "beta", 2)
    assert main(["load", str(tmp_path / "alpha"), str(tmp_path / "beta")]) == 0
    capsys.readouterr()
    return db_path


def _titles(db: Path) -> list[str]:
    return sorted(s.title for s in open_store(db, build_if_missing=False).articles.summaries())


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_forget_a_folder(
    two_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = two_folders
    store = open_store(db, build_if_missing=False)
    alpha_ids = [s.id for s in store.articles.summaries() if s.title.startswith("Alpha")]
    StateStore.beside(db).mark_read(alpha_ids[0])

    assert main(["forget", str(tmp_path / "alpha"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["forgotten"] == [str(tmp_path / "alpha")] and report["not_loaded"] == []
    assert report["articles_removed"] == 3 and len(report["files_removed"]) == 3
    assert _titles(db) == ["Beta Story 0", "Beta Story 1"]
    # Listed no more, and a reload (the app's `r`) does not bring them back.
    assert main(["forget"]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "beta")]
    open_store(db, build_if_missing=False).reload(workers=1)
    assert _titles(db) == ["Beta Story 0", "Beta Story 1"]
    # The marks were never touched: loaded again, the article is read again.
    assert StateStore.beside(db).get(alpha_ids[0]).read
    assert main(["load", str(tmp_path / "alpha")]) == 0
    assert len(_titles(db)) == 5
    assert open_store(db, build_if_missing=False).state.get(alpha_ids[0]).read


def test_forget_what_was_not_loaded_changes_nothing(
    two_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _files(two_folders.parent)
    assert main(["forget", str(tmp_path / "alpha" / "elsewhere")]) == 1
    err = capsys.readouterr().err
    assert "the store was not loaded from it" in err
    assert str(tmp_path / "alpha") in err and str(tmp_path / "beta") in err  # what it was
    assert _files(two_folders.parent) == before


def test_forget_a_folder_that_is_gone(
    two_folders: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(tmp_path / "beta")
    assert main(["forget", str(tmp_path / "beta")]) == 0
    assert "2 articles from 2 files removed" in capsys.readouterr().out
    assert _titles(two_folders) == [f"Alpha Story {i}" for i in range(3)]


def test_a_file_another_loaded_folder_holds_stays(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path / "news", "top", 1)
    _write(tmp_path / "news" / "local", "local", 2)
    assert main(["load", str(tmp_path / "news" / "local")]) == 0
    assert main(["load", str(tmp_path / "news")]) == 0
    assert main(["forget", str(tmp_path / "news" / "local")]) == 0
    assert len(_titles(db_path)) == 3  # all still under news/, which is loaded
    assert main(["forget", str(tmp_path / "news")]) == 0
    assert _titles(db_path) == []
