"""What the screens show, without any drawing: the open store, the list's order and filter, counts.

`Library` is the one object the screens share. It holds the summaries and the user's state in
memory, answers "which rows, in which order", and writes state changes through to the store.
It imports no Textual, so it can be tested (and benchmarked) as plain Python.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

from tui_news.model import SORTS, Article, ArticleState, ArticleSummary, sort_summaries
from tui_news.search import Query, SearchIndex, filter_summaries, parse_query
from tui_news.store import LoadReport, Store, StoreError, open_store

_DEFAULT_STATE = ArticleState()


@dataclass(frozen=True)
class Counts:
    shown: int
    total: int
    unread: int


class Library:
    def __init__(self, store: Store, *, sort: str = "date") -> None:
        self.store = store
        self.sort = sort if sort in SORTS else "date"
        self.query: Query = Query()
        self.summaries: list[ArticleSummary] = []
        self.by_id: dict[str, ArticleSummary] = {}
        self.states: dict[str, ArticleState] = {}
        self.rows: list[ArticleSummary] = []
        self._index: SearchIndex | None = None
        #: Messages about saving (a read-only store) for the app to show once.
        self.save_problems: list[str] = []
        self._load_from_store()

    @classmethod
    def open(cls, path: Path, *, sort: str = "date") -> Library:
        return cls(open_store(path), sort=sort)

    # --- data ---------------------------------------------------------------------------------

    def _load_from_store(self) -> None:
        # Build everything first, then swap: a reload runs in a worker while the UI reads.
        summaries = self.store.articles.summaries()
        by_id = {s.id: s for s in summaries}
        states = self.store.state.all()
        self.summaries, self.by_id, self.states = summaries, by_id, states
        self._orders: dict[str, list[ArticleSummary]] = {}
        self._index = None
        self.refresh_rows()

    def reload(self) -> LoadReport:
        """Load the seed folders again; user state is untouched (it lives in its own file)."""
        report = self.store.reload()
        self._load_from_store()
        return report

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.summaries)
        return self._index

    @property
    def index_ready(self) -> bool:
        return self._index is not None

    def article(self, article_id: str) -> Article | None:
        return self.store.articles.get(article_id)

    def state(self, article_id: str) -> ArticleState:
        return self.states.get(article_id, _DEFAULT_STATE)

    # --- the list -----------------------------------------------------------------------------

    def _ordered(self) -> list[ArticleSummary]:
        """Every summary in the current sort; computed once per sort and data load."""
        ordered = self._orders.get(self.sort)
        if ordered is None:
            ordered = self._orders[self.sort] = sort_summaries(self.summaries, self.sort)
        return ordered

    def refresh_rows(self) -> None:
        ordered = self._ordered()
        query = self.query
        if not query.has_filters and not query.text:
            self.rows = ordered
            return
        if self._index is not None:
            mask = self._index.filter_mask(query, self.states)
            wanted: set[str] | None = None
            if query.text:
                hits = self._index.search(query, self.states, limit=len(self.summaries) or 1)
                wanted = {hit.id for hit in hits}
            by_index = self._index.position
            self.rows = [
                s for s in ordered
                if (mask is None or mask[by_index(s.id)]) and (wanted is None or s.id in wanted)
            ]  # fmt: skip
            return
        # No index yet (it is built in the background after the first paint): filter directly.
        rows = filter_summaries(ordered, self.states, query)
        if query.text:
            wanted = {hit.id for hit in self.index.search(query, self.states, limit=len(rows) or 1)}
            rows = [s for s in rows if s.id in wanted]
        self.rows = rows

    def set_sort(self, sort: str) -> None:
        self.sort = sort if sort in SORTS else "date"
        self.refresh_rows()

    def cycle_sort(self) -> str:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])
        return self.sort

    def set_filter(self, query: Query | str) -> None:
        self.query = parse_query(query) if isinstance(query, str) else query
        self.refresh_rows()

    def counts(self) -> Counts:
        read = sum(
            1
            for article_id, state in self.states.items()
            if state.read and article_id in self.by_id
        )
        return Counts(
            shown=len(self.rows), total=len(self.summaries), unread=len(self.summaries) - read
        )

    def facets(self) -> dict[str, Counter[str]]:
        """Values to filter by, with how many articles have each."""
        facets: dict[str, Counter[str]] = {
            "category": Counter(),
            "source": Counter(),
            "tag": Counter(),
            "person": Counter(),
            "place": Counter(),
        }
        for s in self.summaries:
            if s.category:
                facets["category"][s.category] += 1
            if s.source:
                facets["source"][s.source] += 1
            facets["tag"].update(s.tags)
            facets["person"].update(s.mentions.people)
            facets["place"].update(s.mentions.places)
        return facets

    # --- user state ---------------------------------------------------------------------------

    def _apply(self, article_id: str, new: ArticleState) -> ArticleState:
        self.states[article_id] = new
        return new

    def _save(self, change: str, article_id: str, *args: object) -> ArticleState:
        method = getattr(self.store.state, change)
        try:
            return self._apply(article_id, method(article_id, *args))
        except StoreError as error:
            if error.message not in self.save_problems:
                self.save_problems.append(error.message)
            return self.state(article_id)

    def toggle_star(self, article_id: str) -> ArticleState:
        return self._save("toggle_star", article_id)

    def toggle_read(self, article_id: str) -> ArticleState:
        return self._save("toggle_read", article_id)

    def opened(self, article_id: str) -> ArticleState:
        return self._save("opened", article_id)

    def set_position(self, article_id: str, position: int) -> ArticleState:
        if self.state(article_id).position == position:
            return self.state(article_id)
        return self._save("set_position", article_id, position)

    def related(self, article_id: str, limit: int = 5) -> list[ArticleSummary]:
        return [
            self.by_id[i] for i, _ in self.index.related(article_id, limit=limit) if i in self.by_id
        ]


class IdsOf(Sequence[str]):
    """The ids of a list of rows, without copying them (opening an article at 100k rows)."""

    def __init__(self, rows: Sequence[ArticleSummary]) -> None:
        self._rows = rows

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [row.id for row in self._rows[index]]
        return self._rows[index].id

    def __len__(self) -> int:
        return len(self._rows)
