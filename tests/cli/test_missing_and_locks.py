"""`list` and `search` never make a store; a lock file that cannot be created is said so, not
"busy"; a path that is no store is named and left alone (through `tui_news.cli.main`)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import filelock
import pytest

from tui_news.cli import main
from tui_news.resources import seeds_dir


@pytest.mark.parametrize("command", [["list"], ["search", "harbour"]])
def test_reading_a_store_that_is_not_there_fails_and_makes_none(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "mistyped" / "news.json"
    assert main(["--db", str(db), *command]) == 2
    assert f"no store at {db}" in capsys.readouterr().err
    assert not (tmp_path / "mistyped").exists()


def _refuse_lock_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the kernel does to a user in a read-only folder: creating the lock file fails."""
    real_open = os.open

    def refusing(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if str(path).endswith(".lock"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refusing)


def test_a_lock_file_that_cannot_be_created_is_said_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _refuse_lock_files(monkeypatch)
    assert main(["load", str(seeds_dir())]) == 2
    message = capsys.readouterr().err
    assert f"lock file {db_path}.lock cannot be created (Permission denied" in message
    assert "busy" not in message


def test_a_lock_library_that_times_out_on_a_refused_lock_is_not_busy(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class RetryingLock:  # (filelock's soft fallback retries a refused create until its timeout)
        def __init__(self, path: str, timeout: float) -> None:
            self.path = path

        def acquire(self) -> None:
            raise filelock.Timeout(self.path)

    monkeypatch.setattr(filelock, "FileLock", RetryingLock)
    _refuse_lock_files(monkeypatch)
    assert main(["load", str(seeds_dir())]) == 2
    message = capsys.readouterr().err
    assert "cannot be created" in message and "busy" not in message


@pytest.mark.parametrize("rebuild", [[], ["--rebuild"]])
def test_load_never_writes_a_store_over_a_folder_or_a_fifo(
    rebuild: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "mynews"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for db, what in ((folder, "a folder"), (fifo, "a named pipe")):
        assert main(["--db", str(db), "load", *rebuild, str(seeds_dir())]) == 2
        assert f"{db} is {what}" in capsys.readouterr().err
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(".lock")) == [
        "mynews",
        "pipe",
    ]
