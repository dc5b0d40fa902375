"""One load into an article store, under its write lock: what changed, parsed, committed at once.

Imported only when a load runs (the app's start path never needs the parsers). Parsing many
files runs in a pool of processes (`procs.worker_pool`, shut down before the lock is let go); the
results are applied in the walk's order, so the store is the same whichever worker was fastest.
See `articles.py` for the files a commit writes and why the index's rename is the commit point.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import operator
import os
import re
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, NamedTuple

import orjson
from tinydb.table import Document

from tui_news.loader.files import (
    FEED_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_JSON_BYTES,
    MAX_TEXT_BYTES,
    JsonlPart,
    LoadError,
    Skipped,
    SourceFile,
    absolute_path,
    collector_paused,
    discover,
    display_path,
    join_jsonl_parts,
    jsonl_split_points,
    parse_file,
    parse_jsonl_part,
    read_bytes,
)
from tui_news.model import SORTS, Article, sort_positions
from tui_news.procs import worker_pool
from tui_news.store.articles import (
    _KIND_CODES,
    LIST_COLUMNS,
    SCHEMA_VERSION,
    STORE_KIND,
    SUMMARY_CHUNK,
    SUMMARY_COLUMNS,
    ArticleStore,
    LoadReport,
    ProgressCallback,
    _shard_of,
    store_key,
    unstore_key,
)
from tui_news.store.head import head_path, read_head, write_head
from tui_news.store.storage import (
    AtomicJSONStorage,
    StoreError,
    fsync_dir,
    read_json_file,
    sweep_temp_files,
    write_shard,
)

#: Files to parse before a pool of processes pays for itself (each worker imports the parsers).
POOL_MIN_FILES = 400
#: A JSON Lines file this big is parsed in parts, over the pool.
SPLIT_JSONL_BYTES = 8 * 1024 * 1024
#: Files handed to a worker at a time. Each chunk costs ~1 ms of work in the pool's machinery
#: besides its files (32 a chunk: ~0.2 s of a 10,000-file load's CPU in this process alone).
CHUNK_FILES = 128
#: Chunks handed to the pool and not yet filed, per worker: enough that no worker waits, few
#: enough that a load of a million files does not queue them all (nor pile up their results).
CHUNKS_AHEAD = 4
#: Body shards written at once by a commit.
WRITER_THREADS = 16


def new_meta(roots: Iterable[str] = ()) -> dict[str, Any]:
    return {
        "kind": STORE_KIND,
        "schema": SCHEMA_VERSION,
        "shards": {},
        "roots": list(roots),
        "generation": 0,
    }


def default_workers() -> int:
    """Processes for parsing: the CPUs this process may use (`TUI_NEWS_WORKERS` overrides)."""
    env = os.environ.get("TUI_NEWS_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Loader:
    """One load: decides what changed, parses it (in parallel when it is a lot), commits once."""

    def __init__(
        self,
        store: ArticleStore,
        paths: Sequence[Path],
        bundled_root: Path | None,
        progress: ProgressCallback | None,
        remember_roots: bool,
        *,
        fresh: dict[str, Any] | None = None,
        workers: int | None = None,
    ) -> None:
        self.store = store
        self.paths = paths
        self.bundled_root = bundled_root
        self.progress = progress
        self.remember_roots = remember_roots
        self.workers = workers if workers is not None else default_workers()
        self.report = LoadReport()
        #: A rebuild starts from nothing (and always commits), whatever the file holds now.
        self.fresh = fresh is not None
        self.meta = dict(fresh or store.meta() or new_meta())
        self.sources = {} if fresh is not None else _read_sources(store)
        self._articles: dict[str, Row] | None = {} if fresh is not None else None
        self._content_owner: dict[str, str] | None = None
        #: New shard records by shard and id, as JSON (`Prepared`).
        self.new_bodies: dict[str, dict[str, bytes]] = {}
        self.dropped_bodies: dict[str, set[str]] = {}
        self.sources_touched = False
        self._executor: Executor | None = None
        #: Chunks of jobs handed to the pool, by the index of their first job in `todo`.
        self._chunks: dict[int, Future[list[Outcome]]] = {}
        #: The index in `todo` of the first job not handed to the pool yet.
        self._sent = 0

    # --- what the store holds now (read only when something changed) -----------------------

    @property
    def articles(self) -> dict[str, Row]:
        """id → summary row (`Row`), from the summaries files, in order."""
        if self._articles is None:
            self._articles = {}
            for chunk in self.store.summary_chunks():
                self._articles.update(_rows_from_columns(chunk))
        return self._articles

    @property
    def content_owner(self) -> dict[str, str]:
        if self._content_owner is None:
            self._content_owner = {
                row[_CK]: row_id for row_id, row in self.articles.items() if row[_CK]
            }
        return self._content_owner

    # --- the load -------------------------------------------------------------------------------

    def run(self) -> LoadReport:
        # Hundreds of thousands of objects are made and kept here, none in a cycle: the cyclic
        # collector would walk them all again and again (a third of a big import's time).
        with collector_paused():
            try:
                return self._run()
            finally:
                if self._executor is not None:  # started during the walk, which then failed
                    self._executor.shutdown(cancel_futures=True)
                    self._executor = None

    def _run(self) -> LoadReport:
        seen_keys: set[str] = set()
        todo: list[Job] = []
        total = 0
        # The walk is not listed first: workers parse what it found while it goes on.
        for total, item in enumerate(discover(self.paths, bundled_root=self.bundled_root), 1):
            if self.progress and not todo:
                self.progress(total, 0, item.origin)  # 0: how many there are is not known yet
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
                continue
            seen_keys.add(store_key(item.key))
            self.report.files_seen += 1
            job = self._check_file(item)
            if job is not None:
                todo.append(job)
                if len(todo) == POOL_MIN_FILES:
                    self._start_pool(len(todo))  # workers start up while the walk goes on
                if self._executor is not None and len(todo) - self._sent >= CHUNK_FILES:
                    self._send(todo, whole=False)  # and start parsing while it goes on
        self._parse_all(todo, total - len(todo))
        self._drop_removed(seen_keys)
        if self.remember_roots:
            roots = [store_key(os.fsdecode(absolute_path(p))) for p in self.paths]
            known = list(self.meta.get("roots", []))
            self.meta["roots"] = list(dict.fromkeys([*known, *roots]))
            self.sources_touched |= self.meta["roots"] != known
        if self.fresh or self.report.changed or not self.store.exists or self.sources_touched:
            self._commit()
        else:
            self._mend_head()
        return self.report

    def _mend_head(self) -> None:
        """A load that changed nothing still writes the first page if it is missing or stale
        (deleted, or the index was restored from a copy): `head.py`."""
        store = self.store
        generation = self.meta.get("generation")
        if store.readonly or not isinstance(generation, int) or read_head(store.path):
            return
        with contextlib.suppress(OSError, StoreError):
            self._write_head(store.columns().as_dict(), generation)

    def _write_head(self, list_columns: dict[str, Any], generation: int) -> None:
        """The first page of the index just written, for the app's next start (a cache: if it
        cannot be written, the one there no longer matches the index and is not used). A
        writer killed in the middle of it left a temp file: swept here, under the lock."""
        path = self.store.path
        sweep_temp_files(head_path(path))
        with contextlib.suppress(OSError, StoreError):
            write_head(path, list_columns, generation)

    def _check_file(self, source: SourceFile) -> Job | None:
        """None when the file is as it was last time (same size and time); else a job: reading,
        comparing its digest with the last one and parsing happen in `_work` (a worker)."""
        record = self.sources.get(store_key(source.key))
        try:
            info = source.info or os.stat(source.path)
        except OSError as error:
            self.report.skipped.append(
                Skipped(source.origin, (error.strerror or "cannot be read").lower())
            )
            return None
        if (
            record
            and record.get("mtime_ns") == info.st_mtime_ns
            and record.get("size") == info.st_size
        ):
            self._unchanged(source, record)
            return None
        known = record.get("digest") if record else None
        return Job(source, info, known if isinstance(known, str) else None)

    def _parse_all(self, todo: list[Job], done: int) -> None:
        total = done + len(todo)
        if self._executor is None:
            self._executor = self._pool(len(todo), sum(1 for job in todo if _splittable(job)))
        try:
            for job, outcome in self._outcomes(todo):
                done += 1
                if self.progress:
                    self.progress(done, total, job.source.origin)
                self._take(job, outcome)
        finally:
            if self._executor is not None:
                self._executor.shutdown(cancel_futures=True)
                self._executor = None

    def _outcomes(self, todo: list[Job]) -> Iterator[tuple[Job, Outcome]]:
        """Each job's outcome, in the walk's order, as soon as it is there: the workers go on
        parsing while this process files what they gave. A big JSON Lines file is cut into
        parts over the pool; a pool that breaks leaves the rest to this process."""
        if self._executor is not None:
            self._send(todo, whole=True)
        i = 0
        while i < len(todo):
            pool = self._executor
            if pool is None:
                yield todo[i], _work(todo[i])
                i += 1
                continue
            try:
                if _splittable(todo[i]):
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
        JSON Lines file is left out: `_outcomes` parses it in parts."""
        pool = self._executor
        assert pool is not None
        ahead = CHUNKS_AHEAD * self.workers
        i = self._sent
        while i < len(todo) and len(self._chunks) < ahead:
            if _splittable(todo[i]):
                i += 1
                continue
            end = i
            while end < len(todo) and end - i < CHUNK_FILES and not _splittable(todo[end]):
                end += 1
            if end - i < CHUNK_FILES and end == len(todo) and not whole:
                break
            try:
                future = pool.submit(_work_chunk, [_task(job) for job in todo[i:end]])
            except BrokenProcessPool:
                break  # `_outcomes` finds the pool broken and parses what is left here
            self._chunks[i] = future
            i = end
        self._sent = i

    def _take(self, job: Job, outcome: Outcome) -> None:
        source, info = job.source, job.info
        if outcome[0] == "same":
            record = self.sources[store_key(source.key)]
            record.update(mtime_ns=info.st_mtime_ns, size=info.st_size)
            self.sources_touched = True
            self._unchanged(source, record)
        elif outcome[0] == "error":
            _kind, path, reason, transient, digest, parsed = outcome
            self.report.files_parsed += parsed
            self._failed(source, info, digest, LoadError(path, reason, transient=transient))
        else:
            _kind, digest, prepared, warnings = outcome
            self.report.files_parsed += 1
            self._apply(source, info, digest, prepared, warnings)

    def _parse_split(self, source: SourceFile, pool: Executor) -> Outcome:
        try:
            points = jsonl_split_points(source, self.workers * 8)
            ranges = [(source, a, b) for a, b in itertools.pairwise(points)]
            parts = list(pool.map(_work_part, ranges))
            for part in parts:
                if isinstance(part, tuple):
                    return part
            prepared, warnings = join_jsonl_parts(
                source, [p for p in parts if isinstance(p, JsonlPart)], _renumbered
            )
        except LoadError as error:
            return ("error", error.path, error.reason, error.transient, None, True)
        except OSError as error:
            reason = (error.strerror or "cannot be read").lower()
            return ("error", source.origin, reason, True, None, True)
        return ("parsed", None, prepared, warnings)

    def _start_pool(self, files: int) -> None:
        pool = self._pool(files)
        if pool is not None:
            for _ in range(self.workers):
                pool.submit(int)  # a trivial job per worker, so that each process starts now
        self._executor = pool

    def _pool(self, files: int, split: int = 0) -> Executor | None:
        if self.workers < 2 or (files < POOL_MIN_FILES and not split):
            return None
        try:
            return worker_pool(self.workers)
        except (OSError, ValueError, NotImplementedError):
            return None

    def _unchanged(self, source: SourceFile, record: dict[str, Any]) -> None:
        """A file as it was last time: its articles count as unchanged, its problem is repeated."""
        self.report.unchanged += len(record.get("ids", []))
        error = record.get("error")
        if error:
            self.report.skipped.append(Skipped(source.origin, str(error)))

    def _failed(
        self, source: SourceFile, info: os.stat_result, digest: str | None, error: LoadError
    ) -> None:
        self.report.skipped.append(Skipped(error.path, error.reason))
        if error.transient:
            return
        # Remember why, so that the next load does not parse the same bad file again.
        # Articles it gave before it went bad are kept (the report names the problem).
        skey = store_key(source.key)
        record = self.sources.get(skey)
        self.sources[skey] = {
            "origin": source.origin,
            "mtime_ns": info.st_mtime_ns,
            "size": info.st_size,
            "digest": digest,
            "ids": list(record.get("ids", [])) if record else [],
            "error": error.reason,
        }
        self.sources_touched = True

    def _apply(
        self,
        source: SourceFile,
        info: os.stat_result,
        digest: str | None,
        prepared: list[Prepared],
        warnings: list[str],
    ) -> None:
        skey = store_key(source.key)
        record = self.sources.get(skey)
        for warning in warnings:
            self.report.warnings.append((source.origin, warning))
        old_ids = set(record.get("ids", [])) if record else set()
        ids: list[str] = []
        seen: set[str] = set()  # a JSON Lines archive gives 100,000 ids: no list lookups
        articles = self.articles
        content_owner = self.content_owner
        for item in prepared:
            row = item[0]
            article_id = row[_ID]
            owner = content_owner.get(row[_CK])
            if owner is not None and owner != article_id and owner not in old_ids:
                owner_row = articles.get(owner)
                other = (owner_row[_ORIGIN] if owner_row else None) or owner
                self.report.duplicates.append((source.origin, str(other)))
                continue
            if article_id in seen:
                self.report.warnings.append(
                    (source.origin, f"two items share the id {article_id}; the second was left out")
                )
                continue
            ids.append(article_id)
            seen.add(article_id)
            self._put(item)
        for gone in old_ids - seen:
            self._remove_article(gone)
        self.sources[skey] = {
            "origin": source.origin,
            "mtime_ns": info.st_mtime_ns,
            "size": info.st_size,
            "digest": digest,
            "ids": ids,
        }
        self.sources_touched = True

    def _put(self, item: Prepared) -> None:
        row, shard, record = item
        article_id = row[_ID]
        previous = self.articles.get(article_id)
        if previous is None:
            self.report.added += 1
        elif previous != row:  # its content (`ck`) or what is known about it changed
            self.report.updated += 1
        else:
            self.report.unchanged += 1
            return
        self.articles[article_id] = row
        self.content_owner[row[_CK]] = article_id
        self.new_bodies.setdefault(shard, {})[article_id] = record
        self.dropped_bodies.get(shard, set()).discard(article_id)

    def _remove_article(self, article_id: str) -> None:
        row = self.articles.pop(article_id, None)
        if row is None:
            return
        if row[_CK] and self.content_owner.get(row[_CK]) == article_id:
            del self.content_owner[row[_CK]]
        shard = _shard_of(article_id)
        self.dropped_bodies.setdefault(shard, set()).add(article_id)
        self.new_bodies.get(shard, {}).pop(article_id, None)

    def _drop_removed(self, seen_keys: set[str]) -> None:
        """Forget files that were under a loaded folder and are gone now."""
        folders = [absolute_path(p) for p in self.paths if p.is_dir()]
        for key, record in list(self.sources.items()):
            if key in seen_keys or not self._is_under_any(key, folders):
                continue
            origin = Path(unstore_key(key))
            if not key.startswith("bundled:") and (origin.exists() or origin.is_symlink()):
                continue  # still there, just not supported any more or skipped: keep it
            self._drop_source(key, record)

    def _is_under_any(self, key: str, roots: Sequence[Path]) -> bool:
        """Whether the file of source `key` is (or was) one of `roots` or under one; a bundled
        seed is under the bundled seeds' folder."""
        if key.startswith("bundled:"):
            return self.bundled_root is not None and absolute_path(self.bundled_root) in roots
        origin = Path(unstore_key(key))
        return any(_is_under(origin, root) for root in roots)

    def _drop_source(self, key: str, record: dict[str, Any]) -> None:
        for article_id in record.get("ids", []):
            self._remove_article(article_id)
        self.report.removed.append(display_path(str(record.get("origin", key))))
        del self.sources[key]
        self.sources_touched = True

    def forget(self, roots: Sequence[Path]) -> list[Path]:
        """Stop loading `roots` (folders or files this store was loaded from; they need not
        exist any more): the articles of the files under them that no other loaded root
        covers leave the store, committed at once. The roots that were not loaded ones."""
        known = [str(root) for root in self.meta.get("roots", []) if isinstance(root, str)]
        keys = {store_key(os.fsdecode(absolute_path(root))): root for root in roots}
        unknown = [root for key, root in keys.items() if key not in known]
        if len(unknown) == len(keys):
            return unknown
        gone = [absolute_path(Path(unstore_key(k))) for k in keys if k in known]
        staying = [absolute_path(Path(unstore_key(k))) for k in known if k not in keys]
        with collector_paused():
            for key, record in list(self.sources.items()):
                if self._is_under_any(key, gone) and not self._is_under_any(key, staying):
                    self._drop_source(key, record)
            self.meta["roots"] = [k for k in known if k not in keys]
            self.sources_touched = True
            self._commit()
        return unknown

    # --- the commit -----------------------------------------------------------------------------

    def _commit(self) -> None:
        store = self.store
        # Never a name the committed index may still use (a rebuild, a store from elsewhere).
        generation = max(int(self.meta.get("generation", 0)), _highest_generation(store)) + 1
        shards: dict[str, str] = dict(self.meta.get("shards", {}))
        old_files: list[Path] = []
        touched = sorted(set(self.new_bodies) | set(self.dropped_bodies))

        def write_body_shard(shard: str, old_name: str | None) -> str:
            bodies: dict[str, Any] = {}
            if old_name and not self.fresh:
                previous = read_json_file(store.bodies_dir / old_name) or {}
                bodies = dict(previous.get("bodies", {}))
            for article_id in self.dropped_bodies.get(shard, ()):
                bodies.pop(article_id, None)
            bodies.update(self.new_bodies.get(shard, {}))
            name = f"{shard}-{generation}.json"
            write_shard(store.bodies_dir / name, bodies.items())
            return name

        articles = self.articles
        rows = list(articles.values())
        summaries_names = [
            f"summaries-{generation}-{k}.json" for k in range(-(-len(rows) // SUMMARY_CHUNK))
        ]
        sources_name = f"sources-{generation}.json"

        def write_summaries(k: int) -> None:
            chunk = rows[k * SUMMARY_CHUNK : (k + 1) * SUMMARY_CHUNK]
            table = [("columns", _summary_columns(chunk))]
            _write_table(store.bodies_dir / summaries_names[k], "summaries", table)

        # Many files at a time: each write ends in an fsync, which waits on the disk with the
        # GIL released, so the disk gets many at once (256 fsyncs of 10,000 articles' bodies:
        # 0.38 s one by one, 0.25 s four at a time, 0.17 s sixteen; 100,000 articles: ~600 MB),
        # and this thread works out the list's columns meanwhile.
        with ThreadPoolExecutor(max_workers=WRITER_THREADS) as writers:
            names = writers.map(write_body_shard, touched, [shards.get(t) for t in touched])
            others = [writers.submit(write_summaries, k) for k in range(len(summaries_names))]
            others.append(
                writers.submit(
                    _write_table, store.bodies_dir / sources_name, "sources", self.sources.items()
                )
            )
            list_columns = _list_columns(rows)
            for shard, name in zip(touched, names, strict=True):
                old_name = shards.get(shard)
                if old_name:
                    old_files.append(store.bodies_dir / old_name)
                shards[shard] = name
            for other in others:
                other.result()
        # The new files are on disk before the index that names them is.
        fsync_dir(store.bodies_dir)
        old_summaries = self.meta.get("summaries")
        if isinstance(old_summaries, list):
            old_files += [store.bodies_dir / n for n in old_summaries if isinstance(n, str)]
        old_sources = self.meta.get("sources")
        if isinstance(old_sources, str):
            old_files.append(store.bodies_dir / old_sources)
        self.meta.update(
            shards=shards,
            generation=generation,
            kind=STORE_KIND,
            schema=SCHEMA_VERSION,
            summaries=summaries_names,
            sources=sources_name,
            count=len(articles),
            updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        )
        db = store._db
        with store._storage.batch():
            for name in list(db.tables()):
                db.drop_table(name)
            db.table("meta").insert(_doc({**self.meta}, "store"))
            db.table("list").insert(_doc(list_columns, "columns"))
        self._write_head(list_columns, generation)
        # Committed: the files the old index named are garbage now.
        for path in old_files:
            with contextlib.suppress(OSError):
                path.unlink()
        _sweep_unreferenced(store.bodies_dir, {*shards.values(), *summaries_names, sources_name})


class Job(NamedTuple):
    """A file to read, compare with the digest it had (`known`) and parse if it changed."""

    source: SourceFile
    info: os.stat_result
    known: str | None


#: One article's summary as the store keeps it: its values in `SUMMARY_COLUMNS` order (lists
#: where JSON has lists), the content key (`ck`) among them. A tuple, not a dict: it pickles at
#: half the size, compares in one step, and a commit turns many into columns with one `zip`.
Row = tuple[Any, ...]
_ID, _CK, _TITLE, _CATEGORY, _PUBLISHED, _SOURCE, _MINUTES, _ORIGIN = map(
    SUMMARY_COLUMNS.index,
    ("id", "ck", "title", "category", "published", "source", "reading_minutes", "origin"),
)
_ROW_OF = operator.itemgetter(*SUMMARY_COLUMNS)
#: (summary row, body shard, body shard record): what the store keeps of an article, made in
#: the worker so that the loading process only files it. The record is the JSON of
#: {"b": [[kind code, text], ...], "s": summary dict}, as the commit writes it into the body
#: shard: serialised here, in parallel, not there, where it was a quarter of a 10,000-file commit.
Prepared = tuple[Row, str, bytes]
#: ("same", digest) | ("error", path, reason, transient, digest, whether it was parsed)
#: | ("parsed", digest, prepared articles, warnings). Tuples: they pickle fast and simply.
Outcome = tuple[Any, ...]


def _prepare(article: Article) -> Prepared:
    """What the store keeps of `article`; its shard record already JSON
    (`orjson.JSONEncodeError` when it cannot be): made where it is parsed, written as it is by
    the commit."""
    summary = article.summary().to_dict()
    record = orjson.dumps(
        {"b": [[_KIND_CODES[b.kind], b.text] for b in article.blocks], "s": summary}
    )
    return _row(summary, article.content_key()), _shard_of(article.id), record


def _row(summary: dict[str, Any], content_key: str) -> Row:
    """The `Row` of a summary dict (`ArticleSummary.to_dict`)."""
    return _ROW_OF({**summary, **summary["mentions"], "ck": content_key})  # type: ignore[no-any-return]


def _renumbered(item: Prepared, new_id: str) -> Prepared:
    row, _shard, record = item
    # The summary is the record's last member: the only `,"s":` outside a JSON string (in one,
    # a quote is escaped).
    cut = record.rindex(b',"s":') + len(b',"s":')
    summary = orjson.loads(record[cut:-1])
    summary["id"] = new_id
    renamed = (new_id, *row[1:])
    return renamed, _shard_of(new_id), record[:cut] + orjson.dumps(summary) + b"}"


#: What a worker is handed for one file: (path, origin, key, folder category, known digest).
#: Plain strings: a `Path` and an `os.stat_result` cost ~70 µs a file to pickle and unpickle.
Task = tuple[str, str, str, str | None, str | None]


def _task(job: Job) -> Task:
    source = job.source
    return (os.fspath(source.path), source.origin, source.key, source.folder_category, job.known)


def _work_chunk(tasks: list[Task]) -> list[Outcome]:
    """A chunk of files, in a worker process. Each file's objects are freed as it ends and none
    is in a cycle: the cyclic collector would only walk them (~10 % of the time)."""
    with collector_paused():
        return [
            _work_file(SourceFile(path, origin, key, category), known)
            for path, origin, key, category, known in tasks
        ]


def _work(job: Job) -> Outcome:
    """Read, compare and parse one file (here, not in a worker). Never raises."""
    return _work_file(job.source, job.known)


def _work_file(source: SourceFile, known: str | None) -> Outcome:
    """Read, compare with the digest it had (`known`) and parse one file. Never raises."""
    suffix = source.suffix
    data: bytes | None = None
    digest: str | None = None
    parsed = False
    try:
        if suffix not in JSONL_SUFFIXES:
            limit = MAX_JSON_BYTES if suffix in JSON_SUFFIXES | FEED_SUFFIXES else MAX_TEXT_BYTES
            data = read_bytes(source, limit)
            digest = hashlib.blake2b(data, digest_size=16).hexdigest()
            if known == digest:
                return ("same", digest)
        parsed = True
        result = parse_file(source, data)
        prepared = _prepared(source, result.articles)
    except LoadError as error:
        return ("error", error.path, error.reason, error.transient, digest, parsed)
    return ("parsed", digest, prepared, result.warnings)


def _prepared(source: SourceFile, articles: Iterable[Article]) -> list[Prepared]:
    try:
        return [_prepare(article) for article in articles]
    except orjson.JSONEncodeError as error:  # the loader's cleaning should have made this moot
        raise LoadError(source.origin, f"could not be stored ({error})") from None


def _work_part(job: tuple[SourceFile, int, int]) -> JsonlPart | Outcome:
    source, start, end = job
    # Tens of thousands of articles made and kept, no cycles: see Loader.run.
    with collector_paused():
        try:
            part = parse_jsonl_part(source, start, end)
            prepared = iter(_prepared(source, (i[2] for i in part.items if i[0] == "article")))
        except LoadError as error:
            return ("error", error.path, error.reason, error.transient, None, True)
        part.items = [
            (item[0], item[1], next(prepared)) if item[0] == "article" else item
            for item in part.items
        ]
    return part


def _splittable(job: Job) -> bool:
    """A JSON Lines file big enough to be parsed in parts by several processes."""
    suffix = job.source.suffix
    return suffix in JSONL_SUFFIXES and job.info.st_size >= SPLIT_JSONL_BYTES


def _read_sources(store: ArticleStore) -> dict[str, dict[str, Any]]:
    name = store.meta().get("sources")
    if not name:
        return {}
    data = read_json_file(store.bodies_dir / str(name)) or {}
    # Copies: a load that fails must not leave changed records anywhere.
    return {k: dict(v) for k, v in data.get("sources", {}).items() if isinstance(v, dict)}


def _rows_from_columns(raw: dict[str, list[Any]]) -> dict[str, Row]:
    """id → `Row`, from a summaries file's columns."""
    return {
        str(row[_ID]): row for row in zip(*(raw[name] for name in SUMMARY_COLUMNS), strict=True)
    }


def _columns_of(rows: Sequence[Row]) -> list[Sequence[Any]]:
    """The rows' values column by column, in `SUMMARY_COLUMNS` order (one `zip`, in C)."""
    return list(zip(*rows, strict=True)) if rows else [() for _ in SUMMARY_COLUMNS]


def _summary_columns(rows: Sequence[Row]) -> dict[str, list[Any]]:
    return dict(zip(SUMMARY_COLUMNS, map(list, _columns_of(rows)), strict=True))


def _list_columns(rows: Sequence[Row]) -> dict[str, Any]:
    columns_of = _columns_of(rows)
    titles = [str(title or "") for title in columns_of[_TITLE]]
    published = [when or None for when in columns_of[_PUBLISHED]]
    pairs = list(zip(columns_of[_CATEGORY], columns_of[_SOURCE], strict=True))
    sources = [source or category for category, source in pairs]
    columns: dict[str, Any] = {
        "id": list(columns_of[_ID]),
        "title": titles,
        "where": [category or source for category, source in pairs],
        "published": published,
        "minutes": [int(minutes or 0) for minutes in columns_of[_MINUTES]],
        "orders": {sort: sort_positions(titles, published, sources, sort) for sort in SORTS},
    }
    assert set(columns) - {"orders"} == set(LIST_COLUMNS)
    return columns


def _write_table(path: Path, table: str, docs: Iterable[tuple[str, Any]]) -> None:
    """A TinyDB file with one table, written atomically (the caller syncs the folder once)."""
    AtomicJSONStorage(path, sync_dir=False).write({table: dict(docs)})


def _highest_generation(store: ArticleStore) -> int:
    try:
        names = os.listdir(store.bodies_dir)
    except OSError:
        return 0
    found = [int(m.group(1) or m.group(2)) for m in map(_GENERATION_FILE.match, names) if m]
    return max(found, default=0)


_GENERATION_FILE = re.compile(
    r"^(?:(?:[0-9a-f]{2}|summaries|sources)-([0-9]{1,18})(?:-[0-9]{1,9})?\.json"
    # the search index the app keeps for a generation (search/worker.py): never reused either
    r"|index-([0-9]{1,18})\.[a-z]+\.(?:npy|json))$"
)


def _doc(value: dict[str, Any], doc_id: str) -> Document:
    """A TinyDB document under our string id (see `StrIdTable`)."""
    return Document(value, doc_id=doc_id)  # type: ignore[arg-type]


def _sweep_unreferenced(folder: Path, keep: set[str]) -> None:
    """Remove files no index names (left by a load that was killed before its commit), and
    the search index kept for an earlier generation (`index-G.*`, search/worker.py)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if (
            (name.endswith(".json") and name not in keep)
            or name.endswith(".tmp")
            or (name.startswith("index-") and name.endswith(".npy"))
        ):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
