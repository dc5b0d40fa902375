"""The article data: a rebuildable TinyDB store built from seed files by the loader.

Layout (schema 2), for a store at `news.json`:
- `news.json`: what the app needs for its first paint and nothing more. TinyDB tables `meta`
  (schema version, shard map, loaded roots, the names of the files below) and `list` (one
  document of columns: ids, titles, where, dates, minutes, and the row order for each sort,
  computed at load time). At 100,000 articles it is ~12 MB, read in a few tens of ms.
- `news.bodies/summaries-G-K.json`: every article's summary (what search, filters and the CLI
  need), as columns in the same order as `list`, `SUMMARY_CHUNK` rows per file, so 100,000
  summaries cost strings, not dicts, and are read one file at a time. The app reads them in a
  worker after the first paint.
- `news.bodies/sources-G.json`: one record per seed file (size, mtime, digest, the ids it gave),
  for incremental loads; the app never reads it.
- `news.bodies/XX-G.json`: article bodies (and each article's summary) in 256 TinyDB shard
  files by id prefix, read only when an article is opened.
- `news.head.json`: the list's first rows in each sort and the article count, written after
  each commit and used only while it describes the index on disk (`head.py`): the app's first
  frame is drawn from it, and `news.json` is read right after.

A load (`building.py`) writes every new file under a fresh generation name G first and then
replaces `news.json`, which names them: that rename is the commit point, so a kill at any moment
leaves the old store or the new one. Nothing here touches user state (see `state.py`).
"""

from __future__ import annotations

import contextlib
import re
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tui_news.model import SORTS, Article, ArticleSummary, Block, BlockKind, Mentions
from tui_news.store.storage import (
    AtomicJSONStorage,
    StoreCorrupt,
    StoreDB,
    StoreError,
    StoreVersionError,
    StoreWriteError,
    is_line_shard,
    parse_json_bytes,
    read_json_file,
    read_store_bytes,
    shard_line_record,
    sweep_temp_files,
    write_lock,
)

if TYPE_CHECKING:
    from tui_news.loader.files import Skipped

SCHEMA_VERSION = 2
STORE_KIND = "tui-news articles"
#: Parsed body shards kept in memory: reading on with n/p mostly stays in a few of them.
_SHARD_CACHE_SIZE = 4
_KIND_CODES: dict[str, str] = {
    "paragraph": "p",
    "heading": "h",
    "quote": "q",
    "caption": "c",
    "list_item": "l",
}
_CODE_KINDS: dict[str, BlockKind] = {v: cast(BlockKind, k) for k, v in _KIND_CODES.items()}

#: The columns of the `list` table, and of the summaries file (same positions in both).
LIST_COLUMNS: tuple[str, ...] = ("id", "title", "where", "published", "minutes")
SUMMARY_COLUMNS: tuple[str, ...] = (
    "id", "ck", "title", "dek", "category", "byline", "published", "source", "url", "tags",
    "people", "places", "organizations", "word_count", "reading_minutes", "origin", "lead",
)  # fmt: skip
#: Rows per summaries file.
SUMMARY_CHUNK = 10_000

#: (files done, files in all or 0 while the walk goes on, the file's origin)
ProgressCallback = Callable[[int, int, str], None]


class Stopped(Exception):
    """Long work given up because its caller asked (`stop()`): not an error, nothing changed."""


class StoreChanged(StoreError):
    """Another process committed a load since this store's index was read: read it again."""


@dataclass
class LoadReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    files_parsed: int = 0
    files_seen: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class ListColumns:
    """What the list draws, one entry per article (`ids[i]` …), and each sort's row order.

    `partial(i)` makes an `ArticleSummary` with just the list's fields, for the first paint,
    before the whole summaries are read; `where` goes in its `category`.
    """

    ids: list[str]
    titles: list[str]
    where: list[str | None]
    published: list[str | None]
    minutes: list[int]
    orders: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.ids)

    def as_dict(self) -> dict[str, Any]:
        """The columns as the index's `list` document holds them (`LIST_COLUMNS`, `orders`)."""
        return {
            "id": self.ids,
            "title": self.titles,
            "where": self.where,
            "published": self.published,
            "minutes": self.minutes,
            "orders": self.orders,
        }

    def partial(self, i: int) -> ArticleSummary:
        return ArticleSummary(
            self.ids[i],
            self.titles[i],
            category=self.where[i],
            published=self.published[i],
            reading_minutes=self.minutes[i],
        )

    @classmethod
    def empty(cls) -> ListColumns:
        return cls([], [], [], [], [], {sort: [] for sort in SORTS})


