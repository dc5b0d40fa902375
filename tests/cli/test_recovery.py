"""Recovering a damaged store keeps what the user loaded: the folders a store was loaded from
are kept apart from its index, and every rebuild (`load --rebuild`, doctor's fix, the app's, in
tests/ui) loads them again (through `tui_news.cli.main`)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.store import open_store, recover_articles
from tui_news.store.layout import StoreFiles

from .test_forget import _write


@pytest.fixture
def damaged(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store loaded from two folders, whose index is then cut short."""
    _write(tmp_path / "alpha", "alpha", 3)
    _write(tmp_path / "beta", "beta", 2)
    assert main(["load", str(tmp_path / "alpha"), str(tmp_path / "beta")]) == 0
    db_path.write_bytes(db_path.read_bytes()[:40])
    capsys.readouterr()
    return db_path


def _titles(db: Path) -> list[str]:
    return sorted(s.title for s in open_store(db, build_if_missing=False).articles.summaries())


def _forget_list(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["forget", "--json"]) == 0
    return list(json.loads(capsys.readouterr().out)["roots"])


EXPECTED = [*(f"Alpha Story {i}" for i in range(3)), *(f"Beta Story {i}" for i in range(2))]


def test_load_rebuild_loads_again_the_folders_of_a_damaged_store(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--rebuild"]) == 0
    assert _titles(damaged) == EXPECTED
    assert _forget_list(damaged, capsys) == [str(tmp_path / "alpha"), str(tmp_path / "beta")]


def test_a_remembered_folder_that_is_gone_is_reported_not_fatal(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(tmp_path / "beta")
    assert main(["load", "--rebuild"]) == 0
    assert f"skipped {tmp_path / 'beta'}: not there now" in capsys.readouterr().err
    assert _titles(damaged) == EXPECTED[:3]
    # Still remembered: plugging the drive back in and reloading brings it back.
    assert _forget_list(damaged, capsys) == [str(tmp_path / "alpha"), str(tmp_path / "beta")]


def test_the_apps_recovery_loads_the_remembered_folders(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(tmp_path / "beta")
    message = recover_articles(damaged)
    assert "Not found now, so not loaded: " + str(tmp_path / "beta") in message
    assert _titles(damaged) == EXPECTED[:3]
    assert _forget_list(damaged, capsys) == [str(tmp_path / "alpha"), str(tmp_path / "beta")]


def test_doctor_names_the_remembered_folders_in_its_fix(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (index,) = [f for f in report["findings"] if f["check"] == "index"]
    assert (
        f"tui-news load --rebuild --db {damaged} {tmp_path / 'alpha'} {tmp_path / 'beta'}"
        in (index["fix"])
    )
    assert "FOLDER" not in index["fix"]


def test_forget_is_remembered_apart_too(
    damaged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", "--rebuild"]) == 0
    assert main(["forget", str(tmp_path / "beta")]) == 0
    damaged.write_bytes(b"")
    assert main(["load", "--rebuild"]) == 0
    assert _titles(damaged) == EXPECTED[:3]
    assert StoreFiles(damaged).roots.exists()


def test_load_without_a_path_needs_rebuild(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["load"])
    assert exited.value.code == 2
    assert "load needs a PATH" in capsys.readouterr().err
