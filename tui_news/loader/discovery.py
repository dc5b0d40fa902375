"""Finding the files to load: `discover` walks the paths it is given (files and folder trees)
and yields each file a format reads, or why it passed something over."""

from __future__ import annotations

import contextlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from tui_news.loader import formats
from tui_news.loader.source import Skipped, SourceFile, absolute_path, display_path, os_reason
from tui_news.loader.text import clean_inline

_NOT_ARTICLES = re.compile(
    r"^(?:readme|license|licence|copying|changelog|authors|notice)(?:\..*)?$", re.IGNORECASE
)


def discover(
    paths: Iterable[Path], *, bundled_root: Path | None = None
) -> Iterator[SourceFile | Skipped]:
    """Every supported file under `paths`, in a stable order; `Skipped` for what cannot be used.

    A file named on its own is yielded whatever its suffix; in a folder, only those of a format.
    """
    seen: set[tuple[int, int]] = set()
    for path in paths:
        try:
            info = path.stat()
        except OSError as error:
            yield Skipped(display_path(path), os_reason(error))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from _walk(path, seen, bundled_root)
        elif stat.S_ISREG(info.st_mode):
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            yield _source(path, path.parent, bundled_root, info)
        else:
            yield Skipped(display_path(path), "not a regular file")


def _walk(
    root: Path, seen: set[tuple[int, int]], bundled_root: Path | None
) -> Iterator[SourceFile | Skipped]:
    errors: list[OSError] = []
    suffixes = formats.FORMATS.suffixes
    bundled = os.path.abspath(bundled_root) if bundled_root is not None else None
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # Per folder, not per file: its absolute path and its name as a category.
        absolute_folder = os.path.abspath(folder)
        category = clean_inline(os.path.basename(absolute_folder), limit=60) or None
        in_bundled = bundled is not None and (
            absolute_folder == bundled or absolute_folder.startswith(bundled + os.sep)
        )
        # The walk's own path (not the absolute one: ".." after a symlink differs).
        folder_prefix = os.path.join(folder, "")
        absolute_prefix = os.path.join(absolute_folder, "")
        for name in sorted(files):
            if name.startswith("."):
                continue
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in suffixes:
                continue
            path = folder_prefix + name
            if _NOT_ARTICLES.match(name):
                yield Skipped(display_path(path), "not an article (a README or licence file)")
                continue
            try:
                info = os.stat(path)
            except OSError as error:
                yield Skipped(display_path(path), os_reason(error))
                continue
            if not stat.S_ISREG(info.st_mode):
                yield Skipped(display_path(path), "not a regular file")
                continue
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            if in_bundled:
                yield _source(Path(path), Path(folder), bundled_root, info)
            else:
                absolute = absolute_prefix + name
                yield SourceFile(path, display_path(absolute), absolute, category, info)
    for walk_error in errors:
        yield Skipped(display_path(walk_error.filename or root), os_reason(walk_error))


def _source(
    path: Path, folder: Path, bundled_root: Path | None, info: os.stat_result | None = None
) -> SourceFile:
    absolute = absolute_path(path)
    key = os.fsdecode(absolute)
    if bundled_root is not None:
        with contextlib.suppress(ValueError):
            key = "bundled:" + absolute.relative_to(absolute_path(bundled_root)).as_posix()
    category = clean_inline(os.fsdecode(absolute_path(folder).name), limit=60) or None
    return SourceFile(path, display_path(absolute), key, category, info)
