"""Messages the app's workers send back to the UI thread: small, typed, in one place."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from tui_news.library import Change, Library
from tui_news.store import LoadReport, StoreError


@dataclass
class LibraryReady(Message):
    """The store is open (and built from the seeds, on a first run)."""

    library: Library
    notices: list[str]


@dataclass
class LibraryFailed(Message):
    """The store could not be opened; `error` says which file and why."""

    error: StoreError


@dataclass
class LibraryChanged(Message):
    """The library's rows or marks changed in a worker (`Library.subscribe`)."""

    change: Change


@dataclass
class Reloaded(Message):
    report: LoadReport


@dataclass
class ReloadFailed(Message):
    message: str


class TerminalLost(Message):
    """The terminal hung up (from the driver's watch, for when no SIGHUP comes)."""
