"""Worker processes for the heavy lifting (parsing a big load): `worker_pool(n)`, an `Executor`.

`fork` only where it is safe and worth it: a process that runs one thread (the `tui-news load`
command; not the app, not a test runner with threads of its own), so that a worker starts with
the parsers already imported. Anywhere else `spawn`: a forked child would inherit the app's
threads (and any lock one of them held) and its terminal state; a spawned one starts clean and
is handed only what it needs. Every worker is started when the pool is made, before the pool's
own thread, so a fork never copies that thread either.

Each worker has a pipe of its own for its tasks and one for its results, made with
`multiprocessing.Pipe`; the results pipe is widened (`RESULT_PIPE_BYTES`) so that a worker
hands back a chunk's results in one write instead of waiting, round after round, for this
process to read. A worker's standard streams go to /dev/null, so nothing it could print ever
lands on the app's screen. The pool is shut down (its workers joined) before the load that made
it lets go of the store's lock; a worker that dies breaks the pool (`BrokenProcessPool`), as a
`ProcessPoolExecutor`'s does, and the caller goes on without it.

A worker also exits as soon as its parent is gone: a load killed with SIGKILL or SIGTERM has no
chance to stop its pool, and a forked worker holds copies of the pool's pipes, so it would wait
for its next task forever. Each watches the parent's sentinel (`_exit_with_parent`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import multiprocessing
import multiprocessing.connection
import os
import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

#: How much a worker may hand back without waiting for this process to take it.
RESULT_PIPE_BYTES = 1024 * 1024

Task = tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]


def start_method() -> str:
    """`fork` when this process runs one thread and the platform has it; else `spawn`."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def worker_pool(workers: int) -> WorkerPool:
    """A pool of `workers` processes, all started now (OSError/ValueError when it cannot be)."""
    if workers < 1:
        raise ValueError("a pool needs a worker")
    return WorkerPool(workers, multiprocessing.get_context(start_method()))


def widen_pipe(fd: int, size: int = RESULT_PIPE_BYTES) -> bool:
    """Give the pipe `fd` room for `size` bytes (Linux only); whether it has that room now.
    Where the system allows less, or `fd` is no pipe, nothing changes."""
    setpipe = getattr(fcntl, "F_SETPIPE_SZ", None)
    if setpipe is None:
        return False
    try:
        return fcntl.fcntl(fd, setpipe, size) >= size
    except OSError:
        return False


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    tasks: Connection
    results: Connection
    #: The task it runs now, if any.
    running: Future[Any] | None = field(default=None)


