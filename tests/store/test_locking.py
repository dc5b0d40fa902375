"""One writer at a time: a second one waits for the lock, or is told the store is busy."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tui_news.store import ArticleStore, StateStore, StoreBusy
from tui_news.store.atomic import write_lock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from tui_news.store.atomic import write_lock
with write_lock(Path(sys.argv[1]), wait=5):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_in_subprocess(path: Path, seconds: float) -> subprocess.Popen[str]:
    import os

    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(path), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_writer_is_told_the_store_is_busy(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["one.txt"])
    holder = _hold_in_subprocess(db_path, 10)
    try:
        start = time.monotonic()
        with pytest.raises(StoreBusy) as caught:
            ArticleStore(db_path).load([folder], wait=0.3)
        assert time.monotonic() - start < 3
        assert "busy" in caught.value.message and str(db_path) in caught.value.message
        with pytest.raises(StoreBusy):
            ArticleStore(db_path).rebuild([folder], wait=0.2)
        assert not db_path.exists(), "a refused writer wrote anyway"
    finally:
        holder.kill()
        holder.wait()
    # The lock dies with its holder: the next writer gets in.
    assert ArticleStore(db_path).load([folder], wait=2).added == 1


def test_second_writer_waits_for_the_first(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["one.txt", "two.txt"])
    holder = _hold_in_subprocess(db_path, 0.6)
    try:
        start = time.monotonic()
        report = ArticleStore(db_path).load([folder], wait=10)
        waited = time.monotonic() - start
    finally:
        holder.wait()
    assert report.added == 2
    assert waited >= 0.3, f"the load did not wait for the lock ({waited:.2f}s)"


def test_two_threads_never_interleave_their_loads(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    a = write_corpus(tmp_path / "a", [f"a{i}.txt" for i in range(15)], tag="a")
    b = write_corpus(tmp_path / "b", [f"b{i}.txt" for i in range(15)], tag="b")
    errors: list[BaseException] = []

    def load(folder: Path) -> None:
        try:
            ArticleStore(db_path).load([folder], wait=30)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=load, args=(tmp_path / n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    # Each load read the index under the lock, so the second one kept the first one's work.
    assert {s.title for s in ArticleStore(db_path).summaries()} == set(a) | set(b)


def test_state_lock_busy(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tui_news.store.state as state_module

    state = StateStore.beside(db_path)
    lock_ready = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with write_lock(state.path, wait=1):
            lock_ready.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert lock_ready.wait(5)
        real_lock: Any = state_module.write_lock
        monkeypatch.setattr(
            state_module, "write_lock", lambda path, wait: real_lock(path, wait=0.2)
        )
        with pytest.raises(StoreBusy):
            state.mark_read("abc")
        monkeypatch.undo()
    finally:
        release.set()
        holder.join()
    assert not StateStore.beside(db_path).get("abc").read
    assert state.mark_read("abc").read
