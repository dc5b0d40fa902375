"""A load parses only what changed: unchanged files are skipped, touched ones re-read, gone ones reported."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.store import ArticleStore


@pytest.fixture
def folder(tmp_path: Path, write_corpus: Callable[..., dict[str, str]]) -> Path:
    path = tmp_path / "news"
    write_corpus(path, [f"n{i}.txt" for i in range(8)])
    (path / "broken.txt").write_bytes(b"")
    return path


def test_second_load_parses_nothing(folder: Path, db_path: Path) -> None:
    store = ArticleStore(db_path)
    first = store.load([folder])
    assert (first.added, first.files_parsed) == (8, 9)
    index = db_path.read_bytes()
    second = ArticleStore(db_path).load([folder])
    assert second.files_parsed == 0
    assert (second.added, second.updated, second.unchanged) == (0, 0, 8)
    assert not second.changed
    # The bad file is still named, with its reason, without being read again.
    assert [(s.origin.rsplit("/", 1)[-1], s.reason) for s in second.skipped] == [
        ("broken.txt", "empty: no text in this file")
    ]
    assert db_path.read_bytes() == index, "a load that changed nothing rewrote the store"


def test_touched_file_is_parsed_again(folder: Path, db_path: Path) -> None:
    store = ArticleStore(db_path)
    store.load([folder])
    target = folder / "n3.txt"
    target.write_text(target.read_text().replace("A final vote", "A decisive final vote"))
    report = store.load([folder])
    assert (report.files_parsed, report.updated, report.unchanged) == (1, 1, 7)
    article = next(
        store.get(s.id) for s in store.summaries() if s.origin and s.origin.endswith("n3.txt")
    )
    assert article is not None and "decisive" in article.body_text

    # Touched but the same bytes: read and compared, not parsed.
    os.utime(folder / "n4.txt", ns=(1, 1_000_000_000))
    report = store.load([folder])
    assert (report.files_parsed, report.updated, report.unchanged) == (0, 0, 8)
    assert store.load([folder]).files_parsed == 0


def test_removed_file_is_reported(
    folder: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(folder), "--db", str(db_path)]) == 0
    removed = next(s for s in ArticleStore(db_path).summaries() if "n5" in (s.origin or ""))
    (folder / "n5.txt").unlink()
    (folder / "broken.txt").unlink()
    capsys.readouterr()
    assert main(["load", str(folder), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "0 added, 0 updated, 7 unchanged, 2 removed" in out
    assert "(0 files parsed)" in out
    assert f"removed {folder / 'n5.txt'} (the file is gone)" in out
    store = ArticleStore(db_path)
    assert removed.id not in {s.id for s in store.summaries()}
    assert store.get(removed.id) is None


def test_file_outside_the_loaded_folders_is_not_removed(
    tmp_path: Path, folder: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    other = tmp_path / "other"
    write_corpus(other, ["elsewhere.txt"])
    store = ArticleStore(db_path)
    store.load([folder, other])
    report = store.load([folder])
    assert report.removed == []
    assert len(store) == 9


def test_file_that_went_bad_keeps_its_article_and_is_named(folder: Path, db_path: Path) -> None:
    store = ArticleStore(db_path)
    store.load([folder])
    (folder / "n1.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    report = store.load([folder])
    assert ("n1.txt", "not text: looks like a PNG image") in [
        (s.origin.rsplit("/", 1)[-1], s.reason) for s in report.skipped
    ]
    assert len(store) == 8
    again = store.load([folder])
    assert again.files_parsed == 0
    assert len(again.skipped) == 2
