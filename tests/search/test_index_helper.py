"""The app's search index built by a helper process equals the one built in-process, and a
helper that cannot do its job only costs time: the index is then built in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui_news.ui.library as library_module
from tui_news.search import parse_query
from tui_news.search.worker import PostingsBuild
from tui_news.store import ArticleStore, open_store
from tui_news.ui.library import Library

QUERIES = ["council", "repor", "commitee", "tag:nothing council", "report 3"]


def _store(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for i in range(count):
        (folder / f"n{i:02d}.txt").write_text(
            f"Report {i} Reaches The Council\n\nThe committee reviewed report {i} on Tuesday "
            "and agreed to publish it in full, the council said.\n\nA vote is expected soon.\n",
            encoding="utf-8",
        )
    db = tmp_path / "news.json"
    ArticleStore(db).load([folder], workers=1)
    return db


def _answers(library: Library) -> list[list[str]]:
    index = library.index
    return [[h.id for h in index.search(parse_query(q), {}, limit=20)] for q in QUERIES]


def test_helper_index_equals_in_process_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store(tmp_path, 12)
    here = Library(open_store(db))
    here.build_index(helper=False)
    started: list[int] = []
    real_start = PostingsBuild.start

    def start(db: Path, generation: int) -> PostingsBuild:
        started.append(generation)
        return real_start(db, generation)

    monkeypatch.setattr(library_module, "INDEX_HELPER_MIN", 1)
    monkeypatch.setattr(PostingsBuild, "start", staticmethod(start))
    helped = Library(open_store(db))
    helped.build_index()
    assert started  # the helper ran
    assert _answers(helped) == _answers(here)
    assert any(_answers(here))
    assert not list(Path(tmp_path).glob("tui-news-index-*"))


def test_a_failing_helper_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = _store(tmp_path, 6)
    monkeypatch.setattr(library_module, "INDEX_HELPER_MIN", 1)
    # A generation the store does not have: the helper refuses (the store "changed").
    real_start = PostingsBuild.start
    monkeypatch.setattr(PostingsBuild, "start", staticmethod(lambda d, g: real_start(d, g + 99)))
    library = Library(open_store(db))
    assert _answers(library) == _answers(Library(open_store(db)))
    assert len(library.index) == 6
