"""Whether a path is a tui-news article store: what a repair may set aside or write over.

A damaged store is set aside and rebuilt; anything else at the store's path (a folder, a
device, a named pipe, a link, someone's JSON file) is never moved nor written over, and a
store a newer tui-news wrote is refused with its version. Reads at most the file's first bytes
(and, for a file that starts like no store, parses it); never writes.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from tui_news.store.layout import SCHEMA_VERSION, STORE_KIND, StoreFiles
from tui_news.store.storage import StoreError, describe_mode, read_json_file

#: The start of every index `commit` writes (a cut one still starts so).
_INDEX_START = re.compile(rb'^\s*\{\s*"meta"\s*:\s*\{\s*"store"\s*:\s*\{\s*"kind"\s*:\s*"tui-news')
_HEAD_BYTES = 4096


def non_store(path: Path) -> str | None:
    """None when `path` is not there or is recognisably a tui-news article store (maybe
    damaged, maybe another schema); else what it is, in plain words, e.g. "a folder"."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as error:
        return f"a path that cannot be looked at ({error.strerror or error})"
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        try:
            target_info = os.stat(path)
        except OSError:
            return f"a symbolic link to {target}, which is not there"
        what = _what_file(path, target_info.st_mode)
        return None if what is None else f"a symbolic link to {target}, which is {what}"
    return _what_file(path, info.st_mode)


def settable_aside(path: Path) -> str | None:
    """None when `path` is a tui-news article store that may be renamed (a file, not a link);
    else what it is."""
    what = non_store(path)
    if what is None and os.path.islink(path):
        return f"a symbolic link to {os.readlink(path)}"
    return what


def refuse_non_store(path: Path, *, set_aside: bool = False) -> None:
    """`StoreError` when `path` is not a tui-news store (or, `set_aside`, may not be moved)."""
    what = settable_aside(path) if set_aside else non_store(path)
    if what is not None:
        raise StoreError(path, not_a_store_message(path, what))


def not_a_store_message(path: Path, what: str) -> str:
    return (
        f"{path} is {what}, not a tui-news store: it is left as it is and no store is written "
        "in its place. Start tui-news with --db naming a store file (news.json) or a path "
        "where a new one may be made."
    )


def newer_schema(path: Path) -> int | None:
    """The schema of the store at `path` when a newer tui-news wrote it, else None."""
    schema = schema_of(path)
    return schema if schema > SCHEMA_VERSION else None


def newer_schema_message(path: Path, schema: int) -> str:
    return (
        f"{path} was written by a newer tui-news (schema {schema}); this one reads schema "
        f"{SCHEMA_VERSION}. It is left as it is: use the newer tui-news, or pass another --db."
    )


def schema_of(path: Path) -> int:
    """The schema number an article index says it has (0 when it says nothing usable)."""
    try:
        meta = (read_json_file(path) or {}).get("meta", {}).get("store", {})
        return int(meta.get("schema", 0)) if meta.get("kind") == STORE_KIND else 0
    except (StoreError, AttributeError, TypeError, ValueError):
        return 0


def _what_file(path: Path, mode: int) -> str | None:
    kind = describe_mode(mode)
    if kind is not None:
        return kind
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError as error:
        return f"a file that cannot be read ({error.strerror or error})"
    if _INDEX_START.match(head):
        return None
    try:
        data = read_json_file(path)
    except StoreError:
        data = None
    else:
        meta = (data or {}).get("meta", {}).get("store")
        if isinstance(meta, dict) and meta.get("kind") == STORE_KIND:
            return None
        return "a JSON file that is not a tui-news store"
    # Not JSON, and not starting like an index: a store's own folder beside it says it was one.
    if StoreFiles(path).bodies.is_dir():
        return None
    return "an empty file" if not head.strip() else "a file that is not a tui-news store"
