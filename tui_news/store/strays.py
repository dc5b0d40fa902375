"""Files of a store that nothing uses: found for `tui-news doctor`, removed by `doctor --fix`.

A stray is only ever a name `layout.py` gives the store's own files: a writer's temp file, a
generation's file the index does not name (a load that failed or was killed before its commit),
or the search index kept for another generation. Anything else in the folders is the user's and
is never touched.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_news.store.atomic import write_lock
from tui_news.store.layout import (
    KEPT_INDEX_FILE,
    STORE_KIND,
    StoreFiles,
    is_stray_beside,
    is_stray_body_file,
)
from tui_news.store.storage import StoreError, read_json_file


@dataclass(frozen=True)
class Stray:
    path: Path
    size: int
    #: A search index kept for another generation (not litter of a failed write).
    old_index: bool = False


def referenced_names(meta: Mapping[str, Any]) -> set[str]:
    """The files in the bodies folder that the index's `meta` names."""
    shards = meta.get("shards")
    names = (
        {v for v in shards.values() if isinstance(v, str)} if isinstance(shards, dict) else set()
    )
    summaries = meta.get("summaries")
    if isinstance(summaries, list):
        names |= {v for v in summaries if isinstance(v, str)}
    sources = meta.get("sources")
    if isinstance(sources, str):
        names.add(sources)
    return names


def find_strays(db: Path, meta: Mapping[str, Any] | None) -> list[Stray]:
    """The stray files of the store at `db`, whose index's `meta` is `meta` (None when the index
    cannot be read: then only temp files count, as nothing says which other files it uses)."""
    files = StoreFiles(db)
    found: list[Stray] = []
    for name in _names(db.parent):
        if is_stray_beside(name, files):
            found += _stray(db.parent / name)
    referenced = referenced_names(meta) if meta is not None else None
    generation = meta.get("generation") if meta is not None else None
    for name in _names(files.bodies):
        kept = KEPT_INDEX_FILE.match(name)
        if kept and meta is not None and int(kept.group(1)) != generation:
            found += _stray(files.bodies / name, old_index=True)
        elif is_stray_body_file(name, referenced):
            found += _stray(files.bodies / name)
    return found


def remove_strays(db: Path, *, wait: float = 10.0) -> tuple[list[Stray], list[Stray]]:
    """Delete the stray files of the store at `db`, under its write locks (no load or save runs
    meanwhile): (the strays removed, those that could not be). `StoreBusy` when another
    tui-news holds a lock. Nothing is created when there is nothing to remove."""
    if not find_strays(db, index_meta(db)):
        return [], []
    files = StoreFiles(db)
    removed: list[Stray] = []
    failed: list[Stray] = []
    with write_lock(db, wait=wait), write_lock(files.state, wait=wait):
        for stray in find_strays(db, index_meta(db)):
            try:
                stray.path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                failed.append(stray)
                continue
            removed.append(stray)
    return removed, failed


def index_meta(db: Path) -> dict[str, Any] | None:
    """The `meta` of the article store index at `db`; None when there is none or it is not
    a tui-news store's (then which files it uses is not known)."""
    try:
        data = read_json_file(db)
        meta = (data or {}).get("meta", {}).get("store")
    except (StoreError, AttributeError):
        return None
    return meta if isinstance(meta, dict) and meta.get("kind") == STORE_KIND else None


def _names(folder: Path) -> list[str]:
    try:
        return sorted(os.listdir(folder))
    except OSError:
        return []


def _stray(path: Path, *, old_index: bool = False) -> list[Stray]:
    """`path` as a stray, if it is a file (a folder or a link of that name is not the store's)."""
    try:
        info = path.lstat()
    except OSError:
        return []
    return [Stray(path, info.st_size, old_index)] if stat.S_ISREG(info.st_mode) else []


def file_size(size: int) -> str:
    """A size in bytes as a person reads it: "812 bytes", "4.0 kB", "1.2 MB"."""
    if size < 1000:
        return f"{size} byte{'s' if size != 1 else ''}"
    value, unit = size / 1000, "kB"
    for bigger in ("MB", "GB", "TB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"