class ArticleStore:
    def __init__(self, path: Path, *, readonly: bool = False, check: bool = True) -> None:
        """Open the store at `path`. With `check=False` a store of another schema version (or a
        damaged one) opens without complaint, so that `rebuild` can replace it; every other
        operation still refuses it."""
        self.path = path
        self.bodies_dir = path.with_name(path.stem + ".bodies")
        self.readonly = readonly
        self._storage = AtomicJSONStorage(path, readonly=readonly)
        self._db = StoreDB(storage=lambda: self._storage)
        #: Shard name -> its bytes (one record a line) or, for a shard in another layout, parsed.
        self._shard_cache: OrderedDict[str, bytes | dict[str, Any]] = OrderedDict()
        self._shard_lock = threading.Lock()
        self._columns: ListColumns | None = None
        self._verified = False
        if check:
            self._check_version()

    # --- reading ------------------------------------------------------------------------------

    def _check_version(self) -> None:
        data = self._storage.read()
        if data is None:
            return
        meta = data.get("meta", {}).get("store")
        if not isinstance(meta, dict) or meta.get("kind") != STORE_KIND:
            raise StoreCorrupt(
                self.path, f"{self.path} is not a tui-news article store (no version record)"
            )
        version = meta.get("schema")
        if version != SCHEMA_VERSION:
            raise StoreVersionError(
                self.path,
                f"{self.path} has store schema {version}; this tui-news reads schema {SCHEMA_VERSION}. "
                "Rebuild it with `tui-news load --rebuild` (your read and starred marks are kept apart and survive).",
            )
        self._verified = True

    def _read(self) -> dict[str, Any]:
        """The index as last read, checked once for its kind and version."""
        data = self._storage.read() or {}
        if not self._verified and data:
            self._check_version()
        return data

    @property
    def exists(self) -> bool:
        """Whether the store file is there (a damaged one counts: it must not be built over)."""
        try:
            return self._storage.read() is not None
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
        self._storage.reload()
        self._columns = None
        self._verified = False
        self._check_version()

    def columns(self) -> ListColumns:
        """The list's columns, from the index file alone (the first paint needs nothing else)."""
        if self._columns is None:
            data = self._read()
            raw = data.get("list", {}).get("columns")
            if raw is None and not data.get("meta"):
                self._columns = ListColumns.empty()
            else:
                self._columns = _list_columns(self.path, raw)
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
            summaries.extend(_summaries_from_columns(chunk, canonical))
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
            blocks = tuple(Block(_CODE_KINDS.get(k, "paragraph"), t) for k, t in record["b"])
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
        shard_name = self.meta().get("shards", {}).get(_shard_of(article_id))
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
                while len(self._shard_cache) > _SHARD_CACHE_SIZE:
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

    # --- loading (building.py holds the loader, imported only when a load runs) ----------------

    def load(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Load seed files into the store: new and changed files parsed, unchanged ones skipped.

        `workers`: processes that parse files (default: one per CPU; 1 parses here)."""
        from tui_news.store.building import Loader

        with self._writing(wait):
            loader = Loader(self, paths, bundled_root, progress, remember_roots, workers=workers)
            return loader.run()

    def forget(
        self, roots: Sequence[Path], *, bundled_root: Path | None = None, wait: float = 10.0
    ) -> tuple[LoadReport, list[Path]]:
        """Stop loading `roots` (folders or files this store was loaded from, there or not):
        the articles of their files leave the store (unless another loaded folder holds the
        file), and no reload brings them back; user state is untouched. (The report, the
        roots that were not loaded ones.) `bundled_root`: the bundled seeds' folder, whose
        files are keyed apart (`tui-news forget` of that folder drops them)."""
        from tui_news.store.building import Loader

        with self._writing(wait):
            loader = Loader(self, [], bundled_root, None, remember_roots=False, workers=1)
            unknown = loader.forget(roots)
            return loader.report, unknown

    @contextlib.contextmanager
    def _writing(self, wait: float) -> Iterator[None]:
        """Under the write lock, with the file as it is on disk now (another process may have
        loaded meanwhile), of this version, and no temp file a killed writer left."""
        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self._storage.reload()
            self._columns = None
            self._check_version()
            sweep_temp_files(self.path)
            try:
                yield
            finally:
                self._columns = None

    def rebuild(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
        workers: int | None = None,
    ) -> LoadReport:
        """Throw the article data away and load again (user state is elsewhere and untouched).

        The new store is committed in one step, like any load: a kill part-way leaves the old
        store. Works on a store of another schema version or a damaged one (it replaces it).
        """
        from tui_news.store.building import Loader, new_meta

        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self._storage.reload()
            self._columns = None
            sweep_temp_files(self.path)
            try:
                data = self._storage.read() or {}
                previous = data.get("meta", {}).get("store")
            except StoreError:
                previous = None
            previous = previous if isinstance(previous, dict) else {}
            roots = previous.get("roots")
            fresh = (
                new_meta(r for r in roots if isinstance(r, str))
                if isinstance(roots, list)
                else new_meta()
            )
            with contextlib.suppress(TypeError, ValueError):
                fresh["generation"] = int(previous.get("generation", 0))
            # What the file holds (maybe another version, maybe damaged) is not read again.
            self._storage.forget()
            self._verified = True
            loader = Loader(
                self, paths, bundled_root, progress, remember_roots, fresh=fresh, workers=workers
            )
            try:
                return loader.run()
            except BaseException:
                self._storage.reload()
                self._verified = False
                raise
            finally:
                self._columns = None

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise StoreWriteError(
                self.path, f"{self.path} is open read-only here: nothing can be loaded into it"
            )


def _checked_columns(path: Path, raw: Any, names: Sequence[str]) -> dict[str, list[Any]]:
    """`raw` as a dict of equally long lists with every name in `names`, else `StoreCorrupt`."""
    if not isinstance(raw, dict):
        raise StoreCorrupt(path, f"{path} is damaged: its columns are missing")
    length: int | None = None
    for name in names:
        column = raw.get(name)
        if not isinstance(column, list):
            raise StoreCorrupt(path, f"{path} is damaged: column {name!r} is missing")
        if length is None:
            length = len(column)
        elif len(column) != length:
            raise StoreCorrupt(path, f"{path} is damaged: its columns differ in length")
    return raw


def read_summaries_file(path: Path) -> dict[str, list[Any]] | None:
    """One summaries file's columns, checked for shape; None when the file is not there."""
    data = read_json_file(path)
    if data is None:
        return None
    return _checked_columns(path, data.get("summaries", {}).get("columns"), SUMMARY_COLUMNS)


def _list_columns(path: Path, raw: Any) -> ListColumns:
    columns = _checked_columns(path, raw, LIST_COLUMNS)
    n = len(columns["id"])
    orders: dict[str, list[int]] = {}
    raw_orders = columns.get("orders")
    for sort in SORTS:
        order = raw_orders.get(sort) if isinstance(raw_orders, dict) else None
        if not isinstance(order, list) or len(order) != n:
            raise StoreCorrupt(path, f"{path} is damaged: the {sort} order is missing")
        orders[sort] = order
    problem = column_types_problem(columns)
    if problem is not None:
        raise StoreCorrupt(path, f"{path} is damaged: {problem}")
    where = _interned(columns["where"])
    for order in orders.values():
        if not are_positions(order, n):
            raise StoreCorrupt(path, f"{path} is damaged: a sort order is not a permutation")
    return ListColumns(
        columns["id"], columns["title"], where, columns["published"], columns["minutes"], orders
    )


def column_types_problem(columns: Mapping[str, list[Any]]) -> str | None:
    """What is wrong with the types in the list columns `columns` (keyed by `LIST_COLUMNS`,
    as the index and the first page hold them), or None. In C-level passes: 100,000 rows are on
    the start path."""
    text, maybe_text = {str}, {str, type(None)}
    if not _types(columns["id"]) <= text or not _types(columns["title"]) <= text:
        return "an id or a title is not text"
    if not _types(columns["minutes"]) <= {int}:
        return "a reading time is not a number"
    if not _types(columns["published"]) <= maybe_text or not _types(columns["where"]) <= maybe_text:
        return "a date or a category is not text"
    return None


def are_positions(order: list[Any], n: int) -> bool:
    """Whether `order` holds distinct whole numbers, each a position in `range(n)`."""
    return not order or (
        _types(order) <= {int}
        and min(order) >= 0
        and max(order) < n
        and len(set(order)) == len(order)
    )


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _interned(values: list[Any], canonical: dict[Any, Any] | None = None) -> list[Any]:
    """The column with equal strings shared (orjson makes one string object per occurrence);
    `canonical` carries the shared ones over from column to column.

    Values that are not text or None become text (a hand-edited store)."""
    if not _types(values) <= {str, type(None)}:
        values = [v if v is None or type(v) is str else str(v) for v in values]
    canonical = {} if canonical is None else canonical
    keep = canonical.setdefault
    for value in set(values):
        keep(value, value)
    return list(map(canonical.__getitem__, values))


_TEXT_OR_NONE = ("dek", "category", "byline", "published", "source", "url", "origin")
_LIST_VALUED = ("tags", "people", "places", "organizations")
_NONE = type(None)


def _summaries_from_columns(
    raw: dict[str, list[Any]], canonical: dict[Any, Any] | None = None
) -> list[ArticleSummary]:
    """Summaries from the summaries file's columns. Repeated strings (categories, sources, tags,
    names and places) become one shared object each: at 100,000 articles that is most of them.
    Columns of another shape than the store writes (a hand-edited file) take `from_dict`."""
    names = [n for n in SUMMARY_COLUMNS if n != "ck"]
    trusted = (
        _types(raw["id"]) <= {str}
        and _types(raw["title"]) <= {str}
        and _types(raw["lead"]) <= {str}
        and _types(raw["word_count"]) <= {int}
        and _types(raw["reading_minutes"]) <= {int}
        and all(_types(raw[c]) <= {str, _NONE} for c in _TEXT_OR_NONE)
        and all(_types(raw[c]) <= {list} for c in _LIST_VALUED)
    )
    if not trusted:
        rows = zip(*(raw[n] for n in names), strict=True)
        return [ArticleSummary.from_dict(_row_dict(row)) for row in rows]
    canonical = {} if canonical is None else canonical
    for name in ("category", "source", "byline", "origin"):
        raw[name] = _interned(raw[name], canonical)
    keep = canonical.setdefault
    empty: tuple[str, ...] = ()
    for name in _LIST_VALUED:
        raw[name] = [
            tuple(keep(x, x) if type(x) is str else str(x) for x in values) if values else empty
            for values in raw[name]
        ]
    no_mentions = Mentions()
    mentions = [
        Mentions(people, places, orgs) if people or places or orgs else no_mentions
        for people, places, orgs in zip(
            raw.pop("people"), raw.pop("places"), raw.pop("organizations"), strict=True
        )
    ]
    columns = (
        raw["id"], raw["title"], raw["dek"], raw["category"], raw["byline"],
        raw["published"], raw["source"], raw["url"], raw["tags"], mentions,
        raw["word_count"], raw["reading_minutes"], raw["origin"], raw["lead"],
    )  # fmt: skip
    return list(map(ArticleSummary, *columns))


def _row_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    names = [n for n in SUMMARY_COLUMNS if n != "ck"]
    data = dict(zip(names, row, strict=True))
    data["mentions"] = {k: data.pop(k) for k in ("people", "places", "organizations")}
    return data


def _shard_of(article_id: str) -> str:
    from hashlib import blake2b  # (not on the start path: it loads OpenSSL)

    return blake2b(article_id.encode("utf-8"), digest_size=1).hexdigest()


# A source key or root is a file system path, which may hold control characters or (on POSIX)
# bytes that are not UTF-8 (surrogate escapes): neither may be written to the store as is.
_UNSAFE_KEY = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_ESCAPED_KEY = "esc:"


def store_key(key: str) -> str:
    """`key` fit to store: unchanged when it is plain text, else `esc:` and %-escaped bytes.

    Reversible (`unstore_key`) and one-to-one, so a file keeps its record across loads.
    """
    if not _UNSAFE_KEY.search(key) and not key.startswith(_ESCAPED_KEY):
        return key
    raw = key.encode("utf-8", "surrogateescape")
    return _ESCAPED_KEY + urllib.parse.quote(raw, safe="/:@+=,;~ ")


def unstore_key(stored: str) -> str:
    if not stored.startswith(_ESCAPED_KEY):
        return stored
    raw = urllib.parse.unquote_to_bytes(stored[len(_ESCAPED_KEY) :])
    return raw.decode("utf-8", "surrogateescape")


__all__ = [
    "LIST_COLUMNS",
    "SCHEMA_VERSION",
    "SUMMARY_COLUMNS",
    "ArticleStore",
    "ListColumns",
    "LoadReport",
    "StoreChanged",
    "store_key",
    "unstore_key",
]
