"""Parsing a load's files over worker processes (`process_pool`), outcomes in walk order.

Files go to the workers in chunks of `CHUNK_FILES`, at most `CHUNKS_AHEAD` a worker out at a
time; a big JSON Lines file is cut into parts over every worker. The outcomes come back in the
order the walk found the files, so the store is the same whichever worker was fastest. A pool
that breaks (a worker killed, out of memory) leaves the rest to this process.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from concurrent.futures import Executor, Future
from concurrent.futures.process import BrokenProcessPool

from tui_news.loader.files import (
    JsonlPart,
    LoadError,
    SourceFile,
    join_jsonl_parts,
    jsonl_split_points,
)
from tui_news.process_pool import worker_pool
from tui_news.store.prepare import (
    Failed,
    Job,
    Outcome,
    Parsed,
    renumbered,
    splittable,
    task_of,
    work_chunk,
    work_here,
    work_part,
)

#: Files to parse before a pool of processes pays for itself (each worker imports the parsers).
POOL_MIN_FILES = 400
#: Files handed to a worker at a time: each chunk costs the pool's machinery a round trip
#: besides its files, so chunks are big.
CHUNK_FILES = 128
#: Chunks handed to the pool and not yet filed, per worker: enough that no worker waits, few
#: enough that a load of a million files does not queue them all (nor pile up their results).
CHUNKS_AHEAD = 4


class ParsePool:
    """The workers of one load (`workers` processes; fewer than 2: every file parses here)."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: Executor | None = None
        #: Chunks of jobs handed to the pool, by the index of their first job in `todo`.
        self._chunks: dict[int, Future[list[Outcome]]] = {}
        #: The index in `todo` of the first job not handed to the pool yet.
        self._sent = 0

    def feed(self, todo: list[Job]) -> None:
        """Called as the walk finds each file to parse (`todo` so far): the workers start once
        there are enough to be worth it, and parse whole chunks while the walk goes on."""
        if len(todo) == POOL_MIN_FILES:
            self._executor = self._pool(len(todo))
        if self._executor is not None and len(todo) - self._sent >= CHUNK_FILES:
            self._send(todo, whole=False)

    def shutdown(self) -> None:
        """Stop the workers and wait for them (before the load lets go of the lock)."""
        if self._executor is not None:
            self._executor.shutdown(cancel_futures=True)
            self._executor = None

    def outcomes(self, todo: list[Job]) -> Iterator[tuple[Job, Outcome]]:
        """Each job's outcome, in the walk's order, as soon as it is there: the workers go on
        parsing while this process files what they gave."""
        if self._executor is None:
            self._executor = self._pool(len(todo), sum(1 for job in todo if splittable(job)))
        if self._executor is not None:
            self._send(todo, whole=True)
        i = 0
        while i < len(todo):
            pool = self._executor
            if pool is None:
                yield todo[i], work_here(todo[i])
                i += 1
                continue
            try:
                if splittable(todo[i]):
                    yield todo[i], self._parse_split(todo[i].source, pool)
                    i += 1
                    continue
                chunk = self._chunks.pop(i, None)
                if chunk is None:  # the pool refused it
                    raise BrokenProcessPool("the pool took no more work")
                for outcome in chunk.result():
                    yield todo[i], outcome
                    i += 1
                self._send(todo, whole=True)  # one chunk filed: the next one goes out
            except BrokenProcessPool:
                # A worker died (killed, out of memory): go on in this process.
                pool.shutdown(cancel_futures=True)
                self._executor = None

    def _send(self, todo: list[Job], *, whole: bool) -> None:
        """Hand the jobs from `self._sent` on to the pool, in chunks of `CHUNK_FILES` (with
        `whole`, the last chunk however short), until `CHUNKS_AHEAD` a worker are out. A big
        JSON Lines file is left out: `outcomes` parses it in parts."""
        pool = self._executor
        assert pool is not None
        ahead = CHUNKS_AHEAD * self.workers
        i = self._sent
        while i < len(todo) and len(self._chunks) < ahead:
            if splittable(todo[i]):
                i += 1
                continue
            end = i
            while end < len(todo) and end - i < CHUNK_FILES and not splittable(todo[end]):
                end += 1
            if end - i < CHUNK_FILES and end == len(todo) and not whole:
                break
            try:
                future = pool.submit(work_chunk, [task_of(job) for job in todo[i:end]])
            except BrokenProcessPool:
                break  # `outcomes` finds the pool broken and parses what is left here
            self._chunks[i] = future
            i = end
        self._sent = i

    def _parse_split(self, source: SourceFile, pool: Executor) -> Outcome:
        try:
            points = jsonl_split_points(source, self.workers * 8)
            ranges = [(source, a, b) for a, b in itertools.pairwise(points)]
            parts = list(pool.map(work_part, ranges))
            for part in parts:
                if isinstance(part, Failed):
                    return part
            prepared, warnings = join_jsonl_parts(
                source, [p for p in parts if isinstance(p, JsonlPart)], renumbered
            )
        except LoadError as error:
            return Failed.of(error, None, True)
        except OSError as error:
            reason = (error.strerror or "cannot be read").lower()
            return Failed(source.origin, reason, True, None, True)
        return Parsed(None, prepared, warnings)

    def _pool(self, files: int, split: int = 0) -> Executor | None:
        if self.workers < 2 or (files < POOL_MIN_FILES and not split):
            return None
        try:
            return worker_pool(self.workers)
        except (OSError, ValueError, NotImplementedError):
            return None
