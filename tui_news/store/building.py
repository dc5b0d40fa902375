"""One load into an article store, under its write lock: what changed, parsed, committed at once.

Imported only when a load runs (the app's start path never needs the parsers). The walk finds
the files; a file whose size and time are as last time is not read again; the others are
parsed over worker processes (`dispatch.py`, shut down before the lock is let go) and filed in
the walk's order; what changed is committed at once (`commit.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from tui_news.loader.files import (
    LoadError,
    Skipped,
    SourceFile,
    absolute_path,
    collector_paused,
    discover,
)
from tui_news.store.commit import Changes, commit, mend_head
from tui_news.store.dispatch import ParsePool
from tui_news.store.layout import SCHEMA_VERSION, STORE_KIND, shard_of, store_key, unstore_key
from tui_news.store.load_report import LoadReport, ProgressCallback
from tui_news.store.moves import Copy, MovingLoad, Pending
from tui_news.store.prepare import (
    CK,
    ID,
    Failed,
    Job,
    Outcome,
    Prepared,
    Row,
    Unchanged,
    renumbered,
    rows_from_columns,
)
from tui_news.store.reader import ArticleReader
from tui_news.store.storage import read_json_file


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


class Loader(MovingLoad):
    """One load: decides what changed, parses it (in parallel when it is a lot), commits once."""

    def __init__(
        self,
        store: ArticleReader,
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
        self.pending = Pending()
        self.parsing = ParsePool(self.workers)

    # --- what the store holds now (read only when something changed) -----------------------

    @property
    def articles(self) -> dict[str, Row]:
        """id → summary row (`Row`), from the summaries files, in order."""
        if self._articles is None:
            self._articles = {}
            for chunk in self.store.summary_chunks():
                self._articles.update(rows_from_columns(chunk))
        return self._articles

    @property
    def content_owner(self) -> dict[str, str]:
        if self._content_owner is None:
            self._content_owner = {
                row[CK]: row_id for row_id, row in self.articles.items() if row[CK]
            }
        return self._content_owner

    # --- the load -------------------------------------------------------------------------------

    def run(self) -> LoadReport:
        # Hundreds of thousands of objects are made and kept here, none in a cycle: the cyclic
        # collector would only walk them all again and again.
        with collector_paused():
            try:
                return self._run()
            finally:
                self.parsing.shutdown()  # (started during a walk that then failed)

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
                self.parsing.feed(todo)  # workers start, and parse, while the walk goes on
        self._parse_all(todo, total - len(todo))
        self._drop_removed(seen_keys)
        self.settle()
        if self.remember_roots:
            roots = [store_key(os.fsdecode(absolute_path(p))) for p in self.paths]
            known = list(self.meta.get("roots", []))
            self.meta["roots"] = list(dict.fromkeys([*known, *roots]))
            self.sources_touched |= self.meta["roots"] != known
        if self.fresh or self.report.changed or not self.store.exists or self.sources_touched:
            self._commit()
        else:
            mend_head(self.store, self.meta.get("generation"))
        return self.report

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
            self.pending.holding[store_key(source.key)] = source
            return None
        known = record.get("digest") if record else None
        return Job(source, info, known if isinstance(known, str) else None)

    def _parse_all(self, todo: list[Job], done: int) -> None:
        total = done + len(todo)
        try:
            for job, outcome in self.parsing.outcomes(todo):
                done += 1
                if self.progress:
                    self.progress(done, total, job.source.origin)
                self._take(job, outcome)
        finally:
            self.parsing.shutdown()

    def _take(self, job: Job, outcome: Outcome) -> None:
        source, info = job.source, job.info
        if isinstance(outcome, Unchanged):
            record = self.sources[store_key(source.key)]
            record.update(mtime_ns=info.st_mtime_ns, size=info.st_size)
            self.sources_touched = True
            self._unchanged(source, record)
        elif isinstance(outcome, Failed):
            self.report.files_parsed += outcome.parsed
            self._failed(source, info, outcome.digest, outcome.error())
        else:
            self.report.files_parsed += 1
            self._apply(source, info, outcome.digest, outcome.prepared, outcome.warnings)

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
        aka: dict[str, str] = (record.get("aka") or {}) if record else {}
        ids: list[str] = []
        seen: set[str] = set()  # a JSON Lines archive gives 100,000 ids: no list lookups
        content_owner = self.content_owner
        for item in prepared:
            if aka and item[0][ID] in aka:
                item = renumbered(item, aka[item[0][ID]])
            row = item[0]
            article_id = row[ID]
            owner = content_owner.get(row[CK])
            if (
                owner is not None
                and owner not in old_ids
                and (owner != article_id or owner not in seen)
            ):
                # Another file's article, or one that is moving here: decided after the walk.
                self.pending.copies.append(Copy(skey, source.origin, item, owner))
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
            self.let_go(gone, source.origin)
        self.sources[skey] = {
            "origin": source.origin,
            "mtime_ns": info.st_mtime_ns,
            "size": info.st_size,
            "digest": digest,
            "ids": ids,
        }
        kept_aka = {derived: kept for derived, kept in aka.items() if kept in seen}
        if kept_aka:
            self.sources[skey]["aka"] = kept_aka
        self.sources_touched = True

    def _put(self, item: Prepared) -> None:
        row = item[0]
        previous = self.articles.get(row[ID])
        if previous is None:
            self.report.added += 1
        elif previous != row:  # its content (`ck`) or what is known about it changed
            self.report.updated += 1
            if previous[CK] != row[CK]:
                self.pending.rewritten.add(row[ID])
        else:
            self.report.unchanged += 1
            return
        self._store(item)

    def _store(self, item: Prepared) -> None:
        row, shard, record = item
        article_id = row[ID]
        self.articles[article_id] = row
        self.content_owner[row[CK]] = article_id
        self.new_bodies.setdefault(shard, {})[article_id] = record
        self.dropped_bodies.get(shard, set()).discard(article_id)

    def _remove_article(self, article_id: str) -> None:
        row = self.articles.pop(article_id, None)
        if row is None:
            return
        if row[CK] and self.content_owner.get(row[CK]) == article_id:
            del self.content_owner[row[CK]]
        shard = shard_of(article_id)
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
        origin = str(record.get("origin", key))
        ids = list(record.get("ids", []))
        for article_id in ids:
            self.let_go(article_id, origin)
        self.pending.vanished.append((origin, ids))
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
            self.settle()
            self.meta["roots"] = [k for k in known if k not in keys]
            self.sources_touched = True
            self._commit()
        return unknown

    def _commit(self) -> None:
        changes = Changes(
            self.meta,
            list(self.articles.values()),
            self.sources,
            self.new_bodies,
            self.dropped_bodies,
            self.fresh,
        )
        commit(self.store, changes)

    # --- the commit -----------------------------------------------------------------------------


def _read_sources(store: ArticleReader) -> dict[str, dict[str, Any]]:
    name = store.meta().get("sources")
    if not name:
        return {}
    data = read_json_file(store.bodies_dir / str(name)) or {}
    # Copies: a load that fails must not leave changed records anywhere.
    return {k: dict(v) for k, v in data.get("sources", {}).items() if isinstance(v, dict)}


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True
