"""Worker processes for the heavy lifting (parsing a big load, building the search index).

`spawn`, never `fork`: a forked child would inherit the store's lock, the app's threads and its
terminal state; a spawned one starts clean and is handed only what it needs. A worker's standard
streams go to /dev/null, so nothing it could print ever lands on the app's screen.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor


def spawn_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` spawned processes (raises OSError/ValueError when it cannot be made)."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet)


def _quiet() -> None:
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.close(null)
