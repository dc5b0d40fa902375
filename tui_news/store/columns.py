"""The store's columns: the list's (`ListColumns`, in the index) and the summaries' (in the
summaries files), read, checked for shape and types, and made into objects.

The checks run in C-level passes (`set(map(type, column))`): 100,000 rows are on the app's
start path. Repeated strings are shared (orjson makes one object per occurrence).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_news.model import SORTS, ArticleSummary, Mentions
from tui_news.store.layout import LIST_COLUMNS, SUMMARY_COLUMNS
from tui_news.store.storage import StoreCorrupt, read_json_file


@dataclass(frozen=True)
class ListColumns:
    """What the list draws, one entry per article (`ids[i]` …), and each sort's row order.

    `partial(i)` makes an `ArticleSummary` with just the list's fields, for the first paint,
    before the whole summaries are read; `where` goes in its `category`.
    """

    ids: list[str]
    titles: list[str]
    where: list[str | None]
    published: list[str | None]
    minutes: list[int]
    orders: dict[str, list[int]]

    def __len__(self) -> int:
        return len(self.ids)

    def as_dict(self) -> dict[str, Any]:
        """The columns as the index's `list` document holds them (`LIST_COLUMNS`, `orders`)."""
        return {
            "id": self.ids,
            "title": self.titles,
            "where": self.where,
            "published": self.published,
            "minutes": self.minutes,
            "orders": self.orders,
        }

    def partial(self, i: int) -> ArticleSummary:
        return ArticleSummary(
            self.ids[i],
            self.titles[i],
            category=self.where[i],
            published=self.published[i],
            reading_minutes=self.minutes[i],
        )

    @classmethod
    def empty(cls) -> ListColumns:
        return cls([], [], [], [], [], {sort: [] for sort in SORTS})


def _checked_columns(path: Path, raw: Any, names: Sequence[str]) -> dict[str, list[Any]]:
    """`raw` as a dict of equally long lists with every name in `names`, else `StoreCorrupt`."""
    if not isinstance(raw, dict):
        raise StoreCorrupt(path, f"{path} is damaged: its columns are missing")
    length: int | None = None
    for name in names:
        column = raw.get(name)
        if not isinstance(column, list):
            raise StoreCorrupt(path, f"{path} is damaged: column {name!r} is missing")
        if length is None:
            length = len(column)
        elif len(column) != length:
            raise StoreCorrupt(path, f"{path} is damaged: its columns differ in length")
    return raw


def read_summaries_file(path: Path) -> dict[str, list[Any]] | None:
    """One summaries file's columns, checked for shape; None when the file is not there."""
    data = read_json_file(path)
    if data is None:
        return None
    return _checked_columns(path, data.get("summaries", {}).get("columns"), SUMMARY_COLUMNS)


def parse_list_columns(path: Path, raw: Any) -> ListColumns:
    columns = _checked_columns(path, raw, LIST_COLUMNS)
    n = len(columns["id"])
    orders: dict[str, list[int]] = {}
    raw_orders = columns.get("orders")
    for sort in SORTS:
        order = raw_orders.get(sort) if isinstance(raw_orders, dict) else None
        if not isinstance(order, list) or len(order) != n:
            raise StoreCorrupt(path, f"{path} is damaged: the {sort} order is missing")
        orders[sort] = order
    problem = column_types_problem(columns)
    if problem is not None:
        raise StoreCorrupt(path, f"{path} is damaged: {problem}")
    where = _interned(columns["where"])
    for order in orders.values():
        if not are_positions(order, n):
            raise StoreCorrupt(path, f"{path} is damaged: a sort order is not a permutation")
    return ListColumns(
        columns["id"], columns["title"], where, columns["published"], columns["minutes"], orders
    )


