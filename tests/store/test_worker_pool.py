"""The loader's worker processes: forked where that is safe, and never outliving a killed load."""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from tui_news import process_pool

from .conftest import ROOT, WriteCorpus

PROC = Path("/proc")


def children_of(pid: int) -> set[int]:
    found: set[int] = set()
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …: comm may hold spaces and parentheses, so split after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_fork_only_with_one_thread() -> None:
    assert process_pool.start_method() == ("fork" if threading.active_count() == 1 else "spawn")
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert process_pool.start_method() == "spawn"  # (the app, or a runner with threads)
    finally:
        stop.set()
        thread.join()


def test_results_come_back_through_a_pipe_with_room_for_a_chunk() -> None:
    """A chunk's results (~800 KB) fit in the pipe: a worker hands them over in one write
    instead of a dozen rounds that each wait for the loading process to read."""
    allowed = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    with process_pool.worker_pool(1) as pool:
        [pipe] = pool.result_pipes()
        size = fcntl.fcntl(pipe, fcntl.F_GETPIPE_SZ)
        if allowed >= process_pool.RESULT_PIPE_BYTES:
            assert size == process_pool.RESULT_PIPE_BYTES
        else:  # the system allows less: the pipe keeps its size, the pool still works
            assert size < process_pool.RESULT_PIPE_BYTES
        assert pool.submit(bytes, 3 * process_pool.RESULT_PIPE_BYTES).result() == bytes(
            3 * process_pool.RESULT_PIPE_BYTES
        )


def test_what_is_no_pipe_is_left_as_it_is(tmp_path: Path) -> None:
    with (tmp_path / "file").open("wb") as handle:
        assert process_pool.widen_pipe(handle.fileno()) is False


def test_results_errors_and_order_come_back_as_from_a_process_pool() -> None:
    with process_pool.worker_pool(2) as pool:
        assert list(pool.map(abs, range(-20, 0))) == list(range(20, 0, -1))
        with pytest.raises(ZeroDivisionError):
            pool.submit(divmod, 1, 0).result(timeout=60)
        with pytest.raises(RuntimeError, match="pickle"):
            pool.submit(threading.Lock).result(timeout=60)  # a value that cannot come back
        assert pool.submit(int, "7").result(timeout=60) == 7  # the worker goes on


def test_a_dead_worker_breaks_the_pool_and_shutdown_joins_every_worker() -> None:
    pool = process_pool.worker_pool(2)
    with pytest.raises(BrokenProcessPool):
        pool.submit(os._exit, 3).result(timeout=60)
    with pytest.raises(BrokenProcessPool):
        pool.submit(int, "1")
    pool.shutdown()
    assert not [p for p in multiprocessing.active_children() if p.name == "tui-news-worker"]


LOAD = textwrap.dedent(
    """
    import sys
    import tui_news.process_pool as process_pool
    process_pool.start_method = lambda: sys.argv[1]
    from tui_news.cli import main
    sys.exit(main(["load", sys.argv[2], "--db", sys.argv[3]]))
    """
)


@pytest.mark.skipif(not PROC.is_dir(), reason="needs /proc to find the worker processes")
@pytest.mark.parametrize("method", ["fork", "spawn"])
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_workers_go_when_the_load_is_killed(
    tmp_path: Path, write_corpus: WriteCorpus, method: str, how: signal.Signals
) -> None:
    # Enough files for a pool (POOL_MIN_FILES) and for it to be busy when the kill comes.
    write_corpus(tmp_path / "in", [f"f{i:04d}.txt" for i in range(3000)])
    load = subprocess.Popen(
        [sys.executable, "-c", LOAD, method, str(tmp_path / "in"), str(tmp_path / "news.json")],
        env={**os.environ, "PYTHONPATH": str(ROOT), "TUI_NEWS_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        workers: set[int] = set()
        deadline = time.monotonic() + 60
        while len(workers) < 2 and load.poll() is None and time.monotonic() < deadline:
            # (spawn also starts a resource tracker: it goes by itself once its pipe closes)
            workers = children_of(load.pid)
            time.sleep(0.01)
        assert len(workers) >= 2 and load.poll() is None, "the load never had its workers"
        load.send_signal(how)
        load.wait(timeout=30)
        deadline = time.monotonic() + 15
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in workers if alive(pid)], "workers outlived the killed load"
    finally:
        if load.poll() is None:
            load.kill()
            load.wait()


COLLECTOR = textwrap.dedent(
    """
    import gc, sys
    import tui_news.process_pool as process_pool
    from tui_news.loader.files import collector_paused

    def state():
        import gc
        return gc.isenabled(), gc.get_freeze_count()

    if __name__ == "__main__":
        process_pool.start_method = lambda: sys.argv[1]
        with collector_paused():  # as Loader.run makes its pool
            pool = process_pool.worker_pool(1)
            enabled, frozen = pool.submit(state).result(timeout=60)
            pool.shutdown()
        print(enabled, frozen > 0, gc.isenabled())
    """
)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_worker_runs_its_collector_whatever_the_loader_paused(
    method: str, tmp_path: Path
) -> None:
    # In a fresh process of one thread (this one may have a test runner's threads).
    script = tmp_path / "collector.py"
    script.write_text(COLLECTOR, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), method],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    enabled, frozen, parent_enabled = done.stdout.split()
    assert enabled == "True" and parent_enabled == "True"
    if method == "fork":
        assert frozen == "True"  # what it inherited is out of the collector's sight
