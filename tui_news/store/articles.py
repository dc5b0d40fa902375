"""The article data: a rebuildable TinyDB store built from seed files by the loader.

Layout, for a store at `news.json`:
- `news.json`: TinyDB tables `meta` (schema version, shard map, loaded roots), `articles`
  (one `ArticleSummary` per id: what the list and search need) and `sources` (one record per
  seed file: size, mtime, digest and the ids it gave, for incremental loads).
- `news.bodies/`: article bodies in 256 TinyDB shard files by id prefix, read only when an
  article is opened, so start-up never parses bodies.

A load writes new shard files under fresh names first and then replaces `news.json`, which names
the shards it uses: that rename is the commit point, so a kill at any moment leaves the old store
or the new one. Nothing here touches user state (see `state.py`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from tinydb.table import Document

from tui_news.loader.files import (
    FEED_SUFFIXES,
    JSON_SUFFIXES,
    JSONL_SUFFIXES,
    MAX_JSON_BYTES,
    MAX_TEXT_BYTES,
    LoadError,
    Skipped,
    SourceFile,
    absolute_path,
    discover,
    display_path,
    parse_file,
    read_bytes,
)
from tui_news.model import Article, ArticleSummary, Block, BlockKind
from tui_news.store.storage import (
    AtomicJSONStorage,
    StoreCorrupt,
    StoreDB,
    StoreError,
    StoreVersionError,
    StoreWriteError,
    fsync_dir,
    sweep_temp_files,
    write_lock,
)

SCHEMA_VERSION = 1
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

ProgressCallback = Callable[[int, int, str], None]


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
        self._shard_cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._verified = False
        if check:
            self._check_version()

    # --- reading ------------------------------------------------------------------------------

    def _check_version(self) -> None:
        data = self._storage.read()
        if data is None:
            return
        meta = data.get("meta", {}).get("store")
        if not isinstance(meta, dict) or meta.get("kind") != "tui-news articles":
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

    def _meta(self) -> dict[str, Any]:
        data = self._read()
        meta = data.get("meta", {}).get("store")
        return dict(meta) if isinstance(meta, dict) else {}

    def roots(self) -> list[str]:
        return [unstore_key(str(r)) for r in self._meta().get("roots", [])]

    def refresh(self) -> None:
        """See what another process may have written since this store was opened."""
        self._storage.reload()
        self._verified = False
        self._check_version()

    def summaries(self) -> list[ArticleSummary]:
        data = self._read()
        return [ArticleSummary.from_store(doc) for doc in data.get("articles", {}).values()]

    def __len__(self) -> int:
        data = self._read()
        return len(data.get("articles", {}))

    def summary(self, article_id: str) -> ArticleSummary | None:
        data = self._read()
        doc = data.get("articles", {}).get(article_id)
        return ArticleSummary.from_store(doc) if doc else None

    def get(self, article_id: str) -> Article | None:
        summary = self.summary(article_id)
        if summary is None:
            return None
        blocks = self._blocks(article_id)
        if blocks is None:
            # Another process loaded since we read the index and swept the shard we knew of.
            self.refresh()
            summary = self.summary(article_id) or summary
            blocks = self._blocks(article_id) or ()
        return Article.from_summary(summary, blocks)

    def _blocks(self, article_id: str) -> tuple[Block, ...] | None:
        """The body's blocks; None when the shard file this index names is gone."""
        shard_name = self._meta().get("shards", {}).get(_shard_of(article_id))
        if not shard_name:
            return ()
        shard = self._shard_cache.get(shard_name)
        if shard is None:
            try:
                shard = AtomicJSONStorage(self.bodies_dir / shard_name, readonly=True).read()
            except StoreCorrupt:
                return ()
            if shard is None:
                return None
            # A shard's name carries its generation, so a cached one can never be stale.
            self._shard_cache[shard_name] = shard
            while len(self._shard_cache) > _SHARD_CACHE_SIZE:
                self._shard_cache.popitem(last=False)
        else:
            self._shard_cache.move_to_end(shard_name)
        raw = shard.get("bodies", {}).get(article_id)
        if not raw:
            return ()
        return tuple(Block(_CODE_KINDS.get(k, "paragraph"), t) for k, t in raw["b"])

    # --- loading ------------------------------------------------------------------------------

    def load(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
    ) -> LoadReport:
        """Load seed files into the store: new and changed files parsed, unchanged ones skipped."""
        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self._storage.reload()
            self._check_version()
            sweep_temp_files(self.path)
            return _Loader(self, paths, bundled_root, progress, remember_roots).run()

    def rebuild(
        self,
        paths: Sequence[Path],
        *,
        bundled_root: Path | None = None,
        progress: ProgressCallback | None = None,
        wait: float = 10.0,
        remember_roots: bool = True,
    ) -> LoadReport:
        """Throw the article data away and load again (user state is elsewhere and untouched).

        The new store is committed in one step, like any load: a kill part-way leaves the old
        store. Works on a store of another schema version or a damaged one (it replaces it).
        """
        self._refuse_if_readonly()
        with write_lock(self.path, wait=wait):
            self._storage.reload()
            sweep_temp_files(self.path)
            try:
                data = self._storage.read() or {}
                previous = data.get("meta", {}).get("store")
            except StoreError:
                previous = None
            previous = previous if isinstance(previous, dict) else {}
            roots = previous.get("roots")
            fresh = (
                _new_meta(r for r in roots if isinstance(r, str))
                if isinstance(roots, list)
                else _new_meta()
            )
            with contextlib.suppress(TypeError, ValueError):
                fresh["generation"] = int(previous.get("generation", 0))
            # What the file holds (maybe another version, maybe damaged) is not read again.
            self._storage.forget()
            self._verified = True
            loader = _Loader(self, paths, bundled_root, progress, remember_roots, fresh=fresh)
            try:
                return loader.run()
            except BaseException:
                self._storage.reload()
                self._verified = False
                raise

    def _refuse_if_readonly(self) -> None:
        if self.readonly:
            raise StoreWriteError(
                self.path, f"{self.path} is open read-only here: nothing can be loaded into it"
            )


