"""A load's commit: every new file written under a fresh generation, then the index replaced.

The new files (body shards, summaries, sources) are written and synced first, under names no
index uses yet; the index that names them replaces the old one in one rename, the commit
point; then the files only the old index named are removed. A kill at any moment leaves the old
store or the new one. The first page (`head.py`) is written after the index it describes.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_news.model import SORTS, sort_positions
from tui_news.store import head as first_page
from tui_news.store.atomic import fsync_dir, sweep_temp_files, write_json_file, write_shard
from tui_news.store.layout import (
    KEPT_INDEX_FILE,
    LIST_COLUMNS,
    SCHEMA_VERSION,
    STORE_KIND,
    SUMMARY_CHUNK,
    SUMMARY_COLUMNS,
    StoreFiles,
    generation_of,
    is_stray_body_file,
    shard_name,
    sources_name,
    summaries_name,
    temp_target,
)
from tui_news.store.prepare import CATEGORY, ID, MINUTES, PUBLISHED, SOURCE, TITLE, Row
from tui_news.store.reader import ArticleReader
from tui_news.store.storage import StoreError, read_json_file

#: Files written at once: each write ends in an fsync, which waits on the disk with the GIL
#: released, so the disk gets many at once while this thread works out the list's columns.
WRITER_THREADS = 16


@dataclass
class Changes:
    """What a load changed, to be committed: `meta` is the index's `meta` document (updated
    in place by the commit), `rows` every article's summary row in order, `sources` the
    records of the seed files, `new_bodies[shard][id]` the JSON of new body records and
    `dropped_bodies[shard]` the ids whose bodies go. `fresh`: nothing of the old files is kept."""

    meta: dict[str, Any]
    rows: list[Row]
    sources: dict[str, dict[str, Any]]
    new_bodies: dict[str, dict[str, bytes]]
    dropped_bodies: dict[str, set[str]]
    fresh: bool


def commit(store: ArticleReader, changes: Changes) -> None:
    """Write `changes` into the store, under its write lock (the caller holds it). A commit that
    fails before its commit point (a full disk, any exception) removes every file it wrote:
    the store is the last good one, with nothing stray beside it."""
    bodies_dir = store.bodies_dir
    # Never a name the committed index may still use (a rebuild, a store from elsewhere).
    generation = max(int(changes.meta.get("generation", 0)), highest_generation(bodies_dir)) + 1
    try:
        written = _write_generation(store, changes, generation)
    except BaseException:
        if _index_generation(store.path) != generation:  # (else the index names them now)
            remove_generation(bodies_dir, generation)
            sweep_temp_files(store.path)
        raise
    index, old_files, keep = written
    store.hold(index, verified=True)
    write_head_quietly(store.path, index["list"]["columns"], generation)
    # Committed: the files the old index named are garbage now.
    for path in old_files:
        with contextlib.suppress(OSError):
            path.unlink()
    sweep_unreferenced(bodies_dir, keep)


def _write_generation(
    store: ArticleReader, changes: Changes, generation: int
) -> tuple[dict[str, Any], list[Path], set[str]]:
    """Write generation `generation`'s files, then the index that names them (the commit
    point): (the index, the files only the old index named, the files the new one names)."""
    meta = changes.meta
    bodies_dir = store.bodies_dir
    shards: dict[str, str] = dict(meta.get("shards", {}))
    old_files: list[Path] = []
    touched = sorted(set(changes.new_bodies) | set(changes.dropped_bodies))

    def write_body_shard(shard: str, old_name: str | None) -> str:
        bodies: dict[str, Any] = {}
        if old_name and not changes.fresh:
            previous = read_json_file(bodies_dir / old_name) or {}
            bodies = dict(previous.get("bodies", {}))
        for article_id in changes.dropped_bodies.get(shard, ()):
            bodies.pop(article_id, None)
        bodies.update(changes.new_bodies.get(shard, {}))
        name = shard_name(shard, generation)
        write_shard(bodies_dir / name, bodies.items())
        return name

    rows = changes.rows
    summaries = [summaries_name(generation, k) for k in range(-(-len(rows) // SUMMARY_CHUNK))]
    sources = sources_name(generation)

    def write_summaries(k: int) -> None:
        chunk = rows[k * SUMMARY_CHUNK : (k + 1) * SUMMARY_CHUNK]
        write_table(bodies_dir / summaries[k], "summaries", [("columns", summary_columns(chunk))])

    with ThreadPoolExecutor(max_workers=WRITER_THREADS) as writers:
        try:
            names = writers.map(write_body_shard, touched, [shards.get(t) for t in touched])
            others = [writers.submit(write_summaries, k) for k in range(len(summaries))]
            others.append(
                writers.submit(
                    write_table, bodies_dir / sources, "sources", changes.sources.items()
                )
            )
            list_columns = list_columns_of(rows)
            for shard, name in zip(touched, names, strict=True):
                old_name = shards.get(shard)
                if old_name:
                    old_files.append(bodies_dir / old_name)
                shards[shard] = name
            for other in others:
                other.result()
        except BaseException:
            # One write failed (a full disk): the rest would fail too, or be removed.
            writers.shutdown(wait=True, cancel_futures=True)
            raise
    # The new files are on disk before the index that names them is.
    fsync_dir(bodies_dir)
    old_summaries = meta.get("summaries")
    if isinstance(old_summaries, list):
        old_files += [bodies_dir / n for n in old_summaries if isinstance(n, str)]
    old_sources = meta.get("sources")
    if isinstance(old_sources, str):
        old_files.append(bodies_dir / old_sources)
    meta.update(
        shards=shards,
        generation=generation,
        kind=STORE_KIND,
        schema=SCHEMA_VERSION,
        summaries=summaries,
        sources=sources,
        count=len(rows),
        updated=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    )
    index = {"meta": {"store": {**meta}}, "list": {"columns": list_columns}}
    write_json_file(store.path, index)
    return index, old_files, {*shards.values(), *summaries, sources}


def write_head_quietly(db: Path, list_columns: dict[str, Any], generation: int) -> None:
    """The first page of the index just written, for the app's next start (a cache: if it
    cannot be written, the one there no longer matches the index and is not used). A
    writer killed in the middle of it left a temp file: swept here, under the lock."""
    sweep_temp_files(StoreFiles(db).head)
    with contextlib.suppress(OSError, StoreError):
        write_head(db, list_columns, generation)


def write_head(db: Path, columns: dict[str, Any], generation: int) -> None:
    """Write the head of the index just committed at `db` (`columns`: its list columns).

    Written without a sync of its own: it is a cache, and a head lost in a crash is only stale.
    (`first_page.HEAD_ROWS` is looked up here, so that the reader and the writer agree on it.)
    """
    orders: dict[str, list[int]] = columns["orders"]
    picked: dict[int, int] = {}  # position in the index -> position in the head
    for sort in SORTS:
        for position in orders[sort][: first_page.HEAD_ROWS]:
            picked.setdefault(position, len(picked))
    positions = list(picked)
    doc = {
        "kind": STORE_KIND,
        "schema": SCHEMA_VERSION,
        "index": first_page.index_stamp(os.stat(db)),
        "generation": generation,
        "total": len(columns["id"]),
        "rows": {name: [columns[name][p] for p in positions] for name in LIST_COLUMNS},
        "orders": {
            sort: [picked[p] for p in orders[sort][: first_page.HEAD_ROWS]] for sort in SORTS
        },
    }
    write_json_file(StoreFiles(db).head, {"head": {"page": doc}}, sync_dir=False)


def mend_head(store: ArticleReader, generation: Any) -> None:
    """After a load that changed nothing, write the first page if it is missing or stale
    (deleted, or the index was restored from a copy)."""
    if store.readonly or not isinstance(generation, int) or first_page.read_head(store.path):
        return
    with contextlib.suppress(OSError, StoreError):
        write_head_quietly(store.path, store.columns().as_dict(), generation)


def _columns_of(rows: Sequence[Row]) -> list[Sequence[Any]]:
    """The rows' values column by column, in `SUMMARY_COLUMNS` order (one `zip`, in C)."""
    return list(zip(*rows, strict=True)) if rows else [() for _ in SUMMARY_COLUMNS]


