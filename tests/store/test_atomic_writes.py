"""Every write is temp file + fsync + rename: a failure or a crash at any step keeps the old store."""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tui_news.cli import main
from tui_news.store import ArticleStore, StateStore, StoreWriteError
from tui_news.store import atomic as storage_module
from tui_news.store import commit as commit_module


def _loaded(tmp_path: Path, db: Path, write_corpus: Callable[..., dict[str, str]]) -> Path:
    folder = tmp_path / "news"
    write_corpus(folder, ["alpha.txt", "beta.txt", "gamma.txt"], tag="a")
    ArticleStore(db).load([folder])
    return folder


def _contents(db: Path) -> dict[str, str]:
    store = ArticleStore(db)
    out = {}
    for summary in store.summaries():
        article = store.get(summary.id)
        assert article is not None
        out[summary.title] = article.body_text
    return out


def _litter(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.rglob("*.tmp"))


def _change(folder: Path, write_corpus: Callable[..., dict[str, str]]) -> None:
    write_corpus(folder, ["alpha.txt", "delta.txt"], tag="b")
    (folder / "gamma.txt").unlink()


def _fill_disk_after(monkeypatch: pytest.MonkeyPatch, files: int) -> dict[str, int]:
    """The store's writes see a full disk after `files` files: the next write puts half its
    bytes down and fails with ENOSPC. The count of writes tried."""
    real_fdopen = os.fdopen
    writes = {"n": 0}

    class FullDisk:
        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            writes["n"] += 1
            if writes["n"] > files:
                self.handle.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            return int(self.handle.write(data))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

    monkeypatch.setattr(
        storage_module.os, "fdopen", lambda fd, mode="r": FullDisk(real_fdopen(fd, mode))
    )
    return writes


