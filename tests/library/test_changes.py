"""The library keeps its rows up to date and tells its subscribers what changed."""

from __future__ import annotations

import threading
from pathlib import Path

from tui_news.library import Change, Library
from tui_news.library.changes import ChangeFeed
from tui_news.store import open_store


def _told(library: Library) -> list[Change]:
    told: list[Change] = []
    library.subscribe(told.append)
    return told


def test_sort_and_filter_refresh_the_rows_and_say_so(library_db: Path) -> None:
    library = Library(open_store(library_db))
    told = _told(library)
    before = library.rows
    library.cycle_sort()
    assert told == [Change.ROWS] and library.rows is not before
    assert [r.id for r in library.rows] == [
        r.id for r in Library(open_store(library_db), sort=library.sort).rows
    ]
    library.set_filter("is:starred")
    assert told == [Change.ROWS, Change.ROWS] and not library.rows


def test_a_change_inside_a_change_is_told_once(library_db: Path) -> None:
    # A filter before the summaries are read reads them, which refreshes the rows too.
    library = Library(open_store(library_db))
    told = _told(library)
    assert not library.details_ready
    library.set_filter('"council"')
    assert library.details_ready and told == [Change.ROWS]


def test_a_mark_redraws_the_same_rows(library_db: Path) -> None:
    library = Library(open_store(library_db))
    library.set_filter("is:unread")
    told = _told(library)
    rows = library.rows
    first = rows[0].id
    library.toggle_read(first)
    assert told == [Change.MARKS]
    # The rows stay as they are until the filter changes (the article read stays in view).
    assert library.rows is rows and rows[0].id == first


def test_a_change_in_a_worker_is_told_there_with_the_library_free(library_db: Path) -> None:
    library = Library(open_store(library_db, first_page=True))
    assert not library.list_loaded
    seen: list[tuple[threading.Thread, bool]] = []

    def listener(change: Change) -> None:
        # Another thread can use the library meanwhile: no lock of it is held.
        other = threading.Thread(target=library.load_details)
        other.start()
        other.join(5)
        seen.append((threading.current_thread(), not other.is_alive()))

    library.subscribe(listener)
    worker = threading.Thread(target=library.load_list)
    worker.start()
    worker.join(10)
    assert seen == [(worker, True)]


def test_an_unsubscribed_listener_hears_nothing() -> None:
    feed = ChangeFeed()
    told: list[Change] = []
    stop = feed.subscribe(told.append)
    feed.tell(Change.MARKS)
    stop()
    feed.tell(Change.ROWS)
    assert told == [Change.MARKS]
