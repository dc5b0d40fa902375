"""File-system trouble: unreadable files, a folder of 10,000 files, a 50 MB file."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import tui_news.loader.reading as reading_module
from tui_news.cli import main
from tui_news.loader.files import display_path
from tui_news.store import ArticleStore


def test_unreadable_file_is_named_and_retried(
    tmp_path: Path,
    corpus_module: ModuleType,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """chmod 000 does not stop root, so `open` is made to refuse the file instead."""
    folder = tmp_path / "news"
    folder.mkdir()
    locked = folder / "locked.txt"
    locked.write_text(corpus_module.article("Locked Away Story"))
    (folder / "open.txt").write_text(corpus_module.article("Open Story"))
    (folder / "lines.jsonl").write_text('{"title": "Line Story", "body": "Some text here."}\n')
    real_open = reading_module.open_regular

    def refusing_open(source: Any) -> Any:
        if Path(source.path).name in ("locked.txt", "lines.jsonl"):
            raise PermissionError(errno.EACCES, "Permission denied", str(source.path))
        return real_open(source)

    monkeypatch.setattr(reading_module, "open_regular", refusing_open)
    db = tmp_path / "store" / "news.json"
    assert main(["load", str(folder), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert f"skipped {display_path(locked)}: permission denied" in err
    assert f"skipped {display_path(folder / 'lines.jsonl')}: permission denied" in err
    assert {s.title for s in ArticleStore(db).summaries()} == {"Open Story"}

    # Permission problems are not remembered as the file's content: once readable, it loads.
    monkeypatch.undo()
    report = ArticleStore(db).load([folder])
    assert report.added == 2 and report.files_parsed == 2 and not report.skipped


@pytest.mark.slow
def test_ten_thousand_files_in_one_folder(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(10_000):
        (folder / f"n{i:05d}.json").write_text(
            f'{{"title": "Item {i} Of Many", "blocks": ["Short body number {i}."]}}'
        )
    (folder / "bad.json").write_text("{")
    db = tmp_path / "store" / "news.json"
    start = time.monotonic()
    report = ArticleStore(db).load([folder])
    took = time.monotonic() - start
    assert report.added == 10_000
    assert len(report.skipped) == 1 and "not valid JSON" in report.skipped[0].reason
    store = ArticleStore(db)
    assert len(store) == 10_000
    some = store.summaries()[1234]
    article = store.get(some.id)
    assert article is not None and article.body_text.startswith("Short body number")
    again = ArticleStore(db).load([folder])
    assert (again.files_parsed, again.unchanged) == (0, 10_000)
    assert took < 60, f"10,000 files took {took:.1f}s"


def test_fifty_mb_file_is_refused_quickly(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    big = folder / "huge.md"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB of NULs, written in no time
    with open(big, "r+b") as handle:
        handle.write(b"# A Huge Page\n\n")
    start = time.monotonic()
    report = ArticleStore(tmp_path / "store" / "news.json").load([folder])
    assert time.monotonic() - start < 10
    assert [(s.origin, s.reason) for s in report.skipped] == [
        (display_path(big), "too large for this kind of file (over 16 MB)")
    ]
    assert os.path.getsize(big) == 50 * 1024 * 1024
