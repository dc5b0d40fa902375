"""Reading the store's files: their bytes, parsed, with errors a user can act on.

Every store file is a TinyDB JSON file (tables of documents). Reading one is one orjson parse;
a missing file is None, a damaged one a `StoreCorrupt` that names it. `IndexFile` keeps a parsed
file in memory until told to look again. Writing lives in `atomic.py`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import orjson

from tui_news.store.layout import SHARD_HEAD, SHARD_TAIL


class StoreError(Exception):
    """A store problem, said in words a user can act on. `path` names the file."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path
        self.message = message


class StoreCorrupt(StoreError):
    """The file exists but is not a readable store (truncated, garbage, wrong shape)."""


class StoreVersionError(StoreError):
    """The file was written by a tui-news with another schema version."""


class StoreBusy(StoreError):
    """Another process holds the store's write lock."""


class StoreWriteError(StoreError):
    """Saving failed (disk full, read-only, permissions); the previous file is untouched."""


class StoreChanged(StoreError):
    """Another process committed a load since this store's index was read: read it again."""


Tables = dict[str, dict[str, Any]]


class IndexFile:
    """A store file, parsed once and kept until `reload` (the next read sees the disk again)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._data: Tables | None = None
        self._loaded = False

    def read(self) -> Tables | None:
        """The parsed file; None when there is none; `StoreCorrupt` when it is not a store."""
        if not self._loaded:
            self._data = read_json_file(self.path)
            self._loaded = True
        return self._data

    def reload(self) -> None:
        self._loaded = False
        self._data = None

    def hold(self, data: Tables | None) -> None:
        """Take `data` as the file's content until `reload`: what this process just wrote
        (`{}` for a file a rebuild replaces whatever it holds)."""
        self._data = data
        self._loaded = True


def read_json_file(path: Path) -> Tables | None:
    """The parsed file, None when it does not exist; `StoreCorrupt` when it is not a store."""
    raw = read_store_bytes(path)
    return None if raw is None else parse_json_bytes(path, raw)


def read_store_bytes(path: Path) -> bytes | None:
    """The store file's bytes, None when it does not exist; `StoreCorrupt` for what is not a
    file (a folder, a device, a named pipe: never waited on), `StoreError` when it cannot be
    read."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise StoreCorrupt(path, f"{path} is a folder, not a store file") from None
    except OSError as error:
        raise StoreError(path, f"cannot read {path}: {error.strerror or error}") from None
    try:
        kind = describe_mode(os.fstat(fd).st_mode)
    except OSError:
        kind = None
    if kind is not None:
        os.close(fd)
        raise StoreCorrupt(path, f"{path} is {kind}, not a store file")
    with os.fdopen(fd, "rb") as handle:
        try:
            return handle.read()
        except OSError as error:
            raise StoreError(path, f"cannot read {path}: {error.strerror or error}") from None


def describe_mode(mode: int) -> str | None:
    """What a file of mode `mode` is, in plain words, when it is not a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def parse_json_bytes(path: Path, raw: bytes) -> Tables:
    """`raw`, the content of the store file `path`, parsed; `StoreCorrupt` when it is not one."""
    if not raw.strip():
        raise StoreCorrupt(
            path, f"{path} is empty (a store file always holds at least its version)"
        )
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise StoreCorrupt(
            path, f"{path} is not valid JSON ({error}); it may have been cut short"
        ) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(path, f"{path} does not hold TinyDB tables")
    return data


def is_line_shard(raw: bytes) -> bool:
    """Whether `raw` is a whole shard as `write_shard` writes it (a cut one does not end so)."""
    return raw.startswith(SHARD_HEAD) and raw.endswith(SHARD_TAIL)


def shard_line_record(raw: bytes, key: str) -> tuple[bool, Any]:
    """In a shard for which `is_line_shard` holds: (True, the record under `key`, or None when
    there is none); (False, None) when its line does not parse (the whole file must say why)."""
    try:
        marker = b"\n" + orjson.dumps(key) + b":"
    except orjson.JSONEncodeError:
        return False, None
    start = raw.find(marker)
    if start < 0:
        return True, None
    start += len(marker)
    line = raw[start : raw.find(b"\n", start)]  # the tail starts with a newline: always found
    try:
        return True, orjson.loads(line[:-1] if line.endswith(b",") else line)
    except orjson.JSONDecodeError:
        return False, None


def is_readonly(path: Path) -> bool:
    """Whether the store file `path` (or, when it is not there, the file it would be) cannot be
    written by this process: the file and its folder must both be writable."""
    if path.exists():
        return not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK)
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    return not os.access(parent, os.W_OK)
