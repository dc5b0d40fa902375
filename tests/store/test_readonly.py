"""A store that cannot be written opens read-only: everything can be read, nothing is written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui_news.store import StoreWriteError, open_store
from tui_news.store.storage import is_readonly


def _snapshot_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def loaded(tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]) -> Path:
    folder = tmp_path / "news"
    write_corpus(folder, ["one.txt", "two.txt", "three.txt"])
    store = open_store(db_path, build_if_missing=False)
    store.articles.load([folder])
    store.state.mark_read(store.articles.summaries()[0].id)
    return folder


def test_readonly_store_opens_and_reads(loaded: Path, db_path: Path) -> None:
    before = _snapshot_tree(db_path.parent)
    store = open_store(db_path, readonly=True)
    assert store.readonly
    summaries = store.articles.summaries()
    assert len(summaries) == 3
    for summary in summaries:
        article = store.articles.get(summary.id)
        assert article is not None and "committee reviewed" in article.body_text
    assert sum(1 for s in summaries if store.state.get(s.id).read) == 1
    # Marks still work in memory, so the app can be used; they are not saved.
    changed = store.state.toggle_star(summaries[1].id)
    assert changed.starred and store.state.get(summaries[1].id).starred
    with pytest.raises(StoreWriteError, match="read-only"):
        store.articles.load([loaded])
    with pytest.raises(StoreWriteError, match="read-only"):
        store.articles.rebuild([loaded])
    assert _snapshot_tree(db_path.parent) == before


def test_unwritable_store_is_detected(
    loaded: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui_news.store as store_package

    def no_write(path: Any, mode: int, **kwargs: Any) -> bool:
        return mode != os.W_OK

    monkeypatch.setattr(store_package.os, "access", no_write)
    store = open_store(db_path)
    assert store.readonly
    assert any("cannot be written" in n for n in store.notices)
    assert len(store.articles.summaries()) == 3


@pytest.mark.parametrize("writable", [set(), {"parent"}, {"file"}, {"file", "parent"}])
def test_is_readonly_needs_file_and_folder(
    db_path: Path, loaded: Path, monkeypatch: pytest.MonkeyPatch, writable: set[str]
) -> None:
    import tui_news.store as store_package

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        which = "file" if Path(path) == db_path else "parent"
        return which in writable

    monkeypatch.setattr(store_package.os, "access", access)
    assert is_readonly(db_path) is (writable != {"file", "parent"})


def test_missing_store_in_unwritable_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui_news.store as store_package

    target = tmp_path / "ro" / "deeper" / "news.json"
    (tmp_path / "ro").mkdir()
    seen: list[Path] = []

    def access(path: Any, mode: int, **kwargs: Any) -> bool:
        seen.append(Path(path))
        return Path(path) != tmp_path / "ro"

    monkeypatch.setattr(store_package.os, "access", access)
    assert is_readonly(target)
    assert seen == [tmp_path / "ro"]
    store = open_store(target)
    assert store.readonly and len(store.articles) == 0
    assert not (tmp_path / "ro" / "deeper").exists()
