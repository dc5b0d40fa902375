"""Messages the app handles: what screens, the palette and workers tell it, small and typed.

Screens and the palette never call the app: they post one of these and the app, which owns the
screen stack and the library, acts on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual.message import Message

from tui_news.library import Change, Library
from tui_news.search.query import Query
from tui_news.store import LoadReport, StoreError

# --- from screens and the palette -------------------------------------------------------------


@dataclass
class OpenArticle(Message):
    """Open the reader on `article_id`; n/p then walk `order` (default: the list as shown).

    `index` is where the article is in `order` when the sender knows it (the list's cursor), which
    spares a search through 100,000 ids.
    """

    article_id: str
    order: Sequence[str] | None = None
    index: int | None = None


@dataclass
class ShowInList(Message):
    """Show the list filtered by `query` (its words too), in its own sort, from its top."""

    query: Query


@dataclass
class ReaderMoved(Message):
    """The reader shows `article_id` now (n, p, a related article): the list follows it.

    `index` is where it is in the reader's order (the list's own, when opened from the list).
    """

    article_id: str
    index: int | None = None


class ListShown(Message):
    """The list screen shows the library's rows: the app may start what waits for the first paint."""


class MarksChanged(Message):
    """A screen changed read or starred marks: the app tells the user if they could not be saved."""


# --- from the app's workers and the driver ----------------------------------------------------


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
    """The seeds were loaded again; the index is rebuilt."""

    report: LoadReport

    @property
    def summary(self) -> str:
        """What changed, in a few words: "3 added, 1 updated, 40 unchanged, 2 removed"."""
        report = self.report
        summary = f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged"
        if report.removed:
            summary += f", {len(report.removed)} removed"
        if report.moved:
            summary += f", {len(report.moved)} moved"
        if report.skipped:
            summary += f", {len(report.skipped)} skipped"
        return summary


@dataclass
class ReloadFailed(Message):
    message: str


class TerminalLost(Message):
    """The terminal hung up (from the driver's watch, for when no SIGHUP comes)."""