def test_failed_rename_keeps_old_store(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = _loaded(tmp_path, db_path, write_corpus)
    before = _contents(db_path)
    index_before = db_path.read_bytes()
    _change(folder, write_corpus)
    real_replace = os.replace

    def failing_replace(src: Any, dst: Any) -> None:
        if Path(dst) == db_path:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(StoreWriteError) as caught:
        ArticleStore(db_path).load([folder])
    assert "the previous version is kept" in caught.value.message
    assert str(db_path) in caught.value.message
    monkeypatch.setattr(os, "replace", real_replace)

    assert db_path.read_bytes() == index_before
    assert _contents(db_path) == before
    assert not [n for n in _litter(db_path) if n.startswith(".news.json.")]
    # And the next load that can write does the whole change.
    report = ArticleStore(db_path).load([folder])
    assert (report.added, report.updated, len(report.removed)) == (1, 1, 1)


def test_disk_full_mid_save_is_a_clear_error(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = _loaded(tmp_path, db_path, write_corpus)
    before = _contents(db_path)
    _change(folder, write_corpus)
    writes = _fill_disk_after(monkeypatch, 1)
    assert main(["load", str(folder), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert "No space left on device" in err
    assert "the previous version is kept" in err
    monkeypatch.undo()
    assert writes["n"] >= 2
    assert _contents(db_path) == before
    assert _litter(db_path) == []


def test_enospc_on_state_save_keeps_marks_file(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("aaaa")
    saved = state.path.read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(StoreWriteError, match="No space left on device"):
        state.set_starred("bbbb", True)
    monkeypatch.undo()
    assert state.path.read_bytes() == saved
    assert StateStore.beside(db_path).get("aaaa").read
    assert not StateStore.beside(db_path).get("bbbb").starred
    assert _litter(db_path) == []


def _unnamed_files(db: Path) -> list[str]:
    """The files in the bodies folder that the index does not name (and no kept search index)."""
    meta = ArticleStore(db).meta()
    named = {*meta["shards"].values(), *meta["summaries"], meta["sources"]}
    return sorted(p.name for p in (db.parent / "news.bodies").iterdir() if p.name not in named)


def test_disk_full_load_removes_every_file_it_wrote(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A load that runs out of disk part-way through its commit (some shards written, the
    rest not) leaves the last good store and nothing of its own: no shard, summaries, sources
    or temp file to keep the disk full."""
    folder = tmp_path / "news"
    write_corpus(folder, [f"n{i}.txt" for i in range(30)], tag="a")
    ArticleStore(db_path).load([folder])
    before = _contents(db_path)
    write_corpus(folder, [f"n{i}.txt" for i in range(30)], tag="b")  # every shard changes
    writes = _fill_disk_after(monkeypatch, 5)
    assert main(["load", str(folder), "--db", str(db_path)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    monkeypatch.undo()
    assert writes["n"] >= 6
    assert _unnamed_files(db_path) == []
    assert _litter(db_path) == []
    assert _contents(db_path) == before
    assert main(["list", "--db", str(db_path), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 30
    assert main(["doctor", "--db", str(db_path)]) == 0
    assert "The store is healthy." in capsys.readouterr().out


@pytest.mark.parametrize("failing", ["index", "columns"])
def test_any_failed_commit_removes_what_it_wrote(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
) -> None:
    """Not only a full disk: any exception before the commit point (here a bug while the
    index is written, or while the list is worked out) removes the new generation's files."""
    folder = _loaded(tmp_path, db_path, write_corpus)
    before = _contents(db_path)
    _change(folder, write_corpus)

    class Boom(Exception):
        pass

    if failing == "index":
        real_write = commit_module.write_json_file

        def write_json_file(path: Path, *args: Any, **kwargs: Any) -> None:
            if path == db_path:
                raise Boom
            real_write(path, *args, **kwargs)

        monkeypatch.setattr(commit_module, "write_json_file", write_json_file)
    else:

        def list_columns_of(rows: Any) -> Any:
            raise Boom

        monkeypatch.setattr(commit_module, "list_columns_of", list_columns_of)
    with pytest.raises(Boom):
        ArticleStore(db_path).load([folder])
    monkeypatch.undo()
    assert _unnamed_files(db_path) == []
    assert _litter(db_path) == []
    assert _contents(db_path) == before
    report = ArticleStore(db_path).load([folder])
    assert (report.added, report.updated, len(report.removed)) == (1, 1, 1)


KILL_AT_RENAME = """
import os, signal, sys
from pathlib import Path
from tui_news.store import ArticleStore
db, folder = Path(sys.argv[1]), Path(sys.argv[2])
real = os.replace
def replace(src, dst):
    if Path(dst) == db:
        os.kill(os.getpid(), signal.SIGKILL)  # written and fsynced, not yet renamed
    real(src, dst)
os.replace = replace
ArticleStore(db).load([folder])
"""


def test_kill_between_write_and_rename_keeps_old_store(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    run_python: Callable[..., Any],
) -> None:
    folder = _loaded(tmp_path, db_path, write_corpus)
    before = _contents(db_path)
    _change(folder, write_corpus)
    done = run_python(KILL_AT_RENAME, str(db_path), str(folder))
    assert done.returncode == -9, done.stderr
    assert [n for n in _litter(db_path) if n.startswith(".news.json.")], "no temp file was left"
    assert _contents(db_path) == before
    # The next load clears the temp file the killed one left, and commits the change.
    ArticleStore(db_path).load([folder])
    assert _litter(db_path) == []
    assert "Report Delta B Reaches The Council" in _contents(db_path)


def test_unsavable_names_are_a_store_error_not_a_crash(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    """A file name that is not UTF-8 (possible on Linux) is stored escaped, and loads again."""
    folder = tmp_path / "news"
    write_corpus(folder, ["plain.txt"])
    latin = os.fsdecode(b"caf\xe9 \x1b[31mred.txt")
    (folder / "plain.txt").rename(folder / latin)
    store = ArticleStore(db_path)
    report = store.load([folder])
    assert report.added == 1 and not report.skipped
    again = ArticleStore(db_path).load([folder])
    assert (again.unchanged, again.files_parsed) == (1, 0)
    (folder / latin).unlink()
    gone = ArticleStore(db_path).load([folder])
    assert gone.removed == [str(folder / "caf\\udce9 \\x1b[31mred.txt")]
    raw = db_path.read_bytes()
    assert b"\x1b" not in raw and b"\\u001b" not in raw


def test_writes_from_many_threads_keep_the_umask_and_modes(tmp_path: Path) -> None:
    """A commit writes its body shards from many threads at once. The process-wide umask is
    never touched to learn a new file's mode (read-and-restore from two threads can leave it
    at 0, and every later file world-writable), and each new file gets the usual mode."""
    original = os.umask(0o027)
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads change places between almost every two bytecodes
    try:

        def write_many(k: int) -> None:
            for n in range(40):
                storage_module.write_atomic(tmp_path / f"f{k}-{n}.json", b"{}", sync_dir=False)

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(write_many, range(16)))
        assert os.umask(0o027) == 0o027, "the umask was changed by the writes"
    finally:
        sys.setswitchinterval(switch)
        os.umask(original)
    modes = {p.stat().st_mode & 0o777 for p in tmp_path.glob("*.json")}
    assert modes == {0o640}


def test_a_rewrite_keeps_the_files_own_mode(tmp_path: Path) -> None:
    path = tmp_path / "news.state.json"
    storage_module.write_atomic(path, b"{}")
    path.chmod(0o600)  # the user keeps their marks private
    storage_module.write_atomic(path, b'{"a": 1}')
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() == b'{"a": 1}'