class WorkerPool(Executor):
    """Processes that run one task at a time each, handed out in the order submitted. A thread
    of this process hands out tasks and takes results (`_serve`)."""

    def __init__(self, workers: int, context: Any) -> None:
        self._lock = threading.Lock()
        self._pending: deque[tuple[Future[Any], Task]] = deque()
        self._closing = False
        self._broken = False
        self._workers: list[_Worker] = []
        self._wake_reader, self._wake = multiprocessing.Pipe(duplex=False)
        try:
            for _ in range(workers):
                self._workers.append(_start_worker(context))
        except BaseException:
            self._stop_workers(kill=True)
            raise
        self._thread = threading.Thread(target=self._serve, name="worker-pool", daemon=True)
        self._thread.start()

    def result_pipes(self) -> list[int]:
        """The file descriptors the workers' results come back through (one per worker)."""
        return [worker.results.fileno() for worker in self._workers]

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._lock:
            if self._broken:
                raise BrokenProcessPool("a worker process died")
            if self._closing:
                raise RuntimeError("cannot submit to a pool that is shut down")
            future: Future[Any] = Future()
            self._pending.append((future, (fn, args, kwargs)))
        self._wake_up()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop once the tasks handed out are done (and, unless `cancel_futures`, the pending
        ones); with `wait`, return only when every worker has exited."""
        with self._lock:
            self._closing = True
            if cancel_futures:
                while self._pending:
                    self._pending.popleft()[0].cancel()
        self._wake_up()
        if wait:
            self._thread.join()

    def _wake_up(self) -> None:
        with contextlib.suppress(OSError):
            self._wake.send_bytes(b"")

    def _serve(self) -> None:
        try:
            while self._hand_out():
                self._take_results()
        except BaseException:
            with self._lock:  # no future may wait for a thread that is gone
                self._break()
            raise
        finally:
            self._stop_workers(kill=self._broken)

    def _hand_out(self) -> bool:
        """Give each idle worker the next pending task; False when the pool is done."""
        with self._lock:
            for worker in self._workers:
                while worker.running is None and self._pending and not self._broken:
                    future, task = self._pending.popleft()
                    if not future.set_running_or_notify_cancel():
                        continue
                    worker.running = future
                    try:
                        worker.tasks.send(task)
                    except OSError:
                        self._break()
                    except Exception as error:  # the task would not pickle
                        worker.running = None
                        future.set_exception(error)
            busy = any(worker.running is not None for worker in self._workers)
            return not self._broken and (busy or bool(self._pending) or not self._closing)

    def _take_results(self) -> None:
        waiting: list[Any] = [self._wake_reader]
        for worker in self._workers:
            waiting += [worker.results, worker.process.sentinel]
        ready = multiprocessing.connection.wait(waiting)
        if self._wake_reader in ready:
            while self._wake_reader.poll():
                self._wake_reader.recv_bytes()
        for worker in self._workers:
            if worker.results in ready:
                try:
                    ok, value = worker.results.recv()
                except (EOFError, OSError):
                    with self._lock:
                        self._break()
                    return
                except Exception as error:  # a value that does not unpickle here
                    ok, value = False, error
                future, worker.running = worker.running, None
                if future is None:
                    continue
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
            elif worker.process.sentinel in ready:
                with self._lock:
                    self._break()
                return

    def _break(self) -> None:
        """A worker died: every task out or pending fails (call with the lock held)."""
        self._broken = True
        error = BrokenProcessPool("a worker process died; the pool is not usable")
        for worker in self._workers:
            if worker.running is not None:
                worker.running.set_exception(error)
                worker.running = None
        while self._pending:
            future, _task = self._pending.popleft()
            if future.set_running_or_notify_cancel():
                future.set_exception(error)

    def _stop_workers(self, *, kill: bool) -> None:
        for worker in self._workers:
            if kill:
                with contextlib.suppress(OSError, ValueError):
                    worker.process.kill()
            else:
                with contextlib.suppress(OSError):
                    worker.tasks.send(None)
        for worker in self._workers:
            worker.process.join()
            worker.tasks.close()
            worker.results.close()
        self._wake.close()
        self._wake_reader.close()


def _start_worker(context: Any) -> _Worker:
    task_reader, task_writer = context.Pipe(duplex=False)
    result_reader, result_writer = context.Pipe(duplex=False)
    widen_pipe(result_reader.fileno())
    process = context.Process(
        target=_serve_tasks, args=(task_reader, result_writer), name="tui-news-worker", daemon=True
    )
    try:
        process.start()
    finally:
        task_reader.close()
        result_writer.close()
    return _Worker(process, task_writer, result_reader)


def _serve_tasks(tasks: Connection, results: Connection) -> None:
    """A worker: run each task it is handed and send back (True, value) or (False, error),
    until it is handed None or the pool is gone."""
    _init_worker()
    while True:
        try:
            task = tasks.recv()
        except (EOFError, OSError):
            return
        except Exception as error:  # a task that does not unpickle here
            results.send((False, error))
            continue
        if task is None:
            return
        fn, args, kwargs = task
        try:
            outcome: tuple[bool, Any] = (True, fn(*args, **kwargs))
        except Exception as error:
            outcome = (False, error)
        try:
            results.send(outcome)
        except Exception as error:  # a value or an error that does not pickle
            results.send((False, RuntimeError(f"{type(error).__name__}: {error}")))


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
