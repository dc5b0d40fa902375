"""The list's rows as sequences that make each row when asked for: never a copy of the list.

The list draws one screenful of rows however long it is, and opening an article hands the
reader the ids of all of them: `Mapped` makes each row (or id) from its position only when it is
read, so neither costs a pass over every article. `HeadRows` is the list before its index is read: as long as the whole list, the
first page's rows first, and `PLACEHOLDER` for every row not in memory yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Generic, TypeVar, overload

from tui_news.model import ArticleSummary

S = TypeVar("S")
T = TypeVar("T")

#: A row whose data is not in memory (yet): drawn as an empty line, with no article behind it.
PLACEHOLDER = ArticleSummary(id="", title="")


class Mapped(Sequence[T], Generic[S, T]):
    """`fn` of each of `items`, made when asked for: a view, never a copy."""

    def __init__(self, items: Sequence[S], fn: Callable[[S], T]) -> None:
        self._items = items
        self._fn = fn

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...
    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._fn(item) for item in self._items[index]]
        return self._fn(self._items[index])

    def __iter__(self) -> Iterator[T]:
        fn = self._fn
        for item in self._items:
            yield fn(item)


class HeadRows(Sequence[ArticleSummary]):
    """The list in one sort before its index is read: as long as the whole list; the first
    page's rows first, then whatever `rest(index)` has in memory (`PLACEHOLDER` until the
    index is read). Reading a row never reads a file: the list draws these inside
    `render_line`, on the UI thread."""

    def __init__(
        self,
        head: Sequence[ArticleSummary],
        total: int,
        rest: Callable[[int], ArticleSummary | None],
    ) -> None:
        self._head = head
        self._total = total
        self._rest = rest

    def __len__(self) -> int:
        return self._total

    @overload
    def __getitem__(self, index: int) -> ArticleSummary: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[ArticleSummary]: ...
    def __getitem__(self, index: int | slice) -> ArticleSummary | Sequence[ArticleSummary]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._total))]
        if index < 0:
            index += self._total
        if not 0 <= index < self._total:
            raise IndexError(index)
        if index < len(self._head):
            return self._head[index]
        return self._rest(index) or PLACEHOLDER

    def id_at(self, index: int) -> str | None:
        """The id of row `index` from memory (once the index is read, also past the head):
        where a cursor on a placeholder row stays when the whole list replaces these rows."""
        if not 0 <= index < self._total:
            return None
        row = self[index]
        return row.id if row is not PLACEHOLDER else None


def _article_id(summary: ArticleSummary) -> str:
    return summary.id


def ids_of(rows: Sequence[ArticleSummary]) -> Sequence[str]:
    """The ids of `rows`, without copying them."""
    return Mapped(rows, _article_id)
