"""Reading the article data: the index, the summaries files and the body shards.

`ArticleReader` never writes nor locks: a load (`articles.ArticleStore.load`, `building.py`)
commits by replacing the index in one rename, and a reader that finds a file its index named
gone (`StoreChanged`) reads the index again. The file layout is in `layout.py`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tui_news.model import Article, ArticleSummary, Block
from tui_news.store.columns import (
    ListColumns,
    parse_list_columns,
    read_summaries_file,
    summaries_from_columns,
)
from tui_news.store.layout import (
    CODE_KINDS,
    SCHEMA_VERSION,
    STORE_KIND,
    StoreFiles,
    shard_of,
    unstore_key,
)
from tui_news.store.storage import (
    IndexFile,
    StoreChanged,
    StoreCorrupt,
    StoreError,
    StoreVersionError,
    is_line_shard,
    parse_json_bytes,
    read_store_bytes,
    shard_line_record,
)

#: Parsed body shards kept in memory: reading on with n/p mostly stays in a few of them.
SHARD_CACHE_SIZE = 4


class Stopped(Exception):
    """Long work given up because its caller asked (`stop()`): not an error, nothing changed."""


class ArticleReader:
    """The article data of the store at `path`, read on demand: the index first (`columns`),
    the summaries after (`summaries`), an article's body when it is opened (`get`)."""

    def __init__(self, path: Path, *, readonly: bool = False, check: bool = True) -> None:
        """Open the store at `path`. With `check=False` a store of another schema version (or a
        damaged one) opens without complaint, so that `rebuild` can replace it; every other
        operation still refuses it."""
        self.path = path
        self.bodies_dir = StoreFiles(path).bodies
        self.readonly = readonly
        #: The index, as last read (`reread` looks at the disk again).
        self.index = IndexFile(path)
        #: Shard name -> its bytes (one record a line) or, for a shard in another layout, parsed.
        self._shard_cache: OrderedDict[str, bytes | dict[str, Any]] = OrderedDict()
        self._shard_lock = threading.Lock()
        self._columns: ListColumns | None = None
        self._verified = False
        if check:
            self.check_version()

    def check_version(self) -> None:
        """`StoreCorrupt` unless the index is a tui-news store, `StoreVersionError` unless of
        this schema (nothing when there is no index yet)."""
        data = self.index.read()
        if data is None:
            return
        meta = data.get("meta", {}).get("store")
        if not isinstance(meta, dict) or meta.get("kind") != STORE_KIND:
            raise StoreCorrupt(
                self.path, f"{self.path} is not a tui-news article store (no version record)"
            )
        version = meta.get("schema")
        if isinstance(version, int) and version > SCHEMA_VERSION:
            raise StoreVersionError(
                self.path,
                f"{self.path} was written by a newer tui-news (schema {version}); this one reads "
                f"schema {SCHEMA_VERSION}. Use that tui-news, or throw its article data away with "
                "`tui-news load --rebuild` (your read and starred marks are kept apart and survive).",
            )
        if version != SCHEMA_VERSION:
            raise StoreVersionError(
                self.path,
                f"{self.path} has store schema {version}; this tui-news reads schema {SCHEMA_VERSION}. "
                "Rebuild it with `tui-news load --rebuild` (your read and starred marks are kept apart and survive).",
            )
        self._verified = True

    def _read(self) -> dict[str, Any]:
        """The index as last read, checked once for its kind and version."""
        data = self.index.read() or {}
        if not self._verified and data:
            self.check_version()
        return data

    @property
    def exists(self) -> bool:
        """Whether the store file is there (a damaged one counts: it must not be built over)."""
        try:
            return self.index.read() is not None
        except StoreError:
            return True

    def meta(self) -> dict[str, Any]:
        data = self._read()
        meta = data.get("meta", {}).get("store")
        return dict(meta) if isinstance(meta, dict) else {}

    def roots(self) -> list[str]:
        return [unstore_key(str(r)) for r in self.meta().get("roots", [])]

    def refresh(self) -> None:
        """See what another process may have written since this store was opened."""
        self.reread()
        self.check_version()

    def reread(self) -> None:
        """Forget the index as read: the next read sees the file as it is now (unchecked)."""
        self.index.reload()
        self._columns = None
        self._verified = False

    def hold(self, data: dict[str, Any] | None, *, verified: bool) -> None:
        """Take `data` as the index until `reread` (what a load just committed, or `{}` for an
        index a rebuild replaces whatever it holds); `verified`: its kind and version hold."""
        self.index.hold(data)
        self._columns = None
        self._verified = verified

    def columns(self) -> ListColumns:
        """The list's columns, from the index file alone (the first paint needs nothing else)."""
        if self._columns is None:
            data = self._read()
            raw = data.get("list", {}).get("columns")
            if raw is None and not data.get("meta"):
                self._columns = ListColumns.empty()
            else:
                self._columns = parse_list_columns(self.path, raw)
        return self._columns

    def __len__(self) -> int:
        return len(self.columns())

    def summaries(
        self,
        stop: Callable[[], bool] | None = None,
        settle: Callable[[], None] | None = None,
    ) -> list[ArticleSummary]:
        """Every summary, in the order of `columns()` (same positions).

        Read one file of `SUMMARY_CHUNK` rows at a time, each made into objects before the
        next is parsed: the peak is one chunk's JSON, not 100,000 articles' at once.
        `StoreChanged` when a load committed since the index was read (its summaries files are
        gone); `refresh()` and ask again. `Stopped` as soon as `stop()` says so (checked before
        each file: an app quitting while it reads 100,000 summaries in a worker). `settle()` is
        called after each file's rows are made (the app takes them out of the cyclic
        collector's sight there, so that no collection walks all those read before).
        """
        summaries: list[ArticleSummary] = []
        canonical: dict[Any, Any] = {}
        for chunk in self.summary_chunks():
            if stop is not None and stop():
                raise Stopped("reading the summaries was stopped")
            summaries.extend(summaries_from_columns(chunk, canonical))
            if settle is not None:
                settle()
        return summaries

    def summary_chunks(self) -> Iterator[dict[str, list[Any]]]:
        """The summaries files' columns, one file at a time, each checked against the index.

        `StoreChanged` when a load committed since the index was read (the files it named are
        gone and the index now names others); `StoreCorrupt` when a file is missing for good or
        does not match the index.
        """
        names = self.meta().get("summaries") or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise StoreCorrupt(
                self.path, f"{self.path} is damaged: its summaries files are unnamed"
            )
        ids = self.columns().ids
        start = 0
        for name in names:
            path = self.bodies_dir / name
            columns = read_summaries_file(path)
            if columns is None:
                self.refresh()
                if self.meta().get("summaries") != names:
                    raise StoreChanged(path, f"{path} is gone: the store was reloaded meanwhile")
                raise StoreCorrupt(
                    self.path,
                    f"{path} is missing, so search and filters cannot work; rebuild the store "
                    "with `tui-news load --rebuild` (your read and starred marks are kept apart "
                    "and survive)",
                )
            end = start + len(columns["id"])
            if columns["id"] != ids[start:end]:
                raise StoreCorrupt(
                    self.path, f"{path} does not match {self.path} (it lists other articles)"
                )
            start = end
            yield columns
        if start != len(ids):
            raise StoreCorrupt(
                self.path, f"{self.path} lists articles its summaries files do not hold"
            )

    def get(self, article_id: str) -> Article | None:
        record = self._record(article_id)
        if record is None:
            return None
        summary = ArticleSummary.from_store(record["s"])
        try:
            blocks = tuple(Block(CODE_KINDS.get(k, "paragraph"), t) for k, t in record["b"])
        except (TypeError, ValueError):
            blocks = ()
        return Article.from_summary(summary, blocks)

    def _record(self, article_id: str) -> dict[str, Any] | None:
        """The body shard's record of an article (`b`: blocks, `s`: summary), or None."""
        record = self._shard_record(article_id)
        if record is False:
            # Another process loaded since we read the index and swept the shard we knew of.
            self.refresh()
            record = self._shard_record(article_id)
        if not isinstance(record, dict) or not isinstance(record.get("s"), dict):
            return None
        return record

    def warm(self, article_id: str) -> None:
        """Read the body shard of `article_id` into the cache now (from a background thread,
        for the article the user is about to open)."""
        self._shard_record(article_id)

    def _shard_record(self, article_id: str) -> dict[str, Any] | bool | None:
        """The record; None when there is none; False when the shard this index names is gone."""
        shard_name = self.meta().get("shards", {}).get(shard_of(article_id))
        if not shard_name:
            return None
        # One reader of shard files at a time: an open that comes while `warm` parses the same
        # shard waits for it and takes it from the cache instead of parsing it again.
        path = self.bodies_dir / shard_name
        with self._shard_lock:
            shard = self._shard_cache.get(shard_name)
            if shard is None:
                # A shard written one record a line is kept as its bytes: each open parses
                # its own line. Any other (an older store, a hand-edited file) is parsed whole.
                try:
                    raw = read_store_bytes(path)
                    if raw is None:
                        return False
                    shard = raw if is_line_shard(raw) else parse_json_bytes(path, raw)
                except StoreCorrupt:
                    return None
                # A shard's name carries its generation, so a cached one can never be stale.
                self._shard_cache[shard_name] = shard
                while len(self._shard_cache) > SHARD_CACHE_SIZE:
                    self._shard_cache.popitem(last=False)
            else:
                self._shard_cache.move_to_end(shard_name)
        if isinstance(shard, bytes):
            found, record = shard_line_record(shard, article_id)
            if not found:  # a line that does not parse: the whole file is damaged
                try:
                    record = parse_json_bytes(path, shard).get("bodies", {}).get(article_id)
                except StoreCorrupt:
                    return None
        else:
            record = shard.get("bodies", {}).get(article_id)
        return record if isinstance(record, dict) else None
