"""One file to load, named three ways (where to read it, how to show it, what ids derive from),
and the error that says in words why a file could not be used."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from tui_news.loader.text import clean_inline


class LoadError(Exception):
    """A file that could not be loaded, with the reason in words a user can act on."""

    def __init__(self, path: str, reason: str, *, transient: bool = False) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        #: The file could not be read this time (permissions, I/O): worth trying again later,
        #: unlike a file whose content is unusable.
        self.transient = transient


@dataclass(frozen=True, slots=True)
class SourceFile:
    #: Where to read it. The walk gives a string: making a `Path` per file is a large part of
    #: a reload's walk.
    path: str | Path
    #: The path as shown to the user (and stored as `origin`): cleaned of control characters.
    origin: str
    #: What article ids are derived from: stable for the same source across runs and installs.
    key: str
    #: The folder's name, for articles that do not name a category themselves.
    folder_category: str | None
    #: The stat() the walk already made, so that a reload stats each file once.
    info: os.stat_result | None = field(default=None, compare=False)

    @property
    def suffix(self) -> str:
        """The file name's extension, lowercased ("" for none): `Path.suffix`, without a `Path`."""
        name = os.path.basename(os.fspath(self.path))
        dot = name.rfind(".")
        return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


@dataclass(frozen=True, slots=True)
class Skipped:
    """A path passed over, and why."""

    origin: str
    reason: str


def display_path(path: Path | str) -> str:
    """A path fit to print: control characters and escapes made visible, never sent raw."""
    text = os.fsdecode(path) if isinstance(path, Path) else path
    if text.isprintable():  # no control character, no lone surrogate: nothing to show otherwise
        return text
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def absolute_path(path: Path | str) -> Path:
    """Absolute and normalised ('a/../b' is 'b'): one path, one key, however it was typed."""
    return Path(os.path.abspath(path))


def os_reason(error: OSError) -> str:
    """Why the system would not read a file, in a few lowercase words."""
    return clean_inline(error.strerror or str(error), limit=200).lower() or "cannot be read"
