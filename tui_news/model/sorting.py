"""The orders a list of articles can be shown in: one `SortOrder` per sort, all in `SORT_ORDERS`.

The settings file, `tui-news list --sort`, the store's precomputed orders and the app's sort
commands all read this table: adding a sort is one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from tui_news.model.article import ArticleSummary

#: (titles, published, sources) of the rows → their positions in the order.
Positions = Callable[[Sequence[str], Sequence[str | None], Sequence[str | None]], list[int]]


@dataclass(frozen=True, slots=True)
class SortOrder:
    #: What the settings file, the CLI and the store call it.
    name: str
    #: The command that shows the list in this order, and what it does.
    label: str
    help: str
    positions: Positions


def _by_date(
    titles: Sequence[str], published: Sequence[str | None], _sources: Sequence[str | None]
) -> list[int]:
    """Newest first; undated after dated ones, by title."""
    n = len(titles)
    dated = [i for i in range(n) if published[i]]
    dated.sort(key=lambda i: (published[i] or "", titles[i]), reverse=True)
    undated = [i for i in range(n) if not published[i]]
    undated.sort(key=lambda i: titles[i].casefold())
    return dated + undated


def _by_title(
    titles: Sequence[str], _published: Sequence[str | None], _sources: Sequence[str | None]
) -> list[int]:
    """A to Z, ignoring case."""
    folded = [t.casefold() for t in titles]
    return sorted(range(len(titles)), key=folded.__getitem__)


def _by_source(
    titles: Sequence[str], _published: Sequence[str | None], sources: Sequence[str | None]
) -> list[int]:
    """By source (else category), then title; those with neither last."""
    keys = [((sources[i] or "~").casefold(), titles[i].casefold()) for i in range(len(titles))]
    return sorted(range(len(titles)), key=keys.__getitem__)


def _order(name: str, positions: Positions) -> SortOrder:
    return SortOrder(name, f"Sort by {name}", f"Order the list by {name}", positions)


#: Every sort, the default first.
SORT_ORDERS: tuple[SortOrder, ...] = (
    _order("date", _by_date),
    _order("title", _by_title),
    _order("source", _by_source),
)
#: The sorts' names, in the table's order.
SORTS: tuple[str, ...] = tuple(order.name for order in SORT_ORDERS)
DEFAULT_SORT = SORTS[0]
_BY_NAME = {order.name: order for order in SORT_ORDERS}


def sort_order(name: str) -> SortOrder:
    """The sort called `name`; the default for a name no sort has."""
    return _BY_NAME.get(name, SORT_ORDERS[0])


def sort_positions(
    titles: Sequence[str],
    published: Sequence[str | None],
    sources: Sequence[str | None],
    sort: str,
) -> list[int]:
    """The positions of rows in `sort`, from their columns (the store precomputes these)."""
    return sort_order(sort).positions(titles, published, sources)


def sort_summaries(rows: Iterable[ArticleSummary], sort: str) -> list[ArticleSummary]:
    """Rows in `sort`."""
    rows = list(rows)
    order = sort_positions(
        [s.title for s in rows],
        [s.published for s in rows],
        [s.source or s.category for s in rows],
        sort,
    )
    return [rows[i] for i in order]
