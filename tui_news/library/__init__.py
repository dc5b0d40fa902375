"""The library: the open store as the app's screens see it, with no Textual in it.

`Library` (`service.py`) holds the list's rows, order, filter and marks and writes changes
through to the store; `changes.py` what it tells subscribers, `rows.py` holds the row sequences the list draws from memory,
`snapshot.py` one read of the store, `index.py` the one way to get a store's search index (the
CLI's too), `prefetch.py` the background read of the next article's body.
"""

from __future__ import annotations

from tui_news.library.changes import Change
from tui_news.library.index import INDEX_HELPER_MIN, build_search_index
from tui_news.library.rows import PLACEHOLDER, HeadRows, Mapped, ids_of
from tui_news.library.service import Counts, Library

__all__ = [
    "INDEX_HELPER_MIN",
    "PLACEHOLDER",
    "Change",
    "Counts",
    "HeadRows",
    "Library",
    "Mapped",
    "build_search_index",
    "ids_of",
]
