"""The open store as the screens see it: the list's rows, order and filter, counts, marks.

`Library` is the one object the screens share. It holds the summaries and the user's state in
memory, answers "which rows, in which order", and writes state changes through to the store.
It imports no Textual, so it is tested (and benchmarked) as plain Python. It keeps its rows
up to date itself and tells its subscribers what changed (`subscribe`, `library/changes.py`).
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from tui_news.library.changes import Change, ChangeFeed, Listener
from tui_news.library.index import build_search_index, helper_pays, save_index_beside_store
from tui_news.library.prefetch import ShardPrefetcher
from tui_news.library.rows import HeadRows, Mapped
from tui_news.library.snapshot import Snapshot, read_details
from tui_news.model import (
    DEFAULT_SORT,
    SORTS,
    Article,
    ArticleState,
    ArticleSummary,
    States,
    flagged,
    sort_order,
)
from tui_news.search.query import Query, filter_summaries, parse_query
from tui_news.store import (
    ListColumns,
    ListHead,
    LoadReport,
    Store,
    StoreError,
)

if TYPE_CHECKING:
    from tui_news.search.engine import SearchIndex

_DEFAULT_STATE = ArticleState()


@dataclass(frozen=True)
class Counts:
    shown: int
    total: int
    unread: int


class Library:
    """The open store, as the screens see it.

    Starts from the store's list columns alone (`ListColumns`: what the first paint needs);
    the whole summaries (for filters, facets, search) are read by `load_details`, which the app
    runs in a worker after the first paint. Anything that needs them before that reads them
    there and then (`summaries`), so nothing ever sees a half-loaded library.

    A store opened with its first page (`Store.head`, `store/head.py`) starts one step earlier:
    from the first rows of each sort and the article count, without the index. The rows are
    then `HeadRows`: as long as the whole list, the head's rows first and placeholders after
    them; `load_list` (the app's worker, right after the first paint) reads the index. Another
    sort or a filter before that reads it there and then; drawing a row never does.
    """

    def __init__(self, store: Store, *, sort: str = DEFAULT_SORT) -> None:
        self.store = store
        self.sort = sort_order(sort).name
        self.query: Query = Query()
        self.states: MutableMapping[str, ArticleState] = States()
        self.rows: Sequence[ArticleSummary] = ()
        self._lock = threading.RLock()
        self._build_lock = threading.Lock()
        self._prefetcher = ShardPrefetcher(store.articles.warm)
        self._index: SearchIndex | None = None
        #: Messages about saving (a read-only store) for the app to show once.
        self.save_problems: list[str] = []
        #: Set by `close`: long reads and builds in workers give up (`Stopped`).
        self._closing = threading.Event()
        #: The first page the list started from, until the index is read (`load_list`).
        self._head: ListHead | None = None
        self._list_lock = threading.Lock()
        self._changes = ChangeFeed()
        head, store.head = store.head, None  # only the first open starts from it
        if head is not None:
            self._head = head
            self._data = Snapshot(head.columns)
            self.states = store.state.all()
            self._refresh_rows()
        else:
            self._load_from_store()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(change)` after every change to the rows or the marks, on the thread
        that made it (`library/changes.py` says what a listener may do); returns what
        unsubscribes it."""
        return self._changes.subscribe(listener)

    # --- data ---------------------------------------------------------------------------------

    def _load_from_store(self, details: bool = False) -> None:
        # Build everything first, then swap: a reload runs in a worker while the UI reads.
        data = Snapshot(self.store.articles.columns())
        if details:
            data = read_details(self.store.articles, data, stop=self._closing.is_set)
        states = self.store.state.all()
        with self._changes.changing(), self._lock:
            self._data, self.states = data, states
            self._head = None
            self._index = None
            self._refresh_rows()

    def close(self) -> None:
        """The app is quitting: work still running in its threads (reading the summaries,
        waiting for the index helper, which is then killed) stops at its next step with
        `Stopped`, so that the process does not wait for it."""
        self._closing.set()

    @property
    def closing(self) -> bool:
        return self._closing.is_set()

    def load_list(self) -> bool:
        """Read the index if the list started from the first page; True when it did (the rows
        are new objects: the list must take them). A `StoreError` if the index is damaged."""
        if self._head is None:
            return False
        # A second caller waits for the first read, never starts another.
        with self._changes.changing(), self._list_lock:
            if self._head is None:
                return False
            data = Snapshot(self.store.articles.columns())
            with self._lock:
                if self._head is None:  # a reload replaced everything meanwhile: keep that
                    return True
                self._data = data
                self._head = None
                self._index = None
                self._refresh_rows()
            return True

    @property
    def list_loaded(self) -> bool:
        """Whether the whole list is read (False only before `load_list`, after a head start)."""
        return self._head is None

    def _row_in(self, sort: str, index: int) -> ArticleSummary | None:
        """Row `index` of the whole list in `sort` if the index is read, else None (for
        `HeadRows`, past the head's rows). From memory only: the list draws it in `render_line`."""
        if self._head is not None:
            return None
        data = self._data
        order = data.columns.orders[sort]
        return data.row(order[index]) if index < len(order) else None

    def load_details(self) -> bool:
        """Read the whole summaries if they are not yet; True when the list must be redrawn
        (the store changed under the first paint's columns)."""
        if self._data.details is not None:
            return False
        with self._changes.changing():
            return self._take_details()

    def _take_details(self) -> bool:
        self.load_list()
        with self._lock:
            data = self._data
            if data.details is not None:
                return False
            fresh = read_details(self.store.articles, data, stop=self._closing.is_set)
            self._data = fresh
            if fresh.columns is not data.columns:
                self._index = None
                self._refresh_rows()
                return True
            if self.query.has_filters or self.query.text:
                self._refresh_rows()
            return False

    @property
    def details_ready(self) -> bool:
        return self._data.details is not None

    @property
    def summaries(self) -> list[ArticleSummary]:
        """Every article's summary (read now if the worker has not yet)."""
        self.load_details()
        details = self._data.details
        assert details is not None
        return details

    @property
    def by_id(self) -> dict[str, ArticleSummary]:
        self.load_details()
        return self._data.by_id()

    def titles(self) -> dict[str, str]:
        """id → title for every article, from the list columns (no need to wait for details)."""
        with contextlib.suppress(StoreError):  # reported by the app's worker; the head's titles
            self.load_list()
        return self._data.titles()

    @property
    def columns(self) -> ListColumns:
        """The list columns in use (a new object after a reload or a store change)."""
        return self._data.columns

    @property
    def total(self) -> int:
        head = self._head
        return head.total if head is not None else len(self._data.columns)

    def reload(self) -> LoadReport:
        """Load the seed folders again; user state is untouched (it lives in its own file).

        Parsed here, one file after another: a pool's processes would share the app's
        terminal (the CLI's `tui-news load` is the place for big loads)."""
        report = self.store.reload(workers=1)
        self._load_from_store(details=True)
        return report

    # --- the search index ---------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The search index; built now if it is not yet (or waited for, if it is being built)."""
        index = self._index
        return index if index is not None else self.build_index()

    def build_index(self, *, helper: bool = True) -> SearchIndex:
        """The index, built the way that keeps the app responsive (the app's worker calls this):
        for a big store, by a helper process (`library/index.py`) unless `helper` is False."""
        # A second caller waits for the first build, never starts another.
        with self._changes.changing(), self._build_lock:
            index = self._index
            while index is None:
                columns = self._data.columns
                build, index = build_search_index(
                    self.store,
                    lambda: self.summaries,
                    helper=helper and helper_pays(self.total),
                    stop=self._closing.is_set,
                )
                try:
                    with self._lock:
                        if self._data.columns is columns:  # else a reload came meanwhile: again
                            self._index = index
                        else:
                            index = None
                    if index is not None and build is not None and not self.closing:
                        save_index_beside_store(self.store, build)  # the index is in use already
                finally:
                    if build is not None:
                        build.close()
            return index

    @property
    def index_ready(self) -> bool:
        return self._index is not None

    # --- articles -----------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        return self.store.articles.get(article_id)

    def prefetch(self, article_id: str) -> None:
        """Read the body shard of `article_id` in the background, so that opening it does not
        parse it (`library/prefetch.py`)."""
        if article_id:
            self._prefetcher.want(article_id)

    def state(self, article_id: str) -> ArticleState:
        return self.states.get(article_id, _DEFAULT_STATE)

    def related(self, article_id: str, limit: int = 5) -> list[ArticleSummary]:
        by_id = self.by_id
        return [by_id[i] for i, _ in self.index.related(article_id, limit=limit) if i in by_id]

    # --- the list -----------------------------------------------------------------------------

    def _ordered(self) -> Sequence[ArticleSummary]:
        """Every article in the current sort (the store computed each order at load time)."""
        data = self._data
        return Mapped(data.columns.orders[self.sort], data.row)

    def _refresh_rows(self) -> None:
        """Work out the rows for the sort and the filter now, and tell the subscribers."""
        with self._changes.changing():
            rows = self._rows_now()
            if rows is not None:
                self.rows = rows
                self._changes.tell(Change.ROWS)

    def _rows_now(self) -> Sequence[ArticleSummary] | None:
        """The rows for the sort and the filter now; None if reading the index set them."""
        head = self._head
        query = self.query
        if head is not None:
            if not query.has_filters and not query.text and self.sort in head.columns.orders:
                return HeadRows(self._ordered(), head.total, partial(self._row_in, self.sort))
            try:
                self.load_list()  # refreshes the rows once it has read the index
            except StoreError:  # the app's worker reports it
                return HeadRows((), head.total, partial(self._row_in, self.sort))
            return None
        if not query.has_filters and not query.text:
            return self._ordered()
        if self._index is None:
            # No index yet (it is built in the background after the first paint): filters
            # alone are applied to the summaries directly; free text needs the index, built
            # here and now (after the summaries: reading them may refresh the rows).
            self.load_details()
            if not query.text:
                return filter_summaries(self._ordered(), self.states, query)
        index = self.index
        # The filters and the words at once, as one mask over the index's rows: the list
        # keeps its own order, so no match needs a score, a snippet or a place in a ranking.
        mask = index.matches(query, self.states)
        if mask is None:
            return self._ordered()
        data = self._data
        if len(index) == len(data.columns.ids):
            # The index is always built from this data's summaries (it is dropped whenever the
            # data is replaced), so its row p is position p: the sort's positions, masked, are
            # the rows, in one array operation rather than a Python loop over every row.
            order = data.order_array(self.sort)
            return Mapped(order[mask[order]].tolist(), data.row)
        by_index = index.position
        return [s for s in self._ordered() if mask[by_index(s.id)]]

    def set_sort(self, sort: str) -> None:
        self.sort = sort_order(sort).name
        self._refresh_rows()

    def cycle_sort(self) -> str:
        self.set_sort(SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)])
        return self.sort

    def set_filter(self, query: Query | str) -> None:
        self.query = parse_query(query) if isinstance(query, str) else query
        self._refresh_rows()

    def counts(self) -> Counts:
        head = self._head
        if head is not None:
            # Before the index is read: every read mark counted as one of these articles (a
            # mark of an article a reload removed is not); exact once `load_list` has run.
            read = len(flagged(self.states, "read"))
            return Counts(shown=head.total, total=head.total, unread=max(0, head.total - read))
        positions = self._data.positions()
        read = sum(1 for article_id in flagged(self.states, "read") if article_id in positions)
        total = len(positions)
        return Counts(shown=len(self.rows), total=total, unread=total - read)

    def facets(self) -> dict[str, Counter[str]]:
        """Values to filter by, with how many articles have each (counted once per read of the
        store: the filter dialog asks for them each time it opens)."""
        self.load_details()
        return self._data.facets()

    # --- user state ---------------------------------------------------------------------------

    def _save(self, change: str, article_id: str, *args: object) -> ArticleState:
        method = getattr(self.store.state, change)
        try:
            new: ArticleState = method(article_id, *args)
        except StoreError as error:
            if error.message not in self.save_problems:
                self.save_problems.append(error.message)
            return self.state(article_id)
        self.states[article_id] = new
        self._changes.tell(Change.MARKS)
        return new

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
