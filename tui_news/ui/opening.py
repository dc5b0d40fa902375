"""Opening the store beside Textual's start-up, and keeping the collector out of the first frames.

The CLI turns the cyclic garbage collector off for the start-up (`collector_on` turns it back
on after the first frame); what the library loads afterwards is frozen out of its sight
(`settle_heap`).
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from tui_news.library import Library
from tui_news.store import StoreError, open_store

#: How long the first frame may wait for the store, so that it shows rows rather than a notice.
FIRST_PAINT_WAIT = 0.5


def collector_on() -> None:
    # A Python function, not `gc.enable` itself: Textual reads a callback's signature, and a
    # builtin's means tokenizing its text signature, slowly, on the UI thread.
    gc.enable()


def settle_heap() -> None:
    """Take what is loaded now (summaries, the index: a million objects at 100,000 articles)
    out of the cyclic collector's sight: they live as long as the library and hold no cycles
    that matter, and a full collection walking them all in the middle of a keystroke's frame
    would hold that frame back."""
    gc.collect()
    gc.freeze()


class StoreOpening:
    """Opening the store and its list in a thread: `wait`, then `library` or `error`."""

    def __init__(self, db_path: Path, sort: str) -> None:
        self.library: Library | None = None
        self.notices: list[str] = []
        self.error: StoreError | None = None
        self._unexpected: BaseException | None = None
        self._done = threading.Event()
        self._db_path = db_path
        self._sort = sort
        threading.Thread(target=self._run, name="tui-news-open", daemon=True).start()

    def _run(self) -> None:
        try:
            # From the list's first page when the store has a current one (store/head.py): the
            # whole index is read after the first paint, not before it.
            store = open_store(self._db_path, first_page=True)
            self.library = Library(store, sort=self._sort)
            self.notices = store.notices
        except StoreError as error:
            self.error = error
        except BaseException as error:  # re-raised where it is waited for
            self._unexpected = error
        finally:
            self._done.set()

    def wait(self, timeout: float | None) -> bool:
        """True when opening is over (well or not); re-raises what was not a StoreError."""
        if not self._done.wait(timeout):
            return False
        if self._unexpected is not None:
            raise self._unexpected
        return True
