"""One consistent read of the store: its list columns, the summaries once read, and what is
derived from them (positions, titles, orders as arrays, facet counts), each made once."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui_news.model import ArticleSummary
from tui_news.search.facets import facet_counts
from tui_news.store import ArticleStore, ListColumns, StoreChanged

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt


def settle() -> None:
    """Take the objects read so far out of the cyclic collector's sight (`gc.freeze`).

    The summaries are about ten tracked objects an article, read in a worker while the app runs;
    left in the collector's generations, every full collection walks them all and, in a big
    store, holds the GIL long enough to freeze the list under the user's keys. They live as long as the
    library and hold no cycles; what else is young at that moment is frozen with them."""
    gc.freeze()


class Snapshot:
    """The list columns and, once read, the summaries of one read of the store."""

    def __init__(self, columns: ListColumns, details: list[ArticleSummary] | None = None) -> None:
        self.columns = columns
        self.details = details
        self._by_id: dict[str, ArticleSummary] | None = None
        self._positions: dict[str, int] | None = None
        self._titles: dict[str, str] | None = None
        self._order_arrays: dict[str, npt.NDArray[np.intp]] = {}
        self._facets: dict[str, Counter[str]] | None = None

    def row(self, position: int) -> ArticleSummary:
        details = self.details
        return details[position] if details is not None else self.columns.partial(position)

    def order_array(self, sort: str) -> npt.NDArray[np.intp]:
        """The positions of the rows in `sort`, as an array (made once per sort)."""
        import numpy as np

        array = self._order_arrays.get(sort)
        if array is None:
            array = self._order_arrays[sort] = np.asarray(self.columns.orders[sort], np.intp)
        return array

    def positions(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = dict(zip(self.columns.ids, range(len(self.columns.ids)), strict=True))
        return self._positions

    def titles(self) -> dict[str, str]:
        if self._titles is None:
            self._titles = dict(zip(self.columns.ids, self.columns.titles, strict=True))
        return self._titles

    def by_id(self) -> dict[str, ArticleSummary]:
        if self._by_id is None:
            self._by_id = {s.id: s for s in self.details or []}
            # Out of the collector's sight: a full collection would walk all its entries.
            settle()
        return self._by_id

    def facets(self) -> dict[str, Counter[str]]:
        """`facet_counts` of the summaries (the filter dialog asks each time it opens)."""
        if self._facets is None:
            self._facets = facet_counts(self.details or [])
        return self._facets

    def with_details(self, details: list[ArticleSummary]) -> Snapshot:
        """These columns with `details`, the summaries read for them; the columns are pointed at
        the summaries' strings (`share_strings`)."""
        share_strings(self.columns, details)
        return Snapshot(self.columns, details)


def read_details(articles: ArticleStore, data: Snapshot, *, stop: Callable[[], bool]) -> Snapshot:
    """`data` with its summaries read; if a load replaced the store meanwhile, both anew.
    `stop()` true makes the read give up (`Stopped`)."""
    for _attempt in range(3):
        try:
            details = articles.summaries(stop=stop, settle=settle)
            break
        except StoreChanged:
            articles.refresh()
            data = Snapshot(articles.columns())
    else:
        details = articles.summaries(stop=stop, settle=settle)
    return data.with_details(details)


def share_strings(columns: ListColumns, details: list[ArticleSummary]) -> None:
    """Point the list columns at the summaries' strings (equal values read from two files), so
    memory holds each string once. Each column is replaced in one step, so a frame drawn
    meanwhile sees the old or the new strings, never a mix within a column."""
    if len(details) != len(columns):
        return
    columns.ids[:] = [s.id for s in details]
    columns.titles[:] = [s.title for s in details]
    columns.published[:] = [s.published for s in details]
    columns.where[:] = [s.category or s.source for s in details]
