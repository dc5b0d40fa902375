"""The app's search index built by a helper process equals the one built in-process, and a
helper that cannot do its job only costs time: the index is then built in-process."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui_news.library.index as library_module
from tui_news.library import Library
from tui_news.search import parse_query
from tui_news.search.worker import PostingsBuild
from tui_news.store import ArticleStore, open_store

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


def test_helper_index_equals_in_process_index(tmp_path: Path, helped: list[int]) -> None:
    db = _store(tmp_path, 12)
    here = Library(open_store(db))
    here.build_index(helper=False)
    helped.clear()
    with_helper = Library(open_store(db))
    with_helper.build_index()
    assert helped  # the helper ran
    assert _answers(with_helper) == _answers(here)
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


def test_a_quitting_app_does_not_wait_for_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Library.close` (the app quitting): the build stops at its next step, the helper is
    killed and its folder removed, and nothing is built in-process instead."""
    import time

    import tui_news.search.engine as engine
    from tui_news.store import Stopped

    db = _store(tmp_path, 6)
    monkeypatch.setattr(library_module, "INDEX_HELPER_MIN", 1)
    builds: list[PostingsBuild] = []
    real_start = PostingsBuild.start

    def slow_start(db: Path, generation: int) -> PostingsBuild:
        build = real_start(db, generation)
        builds.append(build)
        library.close()  # the user quits while the helper works
        return build

    monkeypatch.setattr(PostingsBuild, "start", staticmethod(slow_start))
    monkeypatch.setattr(engine, "SearchIndex", None)  # building it here would fail the test
    library = Library(open_store(db))
    started = time.monotonic()
    with pytest.raises(Stopped):
        library.build_index()
    assert time.monotonic() - started < 5
    assert library.closing
    assert builds and not builds[0]._out.exists()
    process = builds[0]._process
    assert process is not None and process.poll() is not None


def test_a_helper_result_stops_when_asked(tmp_path: Path) -> None:
    import sys
    import time

    sleeper = __import__("subprocess").Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    build = PostingsBuild(sleeper, tmp_path / "out", 1)
    (tmp_path / "out").mkdir()
    asked = time.monotonic()
    assert build.result(stop=lambda: time.monotonic() - asked > 0.3) is None
    assert time.monotonic() - asked < 3 and sleeper.poll() is not None
    build.close()
    assert not (tmp_path / "out").exists()


def test_reading_the_summaries_stops_when_asked(tmp_path: Path) -> None:
    from tui_news.store import Stopped

    db = _store(tmp_path, 3)
    assert len(ArticleStore(db).summaries(stop=lambda: False)) == 3
    with pytest.raises(Stopped):
        ArticleStore(db).summaries(stop=lambda: True)