def column_types_problem(columns: Mapping[str, list[Any]]) -> str | None:
    """What is wrong with the types in the list columns `columns` (keyed by `LIST_COLUMNS`,
    as the index and the first page hold them), or None. In C-level passes: 100,000 rows are on
    the start path."""
    text, maybe_text = {str}, {str, type(None)}
    if not _types(columns["id"]) <= text or not _types(columns["title"]) <= text:
        return "an id or a title is not text"
    if not _types(columns["minutes"]) <= {int}:
        return "a reading time is not a number"
    if not _types(columns["published"]) <= maybe_text or not _types(columns["where"]) <= maybe_text:
        return "a date or a category is not text"
    return None


def are_positions(order: list[Any], n: int) -> bool:
    """Whether `order` holds distinct whole numbers, each a position in `range(n)`."""
    return not order or (
        _types(order) <= {int}
        and min(order) >= 0
        and max(order) < n
        and len(set(order)) == len(order)
    )


def _types(values: list[Any]) -> set[type]:
    return set(map(type, values))


def _interned(values: list[Any], canonical: dict[Any, Any] | None = None) -> list[Any]:
    """The column with equal strings shared (orjson makes one string object per occurrence);
    `canonical` carries the shared ones over from column to column.

    Values that are not text or None become text (a hand-edited store)."""
    if not _types(values) <= {str, type(None)}:
        values = [v if v is None or type(v) is str else str(v) for v in values]
    canonical = {} if canonical is None else canonical
    keep = canonical.setdefault
    for value in set(values):
        keep(value, value)
    return list(map(canonical.__getitem__, values))


_TEXT_OR_NONE = ("dek", "category", "byline", "published", "source", "url", "origin")
_LIST_VALUED = ("tags", "people", "places", "organizations")
_NONE = type(None)


def summaries_from_columns(
    raw: dict[str, list[Any]], canonical: dict[Any, Any] | None = None
) -> list[ArticleSummary]:
    """Summaries from the summaries file's columns. Repeated strings (categories, sources, tags,
    names and places) become one shared object each: at 100,000 articles that is most of them.
    Columns of another shape than the store writes (a hand-edited file) take `from_dict`."""
    names = [n for n in SUMMARY_COLUMNS if n != "ck"]
    trusted = (
        _types(raw["id"]) <= {str}
        and _types(raw["title"]) <= {str}
        and _types(raw["lead"]) <= {str}
        and _types(raw["word_count"]) <= {int}
        and _types(raw["reading_minutes"]) <= {int}
        and all(_types(raw[c]) <= {str, _NONE} for c in _TEXT_OR_NONE)
        and all(_types(raw[c]) <= {list} for c in _LIST_VALUED)
    )
    if not trusted:
        rows = zip(*(raw[n] for n in names), strict=True)
        return [ArticleSummary.from_dict(_row_dict(row)) for row in rows]
    canonical = {} if canonical is None else canonical
    for name in ("category", "source", "byline", "origin"):
        raw[name] = _interned(raw[name], canonical)
    keep = canonical.setdefault
    empty: tuple[str, ...] = ()
    for name in _LIST_VALUED:
        raw[name] = [
            tuple(keep(x, x) if type(x) is str else str(x) for x in values) if values else empty
            for values in raw[name]
        ]
    no_mentions = Mentions()
    mentions = [
        Mentions(people, places, orgs) if people or places or orgs else no_mentions
        for people, places, orgs in zip(
            raw.pop("people"), raw.pop("places"), raw.pop("organizations"), strict=True
        )
    ]
    columns = (
        raw["id"], raw["title"], raw["dek"], raw["category"], raw["byline"],
        raw["published"], raw["source"], raw["url"], raw["tags"], mentions,
        raw["word_count"], raw["reading_minutes"], raw["origin"], raw["lead"],
    )  # fmt: skip
    return list(map(ArticleSummary, *columns))


def _row_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    names = [n for n in SUMMARY_COLUMNS if n != "ck"]
    data = dict(zip(names, row, strict=True))
    data["mentions"] = {k: data.pop(k) for k in ("people", "places", "organizations")}
    return data