def summary_columns(rows: Sequence[Row]) -> dict[str, list[Any]]:
    return dict(zip(SUMMARY_COLUMNS, map(list, _columns_of(rows)), strict=True))


def list_columns_of(rows: Sequence[Row]) -> dict[str, Any]:
    """The index's `list` columns (`LIST_COLUMNS` and each sort's order) of `rows`."""
    columns_of = _columns_of(rows)
    titles = [str(title or "") for title in columns_of[TITLE]]
    published = [when or None for when in columns_of[PUBLISHED]]
    pairs = list(zip(columns_of[CATEGORY], columns_of[SOURCE], strict=True))
    sources = [source or category for category, source in pairs]
    columns: dict[str, Any] = {
        "id": list(columns_of[ID]),
        "title": titles,
        "where": [category or source for category, source in pairs],
        "published": published,
        "minutes": [int(minutes or 0) for minutes in columns_of[MINUTES]],
        "orders": {sort: sort_positions(titles, published, sources, sort) for sort in SORTS},
    }
    assert set(columns) - {"orders"} == set(LIST_COLUMNS)
    return columns


def write_table(path: Path, table: str, docs: Iterable[tuple[str, Any]]) -> None:
    """A TinyDB file with one table, written atomically (the caller syncs the folder once)."""
    write_json_file(path, {table: dict(docs)}, sync_dir=False)


def highest_generation(bodies_dir: Path) -> int:
    """The highest generation any file in `bodies_dir` is named for (0 when none is)."""
    try:
        names = os.listdir(bodies_dir)
    except OSError:
        return 0
    return max((g for g in map(generation_of, names) if g is not None), default=0)


def sweep_unreferenced(folder: Path, keep: set[str]) -> None:
    """Remove the store's files no index names (left by a load that was killed before its
    commit), and the search index kept for an earlier generation (`index-G.*`,
    search/worker.py). Only names the store gives its files: anything else is the user's."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if is_stray_body_file(name, keep) or KEPT_INDEX_FILE.match(name):
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def remove_generation(folder: Path, generation: int) -> None:
    """Remove every file of generation `generation` (and the temp files of its writers): what a
    commit that failed before naming them in the index had written."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if generation_of(temp_target(name) or name) == generation:
            with contextlib.suppress(OSError):
                (folder / name).unlink()


def _index_generation(db: Path) -> object:
    """The generation the index on disk names (None when it cannot be read)."""
    try:
        data = read_json_file(db) or {}
        return data.get("meta", {}).get("store", {}).get("generation")
    except (StoreError, AttributeError):
        return None
