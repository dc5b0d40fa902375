"""Writing the store's files so that a reader only ever sees the old content or the new.

`write_atomic` writes a temp file beside the target (`.NAME.RANDOM.tmp`), syncs it and renames
it over the target, then syncs the folder: a crash or a kill at any moment leaves the old file
or the new one, never a mix. `write_json_file` writes a file of TinyDB tables so, `write_shard`
a body shard. `write_lock` keeps two writers of one file apart.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

from tui_news.store.layout import (
    SHARD_HEAD,
    SHARD_TAIL,
    TEMP_SUFFIX,
    is_temp_of,
    lock_path,
    temp_prefix,
)
from tui_news.store.storage import StoreBusy, StoreWriteError, Tables


def write_json_file(path: Path, tables: Tables, *, sync_dir: bool = True) -> None:
    """Write the TinyDB tables `tables` to `path` atomically (`write_atomic`); `StoreWriteError`
    when they cannot be serialised or saved."""
    try:
        payload = orjson.dumps(tables)
    except (TypeError, orjson.JSONEncodeError) as error:
        raise StoreWriteError(
            path, f"could not save {path}: {error}; the previous version is kept"
        ) from None
    write_atomic(path, payload, sync_dir=sync_dir)


def write_shard(path: Path, records: Iterable[tuple[str, Any]]) -> None:
    """Write a body shard atomically, one record a line (the caller syncs the folder once).

    A record given as `bytes` is its JSON already, written as it is; any other is serialised.
    The file's bytes are put together in one join: a shard can be tens of MB, and each copy
    of it costs.
    """
    parts: list[bytes] = [SHARD_HEAD]
    for key, value in records:
        parts += (
            orjson.dumps(key),
            b":",
            value if isinstance(value, bytes) else orjson.dumps(value),
            b",\n",
        )
    if len(parts) > 1:
        parts.pop()  # no comma after the last record
    parts.append(SHARD_TAIL)
    write_atomic(path, b"".join(parts), sync_dir=False)


def write_atomic(path: Path, payload: bytes | Path, *, sync_dir: bool = True) -> None:
    """Write `payload` to `path` so that readers only ever see the old or the new content.
    A `Path` payload is a file whose content is copied, a megabyte at a time.

    `sync_dir=False` leaves the folder's fsync to the caller, who writes many files into one
    folder and syncs it once (before the write that makes them count).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        keep_mode: int | None = path.stat().st_mode & 0o777  # a rewrite keeps the file's mode
    except OSError:
        keep_mode = None
    try:
        fd, tmp_name = _new_temp_file(path)
    except OSError as error:
        raise _not_saved(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, Path):
                with payload.open("rb") as source:
                    shutil.copyfileobj(source, handle, 1 << 20)
            else:
                handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if keep_mode is not None:
            with contextlib.suppress(OSError):
                os.chmod(tmp_name, keep_mode)
        os.replace(tmp_name, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise _not_saved(path, error) from None
    if sync_dir:
        fsync_dir(path.parent)


def sweep_temp_files(path: Path) -> None:
    """Remove the temp files a killed writer of `path` left. Call only under `path`'s lock."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if is_temp_of(name, path):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _not_saved(path: Path, error: OSError) -> StoreWriteError:
    return StoreWriteError(
        path, f"could not save {path}: {error.strerror or error}; the previous version is kept"
    )


def _new_temp_file(path: Path) -> tuple[int, str]:
    """A new temp file beside `path` (`.NAME.RANDOM.tmp`, what `sweep_temp_files` removes),
    open for writing, with the mode a new file gets (0o666 less the umask, applied by the
    kernel). Not `tempfile.mkstemp`: its files are 0o600, and learning the umask to widen them
    means setting it, process-wide, from threads that write at the same time."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        name = os.path.join(path.parent, f"{temp_prefix(path)}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temp file name", str(path.parent))


def fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def write_lock(path: Path, *, wait: float) -> Iterator[None]:
    """Hold `path`'s lock file; `StoreBusy` when another writer keeps it longer than `wait` s."""
    from filelock import FileLock, Timeout  # (imported here: opening the app needs no lock)

    lock_file = lock_path(path)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(lock_file), timeout=wait)
        lock.acquire()
    except Timeout:
        refused = _lock_refused(lock_file)
        if refused is not None:  # (a lock library may retry a refused create until its timeout)
            raise _no_lock_file(path, lock_file, refused) from None
        raise StoreBusy(
            path, f"{path} is busy: another tui-news is writing it (lock: {lock_file})"
        ) from None
    except OSError as error:
        raise _no_lock_file(path, lock_file, error) from None
    try:
        yield
    finally:
        lock.release()


def _lock_refused(lock_file: Path) -> OSError | None:
    """Why the lock file cannot be made or opened for writing (read-only folder, permission
    denied), or None when it can."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        os.close(os.open(lock_file, flags, 0o666))
    except OSError as error:
        return error
    return None


def _no_lock_file(path: Path, lock_file: Path, error: OSError) -> StoreWriteError:
    return StoreWriteError(
        path,
        f"cannot write {path}: its lock file {lock_file} cannot be created "
        f"({error.strerror or error}; a read-only folder, or not yours?)",
    )
