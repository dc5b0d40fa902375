"""Worker processes for the heavy lifting (parsing a big load, building the search index).

`fork` only where it is safe and worth it: a process that runs one thread (the `tui-news load`
command; not the app, not a test runner with threads of its own). A forked worker starts with
the parsers already imported, ~0.3 s of CPU each that a spawned one spends importing them (a
10,000-file load: ~7 % of its time). Anywhere else `spawn`: a forked child would inherit the
app's threads (and any lock one of them held) and its terminal state; a spawned one starts clean
and is handed only what it needs. Either way a worker's standard streams go to /dev/null, so
nothing it could print ever lands on the app's screen, and the pool is shut down (its workers
joined) before the load that made it lets go of the store's lock.

A worker also exits as soon as its parent is gone. A load killed with SIGKILL or SIGTERM has no
chance to stop its pool, and a worker waiting for its next task holds the task queue's pipe
open itself (both ends travel with the queue), so it would wait forever: orphans left asleep
until the machine restarts. Each watches the parent's sentinel (`_exit_with_parent`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from concurrent.futures import ProcessPoolExecutor


def start_method() -> str:
    """`fork` when this process runs one thread and the platform has it; else `spawn`."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


#: How much a worker may hand back without waiting for this process to take it.
RESULT_PIPE_BYTES = 1024 * 1024


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes (raises OSError/ValueError when it cannot be made)."""
    context = multiprocessing.get_context(start_method())
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
    widen_result_pipe(pool)
    return pool


def widen_result_pipe(pool: ProcessPoolExecutor) -> bool:
    """Give the pipe the workers' results come back through room for a whole chunk's
    (`RESULT_PIPE_BYTES`; Linux only). Whether it has that room now.

    A loader's chunk of 128 files comes back as ~800 KB. Through the default 64 KB pipe, a
    worker writes it in a dozen rounds, each waiting for this process to read (and so for the
    GIL, which this process's own work holds): ~0.1 s of each worker's time in a 10,000-file
    load spent waiting instead of parsing. The pipe is the pool's (`_result_queue`, unchanged
    since Python 3.8); where it is not there, or the system allows less, nothing changes.
    """
    reader = getattr(getattr(pool, "_result_queue", None), "_reader", None)
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None)
    if reader is None or setpipe is None:
        return False
    try:
        return fcntl.fcntl(reader.fileno(), setpipe, RESULT_PIPE_BYTES) >= RESULT_PIPE_BYTES
    except (OSError, ValueError):
        return False


def _init_worker() -> None:
    _quiet()
    # A forked worker inherits the loader's paused collector and its heap: what it inherited
    # goes out of the collector's sight (a collection would walk, and so copy, those pages) and
    # the collector runs again, as in a spawned worker (each task pauses it while it works).
    gc.freeze()
    gc.enable()
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        watch = threading.Thread(
            target=_exit_with_parent, args=(parent.sentinel,), name="parent-watch", daemon=True
        )
        watch.start()


def _exit_with_parent(sentinel: int) -> None:
    """Wait for the parent's sentinel (readable once it has exited), then go at once."""
    multiprocessing.connection.wait([sentinel])
    os._exit(1)


def _quiet() -> None:
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
