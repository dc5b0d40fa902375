"""`tui-news doctor` names the stray files a failed load left, with their sizes, and
`doctor --fix` deletes exactly those: never a file the store did not name itself."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui_news.cli import main
from tui_news.store import ArticleStore, StateStore
from tui_news.store.strays import file_size

from .conftest import SmallStore


def _doctor(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, Any]:
    code = main(["doctor", "--db", str(db), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _litter(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in report["findings"] if f["check"] == "litter" and f["severity"] != "ok"]


@pytest.fixture
def strays(small_store: SmallStore) -> dict[Path, int]:
    """What a load that ran out of disk (or was killed) before its commit leaves: another
    generation's shards, summaries and sources, and writers' temp files; path -> size."""
    db = small_store.db
    bodies = db.parent / "news.bodies"
    generation = ArticleStore(db).meta()["generation"] + 1
    made = {
        bodies / f"3f-{generation}.json": 40_000,
        bodies / f"a0-{generation}.json": 1_500,
        bodies / f"summaries-{generation}-0.json": 2_000,
        bodies / f"sources-{generation}.json": 300,
        bodies / f".7c-{generation}.json.0123456789ab.tmp": 700,
        db.parent / ".news.json.a1b2c3d4e5f6.tmp": 120,
    }
    for path, size in made.items():
        path.write_bytes(b"x" * size)
    return made


@pytest.fixture
def user_files(small_store: SmallStore) -> dict[Path, bytes]:
    """Files a user put beside the store: nothing of the store's, whatever they look like."""
    bodies = small_store.db.parent / "news.bodies"
    made = {
        bodies / "my-notes.txt": b"mine",
        bodies / "notes.json": b'{"mine": true}',
        bodies / "backup.tmp": b"mine too",
        bodies / ".hidden.tmp": b"and this",
        bodies / "3f-copy.json": b"not a generation name",
        small_store.db.parent / "other.json": b"{}",
        small_store.db.parent / ".other.json.a1b2c3d4e5f6.tmp": b"another app's temp file",
    }
    for path, data in made.items():
        path.write_bytes(data)
    return made


def test_doctor_names_each_stray_with_its_size_and_the_total(
    small_store: SmallStore,
    strays: dict[Path, int],
    user_files: dict[Path, bytes],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, report = _doctor(small_store.db, capsys)
    assert code == 0
    litter = _litter(report)
    assert {f["path"] for f in litter} == {str(p) for p in strays}
    sizes = {"40.0 kB", "1.5 kB", "2.0 kB", "300 bytes", "700 bytes", "120 bytes"}
    assert {m for f in litter for m in sizes if f"takes {m}." in f["message"]} == sizes
    assert all("6 stray files take 44.6 kB in all" in f["message"] for f in litter)
    assert all("tui-news doctor --fix" in f["fix"] for f in litter)
    assert main(["doctor", "--db", str(small_store.db)]) == 0
    text = capsys.readouterr().out
    assert "fix: run `tui-news doctor --fix`" in text
    assert all(str(p) in text for p in strays)
    assert not any(str(p) in text for p in user_files)


def test_doctor_fix_deletes_exactly_the_strays(
    small_store: SmallStore,
    strays: dict[Path, int],
    user_files: dict[Path, bytes],
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = small_store.db
    StateStore.beside(db).set_starred(ArticleStore(db).summaries()[0].id, True)
    store_files = {
        p: p.read_bytes() for p in db.parent.rglob("*") if p.is_file() and p not in strays
    }
    assert main(["doctor", "--db", str(db), "--fix"]) == 0
    out = capsys.readouterr().out
    for path, size in strays.items():
        assert f"deleted {path} ({file_size(size)})" in out
        assert not path.exists()
    assert "deleted 6 stray files (44.6 kB)" in out
    assert "The store is healthy." in out
    # Everything else is as it was: the store's own files and the user's.
    assert {p: p.read_bytes() for p in store_files} == store_files
    assert all(p.read_bytes() == data for p, data in user_files.items())
    # A second doctor finds nothing to do; a second --fix deletes nothing.
    code, report = _doctor(db, capsys)
    assert code == 0 and report["healthy"] and not _litter(report)
    code, report = _doctor(db, capsys, "--fix")
    assert code == 0 and report["fixed"] == {"removed": [], "not_removed": []}
    assert len(ArticleStore(db).summaries()) == 3


def test_doctor_fix_without_an_index_deletes_only_temp_files(
    small_store: SmallStore, strays: dict[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    """With the index unreadable, which generation files it named is not known: they stay."""
    db = small_store.db
    db.write_text("{ not json")
    code, report = _doctor(db, capsys, "--fix")
    removed = {Path(r["path"]) for r in report["fixed"]["removed"]}
    assert removed == {p for p in strays if p.name.endswith(".tmp")}
    assert all(p.exists() for p in strays if p not in removed)
    assert code == 1  # the damaged index is still a problem; --fix does not touch it
    assert db.read_text() == "{ not json"


def test_doctor_fix_on_no_store_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "nowhere" / "news.json"
    main(["doctor", "--db", str(db), "--fix"])
    assert "no stray files to delete" in capsys.readouterr().out
    assert not db.parent.exists()