def _new_meta(roots: Iterable[str] = ()) -> dict[str, Any]:
    return {
        "kind": "tui-news articles",
        "schema": SCHEMA_VERSION,
        "shards": {},
        "roots": list(roots),
        "generation": 0,
    }


def _shard_of(article_id: str) -> str:
    return hashlib.blake2b(article_id.encode("utf-8"), digest_size=1).hexdigest()


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


class _Loader:
    """One load, under the write lock: decides what changed, then commits it in one go."""

    def __init__(
        self,
        store: ArticleStore,
        paths: Sequence[Path],
        bundled_root: Path | None,
        progress: ProgressCallback | None,
        remember_roots: bool,
        *,
        fresh: dict[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.paths = paths
        self.bundled_root = bundled_root
        self.progress = progress
        self.remember_roots = remember_roots
        self.report = LoadReport()
        #: A rebuild starts from nothing (and always commits), whatever the file holds now.
        self.fresh = fresh is not None
        data = {} if fresh is not None else store._storage.read() or {}
        self.meta = dict(fresh or data.get("meta", {}).get("store") or _new_meta())
        self.articles: dict[str, dict[str, Any]] = dict(data.get("articles", {}))
        # Copies: a load that fails must not leave changed records in the storage's cache.
        self.sources: dict[str, dict[str, Any]] = {
            k: dict(v) for k, v in data.get("sources", {}).items()
        }
        self.new_bodies: dict[str, dict[str, list[list[str]]]] = {}
        self.dropped_bodies: dict[str, set[str]] = {}
        self.content_owner = {
            doc["ck"]: doc_id for doc_id, doc in self.articles.items() if doc.get("ck")
        }

    def run(self) -> LoadReport:
        found = list(discover(self.paths, bundled_root=self.bundled_root))
        total = len(found)
        seen_keys: set[str] = set()
        for index, item in enumerate(found, start=1):
            if self.progress:
                self.progress(index, total, item.origin)
            if isinstance(item, Skipped):
                self.report.skipped.append(item)
                continue
            seen_keys.add(store_key(item.key))
            self.report.files_seen += 1
            self._load_file(item)
        self._drop_removed(seen_keys)
        if self.remember_roots:
            roots = [store_key(os.fsdecode(absolute_path(p))) for p in self.paths]
            known = list(self.meta.get("roots", []))
            self.meta["roots"] = list(dict.fromkeys([*known, *roots]))
            self._sources_touched |= self.meta["roots"] != known
        if (
            self.fresh
            or self.report.changed
            or self.store._storage.read() is None
            or self._sources_touched
        ):
            self._commit()
        return self.report

    _sources_touched = False

    def _unchanged(self, source: SourceFile, record: dict[str, Any]) -> None:
        """A file as it was last time: its articles count as unchanged, its problem is repeated."""
        self.report.unchanged += len(record.get("ids", []))
        error = record.get("error")
        if error:
            self.report.skipped.append(Skipped(source.origin, str(error)))

    def _load_file(self, source: SourceFile) -> None:
        skey = store_key(source.key)
        record = self.sources.get(skey)
        try:
            info = source.info or source.path.stat()
        except OSError as error:
            self.report.skipped.append(
                Skipped(source.origin, (error.strerror or "cannot be read").lower())
            )
            return
        if (
            record
            and record.get("mtime_ns") == info.st_mtime_ns
            and record.get("size") == info.st_size
        ):
            self._unchanged(source, record)
            return
        suffix = source.path.suffix.lower()
        data: bytes | None = None
        digest: str | None = None
        try:
            if suffix not in JSONL_SUFFIXES:
                limit = (
                    MAX_JSON_BYTES if suffix in JSON_SUFFIXES | FEED_SUFFIXES else MAX_TEXT_BYTES
                )
                data = read_bytes(source, limit)
                digest = hashlib.blake2b(data, digest_size=16).hexdigest()
                if record and record.get("digest") == digest:
                    record.update(mtime_ns=info.st_mtime_ns, size=info.st_size)
                    self._sources_touched = True
                    self._unchanged(source, record)
                    return
            self.report.files_parsed += 1
            result = parse_file(source, data)
        except LoadError as error:
            self.report.skipped.append(Skipped(error.path, error.reason))
            if not error.transient:
                # Remember why, so that the next load does not parse the same bad file again.
                # Articles it gave before it went bad are kept (the report names the problem).
                self.sources[skey] = {
                    "origin": source.origin,
                    "mtime_ns": info.st_mtime_ns,
                    "size": info.st_size,
                    "digest": digest,
                    "ids": list(record.get("ids", [])) if record else [],
                    "error": error.reason,
                }
                self._sources_touched = True
            return
        for warning in result.warnings:
            self.report.warnings.append((source.origin, warning))
        old_ids = set(record.get("ids", [])) if record else set()
        ids: list[str] = []
        seen: set[str] = set()  # a JSON Lines archive gives 100,000 ids: no list lookups
        for article in result.articles:
            key = article.content_key()
            owner = self.content_owner.get(key)
            if owner is not None and owner != article.id and owner not in old_ids:
                other = self.articles.get(owner, {}).get("origin") or owner
                self.report.duplicates.append((source.origin, str(other)))
                continue
            if article.id in seen:
                self.report.warnings.append(
                    (source.origin, f"two items share the id {article.id}; the second was left out")
                )
                continue
            ids.append(article.id)
            seen.add(article.id)
            self._put(article, key)
        for gone in old_ids - seen:
            self._remove_article(gone)
        self.sources[skey] = {
            "origin": source.origin,
            "mtime_ns": info.st_mtime_ns,
            "size": info.st_size,
            "digest": digest,
            "ids": ids,
        }
        self._sources_touched = True

    def _put(self, article: Article, content_key: str) -> None:
        doc = article.summary().to_dict()
        doc["ck"] = content_key
        previous = self.articles.get(article.id)
        if previous is None:
            self.report.added += 1
        elif previous.get("ck") != content_key or _meta_differs(previous, doc):
            self.report.updated += 1
        else:
            self.report.unchanged += 1
            return
        self.articles[article.id] = doc
        self.content_owner[content_key] = article.id
        body = [[_KIND_CODES[b.kind], b.text] for b in article.blocks]
        self.new_bodies.setdefault(_shard_of(article.id), {})[article.id] = body

    def _remove_article(self, article_id: str) -> None:
        doc = self.articles.pop(article_id, None)
        if doc is None:
            return
        if self.content_owner.get(doc.get("ck", "")) == article_id:
            del self.content_owner[doc["ck"]]
        self.dropped_bodies.setdefault(_shard_of(article_id), set()).add(article_id)

    def _drop_removed(self, seen_keys: set[str]) -> None:
        """Forget files that were under a loaded folder and are gone now."""
        folders = [absolute_path(p) for p in self.paths if p.is_dir()]
        for key, record in list(self.sources.items()):
            if key in seen_keys:
                continue
            bundled = key.startswith("bundled:")
            origin = Path(str(record.get("origin", ""))) if bundled else Path(unstore_key(key))
            under = any(_is_under(origin, folder) for folder in folders)
            if not under and not (
                self.bundled_root and bundled and absolute_path(self.bundled_root) in folders
            ):
                continue
            if not bundled and (origin.exists() or origin.is_symlink()):
                continue  # still there, just not supported any more or skipped: keep it
            for article_id in record.get("ids", []):
                self._remove_article(article_id)
            self.report.removed.append(display_path(str(record.get("origin", key))))
            del self.sources[key]
            self._sources_touched = True

    def _commit(self) -> None:
        store = self.store
        # Never a name the committed index may still use (a rebuild, a store from elsewhere).
        generation = max(int(self.meta.get("generation", 0)), _highest_generation(store)) + 1
        shards: dict[str, str] = dict(self.meta.get("shards", {}))
        old_files: list[Path] = []
        touched = set(self.new_bodies) | set(self.dropped_bodies)
        for shard in sorted(touched):
            old_name = shards.get(shard)
            bodies: dict[str, Any] = {}
            if old_name:
                previous = (
                    AtomicJSONStorage(store.bodies_dir / old_name, readonly=True).read() or {}
                )
                bodies = dict(previous.get("bodies", {}))
                old_files.append(store.bodies_dir / old_name)
            for article_id in self.dropped_bodies.get(shard, ()):
                bodies.pop(article_id, None)
            for article_id, blocks in self.new_bodies.get(shard, {}).items():
                bodies[article_id] = {"b": blocks}
            name = f"{shard}-{generation}.json"
            shard_storage = AtomicJSONStorage(store.bodies_dir / name, sync_dir=False)
            shard_storage.write({"bodies": bodies})
            shards[shard] = name
        if touched:
            # The new shard files are on disk before the index that names them is.
            fsync_dir(store.bodies_dir)
        self.meta.update(
            shards=shards,
            generation=generation,
            kind="tui-news articles",
            schema=SCHEMA_VERSION,
            updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        )
        db = store._db
        with store._storage.batch():
            db.table("meta").truncate()
            db.table("meta").insert(_doc({**self.meta}, "store"))
            db.table("articles").truncate()
            db.table("articles").insert_multiple(_doc(doc, i) for i, doc in self.articles.items())
            db.table("sources").truncate()
            db.table("sources").insert_multiple(_doc(doc, k) for k, doc in self.sources.items())
        # Committed: the shard files the old index named are garbage now.
        for path in old_files:
            with contextlib.suppress(OSError):
                path.unlink()
        _sweep_unreferenced(store.bodies_dir, set(shards.values()))


def _highest_generation(store: ArticleStore) -> int:
    try:
        names = os.listdir(store.bodies_dir)
    except OSError:
        return 0
    found = [int(m.group(1)) for m in map(_SHARD_NAME.match, names) if m]
    return max(found, default=0)


_SHARD_NAME = re.compile(r"^[0-9a-f]{2}-([0-9]{1,18})\.json$")


def _doc(value: dict[str, Any], doc_id: str) -> Document:
    """A TinyDB document under our string id (see `StrIdTable`)."""
    return Document(value, doc_id=doc_id)  # type: ignore[arg-type]


def _sweep_unreferenced(folder: Path, keep: set[str]) -> None:
    """Remove shard files no index names (left by a load that was killed before its commit)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if (name.endswith(".json") and name not in keep) or name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _is_under(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def _meta_differs(previous: dict[str, Any], doc: dict[str, Any]) -> bool:
    return any(previous.get(k) != v for k, v in doc.items())
