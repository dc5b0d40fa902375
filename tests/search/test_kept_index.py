"""The word index a helper built is kept beside the store (search/worker.py): the next start
maps it instead of building it again, a damaged or stale one is never used, and the load
that commits a new generation removes it."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import numpy as np
import orjson
import pytest

import tui_news.search.engine as engine
from tui_news.cli import main
from tui_news.library import Library
from tui_news.search import parse_query
from tui_news.search.engine import Postings, build_postings
from tui_news.search.worker import copy_postings_into, kept_names, kept_postings, write_postings
from tui_news.store import ArticleStore, open_store

from .test_index_helper import QUERIES, _store


def _generation(db: Path) -> int:
    generation = ArticleStore(db).meta()["generation"]
    assert isinstance(generation, int)
    return generation


def _bodies(db: Path) -> Path:
    return ArticleStore(db).bodies_dir


def keep(postings: Postings, folder: Path, generation: int) -> bool:
    """Keep `postings` as the app does with a helper's (written by it, then copied)."""
    with tempfile.TemporaryDirectory() as out:
        write_postings(postings, Path(out), generation)
        return copy_postings_into(Path(out), folder, generation)


def _same(a: Postings, b: Postings) -> bool:
    return (
        a.vocab == b.vocab
        and a.articles == b.articles
        and all(
            np.array_equal(getattr(a, name), getattr(b, name))
            for name in ("docs", "fields", "offsets")
        )
    )


def _answers(library: Library) -> list[list[str]]:
    index = library.build_index()
    return [[h.id for h in index.search(parse_query(q), {}, limit=20)] for q in QUERIES]


def test_kept_postings_read_back_as_written(tmp_path: Path) -> None:
    db = _store(tmp_path, 8)
    postings = build_postings(ArticleStore(db).summaries())
    assert keep(postings, tmp_path, 3)
    assert sorted(p.name for p in tmp_path.glob("index-*")) == sorted(kept_names(3))
    again = kept_postings(tmp_path, 3)
    assert again is not None and _same(again, postings)
    assert kept_postings(tmp_path, 4) is None  # another generation's: none kept
    assert not list(tmp_path.glob("*.tmp"))


def _npy(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=False)
    return buffer.getvalue()


DAMAGE = {
    "truncated docs": lambda p: ("docs.npy", _npy(p.docs)[:-9]),
    "a document out of range": lambda p: (
        "docs.npy",
        _npy(np.where(np.arange(len(p.docs)) == 0, p.articles, p.docs).astype(np.int32)),
    ),
    "a field out of range": lambda p: ("fields.npy", _npy(np.full_like(p.fields, 42))),
    "offsets of another type": lambda p: ("offsets.npy", _npy(p.offsets.astype(np.int32))),
    "offsets going back": lambda p: ("offsets.npy", _npy(p.offsets[::-1].copy())),
    "garbage vocabulary": lambda p: ("vocab.json", b'{"vocab": [1, 2'),
    "an unsorted vocabulary": lambda p: (
        "vocab.json",
        orjson.dumps({"vocab": p.vocab[::-1], "articles": p.articles, "generation": 1}),
    ),
    "another generation's vocabulary": lambda p: (
        "vocab.json",
        orjson.dumps({"vocab": p.vocab, "articles": p.articles, "generation": 2}),
    ),
    "pickled docs": lambda p: ("docs.npy", b"\x80\x04K\x01."),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_kept_index_is_not_used(tmp_path: Path, damage: str) -> None:
    db = _store(tmp_path, 8)
    postings = build_postings(ArticleStore(db).summaries())
    assert keep(postings, tmp_path, 1)
    part, payload = DAMAGE[damage](postings)
    (tmp_path / f"index-1.{part}").write_bytes(payload)
    assert kept_postings(tmp_path, 1) is None


def test_the_next_start_maps_the_kept_index(
    tmp_path: Path, helped: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _store(tmp_path, 12)
    first = _answers(Library(open_store(db)))
    assert helped == [_generation(db)]
    assert sorted(p.name for p in _bodies(db).glob("index-*")) == sorted(
        kept_names(_generation(db))
    )
    # The next start: no helper, nothing built here, the same answers.
    monkeypatch.setattr(engine, "build_postings", None)
    assert _answers(Library(open_store(db))) == first
    assert helped == [_generation(db)]
    assert any(first)


def test_a_damaged_kept_index_is_built_again_and_replaced(
    tmp_path: Path, helped: list[int]
) -> None:
    db = _store(tmp_path, 12)
    first = _answers(Library(open_store(db)))
    docs = _bodies(db) / kept_names(_generation(db))[0]
    docs.write_bytes(docs.read_bytes()[:-40])
    assert _answers(Library(open_store(db))) == first
    assert len(helped) == 2  # built by the helper again
    assert kept_postings(_bodies(db), _generation(db)) is not None  # and kept whole


def test_a_read_only_store_keeps_nothing(tmp_path: Path, helped: list[int]) -> None:
    db = _store(tmp_path, 6)
    library = Library(open_store(db, readonly=True))
    assert len(library.build_index()) == 6
    assert helped and not list(_bodies(db).glob("index-*"))


def test_a_load_removes_the_kept_index_and_never_reuses_its_generation(
    tmp_path: Path, helped: list[int]
) -> None:
    db = _store(tmp_path, 6)
    _answers(Library(open_store(db)))
    kept = list(_bodies(db).glob("index-*"))
    assert len(kept) == 4
    # One kept by an app that was open during a later load, for a generation not committed yet.
    for path in kept:
        path.with_name(path.name.replace(f"index-{_generation(db)}.", "index-7.")).write_bytes(
            path.read_bytes()
        )
    (tmp_path / "news" / "extra.txt").write_text(
        "One More Report\n\nThe council met again on Wednesday to agree the report.\n",
        encoding="utf-8",
    )
    ArticleStore(db).load([tmp_path / "news"], workers=1)
    assert _generation(db) == 8  # past the kept index's 7: its files can never pass for this one
    assert not list(_bodies(db).glob("index-*"))
    assert len(_answers(Library(open_store(db)))[0]) == 7


def test_cli_search_uses_the_kept_index(
    tmp_path: Path,
    helped: list[int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _store(tmp_path, 12)
    assert main(["search", "council", "--db", str(db), "--json"]) == 0
    built_here = capsys.readouterr().out
    _answers(Library(open_store(db)))  # the app's first start keeps its index
    monkeypatch.setattr(engine, "build_postings", None)  # building one now would fail
    assert main(["search", "council", "--db", str(db), "--json"]) == 0
    assert capsys.readouterr().out == built_here
