"""Reading one file for a format's reader: its bytes under a size limit, its decoded text, or its
lines one at a time; and the guards every parse runs under (any failure a `LoadError`, the
garbage collector paused for a big archive)."""

from __future__ import annotations

import contextlib
import gc
import io
import os
import stat
from collections.abc import Iterator

from tui_news.loader.source import LoadError, SourceFile, os_reason
from tui_news.loader.structured import FormatError
from tui_news.loader.text import NotText, clean_inline, clean_text, decode_bytes, decode_text

_MB = 1024 * 1024
_GB = 1024 * _MB


def open_regular(source: SourceFile) -> io.FileIO:
    """The file opened for reading; `LoadError` for anything but a regular file.

    Opened without waiting (a FIFO would block `open` until a writer comes) and checked on
    the opened descriptor, so a file swapped for a FIFO or a device after the walk looked at
    it is refused too."""
    try:
        fd = os.open(source.path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise LoadError(source.origin, os_reason(error), transient=True) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise LoadError(source.origin, "not a regular file")
        os.set_blocking(fd, True)
        return io.FileIO(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise


def read_bytes(source: SourceFile, limit: int) -> bytes:
    """The file's bytes; `LoadError` when it cannot be read or holds more than `limit`."""
    try:
        with open_regular(source) as handle:
            data = _read_up_to(handle, limit + 1)
    except OSError as error:
        raise LoadError(source.origin, os_reason(error), transient=True) from None
    if len(data) > limit:
        raise LoadError(source.origin, f"too large for this kind of file (over {limit // _MB} MB)")
    return data


def _read_up_to(handle: io.FileIO, most: int) -> bytes:
    """At most `most` bytes, in a buffer the size the file says it is (`read(most)` would
    allocate and free `most` bytes each time, which for a small file costs more than reading
    it), then on to the end or `most` for a file that grew or does not know its size."""
    want = min(os.fstat(handle.fileno()).st_size + 1, most)
    data = handle.read(want)
    if len(data) < want:  # the end of the file: the usual case
        return data
    parts = [data]
    total = len(data)
    while total < most:
        more = handle.read(min(most - total, 1 << 20))
        if not more:
            break
        parts.append(more)
        total += len(more)
    return b"".join(parts)


def read_lines(
    source: SourceFile, limit: int, start: int = 0, end: int | None = None
) -> Iterator[str]:
    """The file's lines, decoded and cleaned; from byte `start` (a line start) to `end`.
    `LoadError` for a file larger than `limit` or one that cannot be read."""
    too_large = LoadError(source.origin, f"too large (over {limit // _GB} GB)")
    try:
        with open_regular(source) as raw_handle, io.BufferedReader(raw_handle) as handle:
            if os.fstat(handle.fileno()).st_size > limit:
                raise too_large
            handle.seek(start)
            read = start
            for raw in handle:
                # Counted as read: a file that grows past the limit is stopped there.
                read += len(raw)
                if read > limit:
                    raise too_large
                if end is not None:
                    if start >= end:
                        break
                    start += len(raw)
                line = raw.rstrip(b"\r\n")
                try:
                    text = line.decode("utf-8")  # the usual case; the sniffing below is per file
                except UnicodeDecodeError:
                    try:
                        text = decode_bytes(line)
                    except NotText:
                        text = "\x00"  # reported as invalid JSON by the reader
                yield clean_text(text)
    except OSError as error:
        raise LoadError(source.origin, os_reason(error), transient=True) from None


class FileInput:
    """One file as a format's reader asks for it: `data()`, `text()` or `lines()`, each read
    under the format's size limit; `warnings` collects problems in a file that still loads."""

    __slots__ = ("_data", "limit", "source", "warnings")

    def __init__(self, source: SourceFile, limit: int, data: bytes | None = None) -> None:
        self.source = source
        self.limit = limit
        self._data = data
        self.warnings: list[str] = []

    def data(self) -> bytes:
        """The file's bytes (those given, else read now)."""
        if self._data is None:
            self._data = read_bytes(self.source, self.limit)
        return self._data

    def text(self) -> str:
        """The file's decoded, cleaned text; `LoadError` when it holds none."""
        text = decode_text(self.data())
        if not text.strip():
            raise LoadError(self.source.origin, "empty: no text in this file")
        return text

    def lines(self) -> Iterator[str]:
        """The file's lines, read from disk one at a time (whatever bytes were given)."""
        return read_lines(self.source, self.limit)


@contextlib.contextmanager
def as_load_error(source: SourceFile) -> Iterator[None]:
    """Any failure inside becomes a `LoadError` naming the file: a parser bug or a hostile
    file must not stop the rest of a load."""
    try:
        yield
    except LoadError:
        raise
    except (NotText, FormatError) as error:
        raise LoadError(source.origin, str(error)) from None
    except RecursionError:
        raise LoadError(source.origin, "nested too deeply to read") from None
    except MemoryError:
        raise LoadError(source.origin, "too large to read into memory") from None
    except Exception as error:
        raise LoadError(
            source.origin,
            f"could not be parsed ({type(error).__name__}: {clean_inline(str(error), limit=160)})",
        ) from None


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (if it ran), for reading one big archive.

    Nests: an inner pause leaves the collector off when an outer one paused it.

    A big JSON Lines file makes millions of objects, none of them in a cycle, and every full
    collection on the way walks all those made before. When it ends, what was made meanwhile
    goes to the oldest generation at once (freeze, then unfreeze), so that the first young
    collection does not walk all of it; a cycle among it is collected with the oldest
    generation.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
