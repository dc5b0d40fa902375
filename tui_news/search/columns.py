"""Per-article columns the index filters with: what a filter word (`filters.py`) reads, kept as
arrays over the index's rows, so a filter is a few array operations and not a loop per article.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from tui_news.model import ArticleState, ArticleSummary, flagged

Mask = npt.NDArray[np.bool_]


def rows_mask(rows: Sequence[int] | npt.NDArray[np.int64], size: int) -> Mask:
    """A mask over `size` rows, true at `rows`."""
    mask = np.zeros(size, dtype=bool)
    if len(rows):
        mask[np.asarray(rows, dtype=np.int64)] = True
    return mask


class ValueDocs:
    """For each (case-folded) value of a field, the rows of the articles that hold it."""

    def __init__(self, docs: dict[str, list[int]], size: int) -> None:
        self._docs = docs
        self._size = size

    @classmethod
    def build_single(cls, values: Iterable[str | None], size: int) -> ValueDocs:
        """From each row's value (or None), in row order."""
        docs: dict[str, list[int]] = defaultdict(list)
        for row, value in enumerate(values):
            if value:
                docs[value.casefold()].append(row)
        return cls(dict(docs), size)

    @classmethod
    def build_many(cls, values: Iterable[Sequence[str]], size: int) -> ValueDocs:
        """From each row's values, in row order."""
        docs: dict[str, list[int]] = defaultdict(list)
        for row, held in enumerate(values):
            if held:
                for value in {v.casefold() for v in held if v}:
                    docs[value].append(row)
        return cls(dict(docs), size)

    def any_of(self, values: Iterable[str]) -> Mask:
        """Rows holding any of `values` (whole)."""
        return rows_mask([d for v in values for d in self._docs.get(v, ())], self._size)

    def containing_all(self, needles: Iterable[str]) -> Mask:
        """Rows where each needle is part of one of the row's values."""
        mask = np.ones(self._size, dtype=bool)
        for needle in needles:
            mask &= rows_mask(
                [d for value, ds in self._docs.items() if needle in value for d in ds], self._size
            )
        return mask


class StateColumn:
    """The rows of the index by article id, to read the marks (kept apart from the index, as
    they change while it stands)."""

    def __init__(self, positions: Mapping[str, int], size: int) -> None:
        self._positions = positions
        self._size = size

    def everything(self) -> Mask:
        return np.ones(self._size, dtype=bool)

    def marked(self, states: Mapping[str, ArticleState], mark: Literal["read", "starred"]) -> Mask:
        """Rows whose article has `mark` set in `states`."""
        positions = self._positions
        return rows_mask(
            [positions[i] for i in flagged(states, mark) if i in positions], self._size
        )


class DayColumn:
    """Each row's day published (`YYYY-MM-DD`, "" when undated), compared as text."""

    def __init__(self, days: npt.NDArray[np.str_]) -> None:
        self._days = days

    @classmethod
    def build(cls, summaries: Sequence[ArticleSummary]) -> DayColumn:
        return cls(np.array([(s.published or "")[:10] for s in summaries], dtype="U10"))

    def dated(self) -> Mask:
        return np.not_equal(self._days, "")

    def after(self, day: str) -> Mask:
        return self._days > day

    def before(self, day: str) -> Mask:
        return self._days < day
