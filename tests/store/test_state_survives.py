"""User state is kept apart from article data: rebuilds and reloads never touch it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.store import ArticleStore, StateStore, open_store


def _ids_by_title(store: ArticleStore) -> dict[str, str]:
    return {s.title: s.id for s in store.summaries()}


def test_marks_survive_rebuild_and_reload(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, [f"s{i}.txt" for i in range(6)])
    store = ArticleStore(db_path)
    store.load([folder])
    before = _ids_by_title(store)
    state = StateStore.beside(db_path)
    first, second, third = sorted(before.values())[:3]
    state.mark_read(first)
    state.set_starred(second, True)
    state.set_position(third, 42)
    state_bytes = state.path.read_bytes()

    report = ArticleStore(db_path).rebuild([folder])
    assert report.added == 6
    assert state.path.read_bytes() == state_bytes, "a rebuild wrote to the state file"
    rebuilt = ArticleStore(db_path)
    assert _ids_by_title(rebuilt) == before, "ids changed across a rebuild"

    # A reload after the files changed (touched and rewritten) keeps the same ids too.
    for path in folder.iterdir():
        path.write_text(path.read_text() + "\nOne more closing sentence was added today.\n")
    report = rebuilt.load([folder])
    assert report.updated == 6 and report.added == 0
    assert _ids_by_title(ArticleStore(db_path)) == before

    fresh = StateStore.beside(db_path)
    assert fresh.get(first).read
    assert fresh.get(second).starred
    assert fresh.get(third).position == 42
    assert not fresh.get(sorted(before.values())[3]).read


def test_cli_rebuild_keeps_marks(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["one.txt", "two.txt", "three.txt"])
    assert main(["load", str(folder), "--db", str(db_path)]) == 0
    store = open_store(db_path, build_if_missing=False)
    target = store.articles.summaries()[0].id
    store.state.set_starred(target, True)
    store.state.mark_read(target)
    capsys.readouterr()

    assert main(["load", "--rebuild", str(folder), "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 added")
    assert main(["list", "--json", "--starred", "--db", str(db_path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["read"], r["starred"]) for r in rows] == [(target, True, True)]


def test_state_waits_for_a_missing_article(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    """A mark whose file went away is kept, and applies again when the file comes back."""
    folder = tmp_path / "news"
    write_corpus(folder, ["keep.txt", "gone.txt"])
    store = ArticleStore(db_path)
    store.load([folder])
    gone_id = next(s.id for s in store.summaries() if "Gone" in s.title)
    StateStore.beside(db_path).set_starred(gone_id, True)
    text = (folder / "gone.txt").read_bytes()
    os.unlink(folder / "gone.txt")
    report = store.load([folder])
    assert len(report.removed) == 1
    assert gone_id not in {s.id for s in store.summaries()}
    (folder / "gone.txt").write_bytes(text)
    store.load([folder])
    assert gone_id in {s.id for s in store.summaries()}
    assert StateStore.beside(db_path).get(gone_id).starred
