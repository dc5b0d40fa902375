"""The first page (`news.head.json`): written by every commit, used only while it describes the
index on disk, and never an error however it is damaged."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui_news.library import PLACEHOLDER, HeadRows, Library
from tui_news.model import SORTS
from tui_news.store import ArticleStore, ListColumns, StoreCorrupt, open_store
from tui_news.store import head as head_module
from tui_news.store.head import head_path, read_head

SOURCES = ("Harbour Gazette", "Northern Wire", None, "The Daily Lantern")


def write_articles(folder: Path, count: int, *, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for i in range(start, start + count):
        rows.append(
            {
                "id": f"head-{i:03d}",
                "title": f"{'Zebra Apple Mango Kiwi'.split()[i % 4]} story number {i}",
                "source": SOURCES[i % len(SOURCES)],
                "category": "World" if i % 3 else None,
                # Some undated: they sort after the dated ones.
                "published": None if i % 7 == 0 else f"2025-0{1 + i % 9}-{10 + i % 18}T08:00:00",
                "blocks": [{"kind": "paragraph", "text": f"Body of story {i}. " * 20}],
            }
        )
    path = folder / f"articles-{start}.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def small_head(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(head_module, "HEAD_ROWS", 7)
    return 7


@pytest.fixture
def db(tmp_path: Path, small_head: int) -> Path:
    path = tmp_path / "store" / "news.json"
    ArticleStore(path).load([write_articles(tmp_path / "in", 30)], remember_roots=False)
    return path


def rows_of(columns: ListColumns, sort: str) -> list[tuple[Any, ...]]:
    """Every column of each row, in `sort`'s order."""
    c = columns
    return [
        (c.ids[p], c.titles[p], c.where[p], c.published[p], c.minutes[p]) for p in c.orders[sort]
    ]


def test_a_load_writes_the_first_rows_of_every_sort(db: Path, small_head: int) -> None:
    head = read_head(db)
    assert head is not None
    assert head.total == 30
    assert head.generation == ArticleStore(db).meta()["generation"]
    whole = ArticleStore(db).columns()
    for sort in SORTS:
        assert rows_of(head.columns, sort) == rows_of(whole, sort)[:small_head], sort
    # Each row once, however many sorts it heads.
    assert len(set(head.columns.ids)) == len(head.columns.ids) <= small_head * len(SORTS)


def test_a_store_smaller_than_the_head_is_all_in_it(tmp_path: Path) -> None:
    path = tmp_path / "news.json"
    ArticleStore(path).load([write_articles(tmp_path / "in", 4)], remember_roots=False)
    head = read_head(path)
    assert head is not None and head.total == 4
    assert all(len(head.columns.orders[sort]) == 4 for sort in SORTS)


def test_the_next_load_writes_the_next_head(db: Path, tmp_path: Path) -> None:
    ArticleStore(db).load([write_articles(tmp_path / "more", 5, start=30)], remember_roots=False)
    head = read_head(db)
    assert head is not None and head.total == 35
    assert head.generation == ArticleStore(db).meta()["generation"]


def test_the_temp_file_of_a_killed_head_write_goes_with_the_next_load(
    db: Path, tmp_path: Path
) -> None:
    litter = db.parent / f".{head_path(db).name}.k1ll3d.tmp"
    litter.write_bytes(b'{"head": {"pa')
    ArticleStore(db).load([write_articles(tmp_path / "more", 2, start=30)], remember_roots=False)
    assert not litter.exists()
    assert read_head(db) is not None


def test_a_head_is_not_used_once_the_index_changed(db: Path) -> None:
    old_index = db.read_bytes()
    info = os.stat(db)
    # Another index in its place (a restored copy): same bytes, another file.
    aside = db.with_name("copy.json")
    aside.write_bytes(old_index)
    os.replace(aside, db)
    assert read_head(db) is None
    # A hand edit in place that kept the size: the time differs.
    db.write_bytes(old_index)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))
    assert read_head(db) is None


def test_a_head_of_another_schema_is_not_used(db: Path) -> None:
    path = head_path(db)
    data = orjson.loads(path.read_bytes())
    data["head"]["page"]["schema"] += 1
    path.write_bytes(orjson.dumps(data))
    assert read_head(db) is None


def test_an_oversized_head_is_not_read(db: Path) -> None:
    path = head_path(db)
    path.write_bytes(path.read_bytes() + b" " * (head_module.MAX_HEAD_BYTES + 1))
    assert read_head(db) is None


def test_no_head_or_no_index_is_no_head(tmp_path: Path, db: Path) -> None:
    head_path(db).unlink()
    assert read_head(db) is None
    assert read_head(tmp_path / "nowhere" / "news.json") is None


def _set(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        doc = doc[key]
    doc[path[-1]] = value


FIELDS = [
    ("total",),
    ("generation",),
    ("rows",),
    ("rows", "id"),
    ("rows", "title"),
    ("rows", "where"),
    ("rows", "published"),
    ("rows", "minutes"),
    ("orders",),
    ("orders", "date"),
    ("orders", "title"),
    ("index",),
    ("index", "size"),
    ("kind",),
]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda children: (
        st.lists(children, max_size=8) | st.dictionaries(st.text(max_size=5), children)
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_a_damaged_head_is_no_head_and_never_an_error(
    db: Path, field: tuple[str, ...], value: Any
) -> None:
    path = head_path(db)
    good = path.read_bytes()
    try:
        data = orjson.loads(good)
        _set(data["head"]["page"], field, value)
        path.write_text(json.dumps(data), encoding="utf-8")  # (any int: orjson stops at 64 bits)
        head = read_head(db)
        if head is not None:  # a value that happens to be valid: then it is a consistent head
            for sort in SORTS:
                order = head.columns.orders[sort]
                assert all(0 <= p < len(head.columns.ids) for p in order)
                assert len(order) == min(head_module.HEAD_ROWS, head.total)
    finally:
        path.write_bytes(good)


@pytest.mark.parametrize(
    "raw", [b"", b"\x00\xff garbage", b"[1, 2]", b'{"head": 3}', b'{"head": {"page": []}}']
)
def test_a_garbled_head_is_no_head(db: Path, raw: bytes) -> None:
    head_path(db).write_bytes(raw)
    assert read_head(db) is None


# --- the library started from the head ---------------------------------------------------------


def test_open_with_the_first_page_does_not_read_the_index(db: Path) -> None:
    store = open_store(db, first_page=True)
    assert store.head is not None
    # Garble the index in place, keeping its size, time and inode (what the head checks):
    # an open that read it would fail now.
    info = os.stat(db)
    size = info.st_size
    with open(db, "r+b") as f:
        f.write(b"X" * size)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns))
    library = Library(open_store(db, first_page=True))
    assert not library.list_loaded
    assert len(library.rows) == 30
    assert library.rows[0].id == store.head.columns.ids[store.head.columns.orders["date"][0]]
    # The index is read after the first paint: damaged, it says so (the app's worker shows it).
    with pytest.raises(StoreCorrupt):
        library.load_list()
    # A row past the head asked for meanwhile is an empty row, never an exception.
    assert library.rows[20].id == ""


def test_head_rows_are_the_whole_list(db: Path, small_head: int) -> None:
    library = Library(open_store(db, first_page=True))
    plain = Library(open_store(db))
    assert isinstance(library.rows, HeadRows) and not library.list_loaded
    assert library.total == plain.total == 30
    head_ids = [library.rows[i].id for i in range(small_head)]
    assert head_ids == [plain.rows[i].id for i in range(small_head)]
    assert not library.list_loaded  # the head's rows did not need the index
    # A row past them is a placeholder until the index is read (drawing one reads no file),
    # then the same rows give it from memory.
    head_rows = library.rows
    assert (
        isinstance(head_rows, HeadRows)
        and head_rows[-1] is PLACEHOLDER
        and head_rows.id_at(len(head_rows) - 1) is None
    )
    assert not library.list_loaded
    assert library.load_list() is True
    assert head_rows[-1].id == plain.rows[-1].id == head_rows.id_at(len(head_rows) - 1)
    assert [r.id for r in library.rows] == [r.id for r in plain.rows]
    assert library.load_list() is False  # read once


@pytest.mark.parametrize("sort", SORTS)
def test_each_sort_starts_from_its_head(db: Path, sort: str, small_head: int) -> None:
    library = Library(open_store(db, first_page=True), sort=sort)
    plain = Library(open_store(db), sort=sort)
    assert [library.rows[i].id for i in range(small_head)] == [
        plain.rows[i].id for i in range(small_head)
    ]
    assert not library.list_loaded


def test_another_sort_starts_from_the_head_and_a_filter_reads_the_index(
    db: Path, small_head: int
) -> None:
    library = Library(open_store(db, first_page=True))
    library.cycle_sort()
    plain = [r.id for r in Library(open_store(db), sort="title").rows]
    assert [library.rows[i].id for i in range(small_head)] == plain[:small_head]
    assert not library.list_loaded
    library.load_list()  # (the app's worker, after the first paint)
    assert [r.id for r in library.rows] == plain
    filtered = Library(open_store(db, first_page=True))
    filtered.set_filter('source:"Northern Wire"')
    assert filtered.list_loaded
    assert filtered.rows and all(r.source == "Northern Wire" for r in filtered.rows)


def test_counts_before_and_after_the_index_is_read(db: Path) -> None:
    store = open_store(db)
    for i in (1, 2, 3):
        store.state.toggle_read(f"head-{i:03d}")
    library = Library(open_store(db, first_page=True))
    before = library.counts()
    assert (before.shown, before.total, before.unread) == (30, 30, 27)
    library.load_list()
    assert library.counts() == before


def test_details_and_titles_read_the_index_first(db: Path) -> None:
    library = Library(open_store(db, first_page=True))
    assert len(library.titles()) == 30
    library = Library(open_store(db, first_page=True))
    assert len(library.summaries) == 30 and library.list_loaded


def test_a_reload_that_lands_while_the_index_is_read_wins(
    db: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    library = Library(open_store(db, first_page=True))
    articles = library.store.articles
    read = articles.columns
    calls: list[int] = []

    def columns() -> ListColumns:
        stale = read()
        if not calls:  # the worker's read, with `r` pressed meanwhile: the reload finishes first
            calls.append(1)
            more = write_articles(tmp_path / "more", 1, start=30)
            ArticleStore(db).load([more], remember_roots=False)  # another process's load
            articles.refresh()
            library.reload()  # reads the store as it is now: one more article
        return stale

    monkeypatch.setattr(articles, "columns", columns)
    assert library.load_list() is True
    assert library.total == 31 and library.list_loaded
    assert len(library.rows) == 31


def test_a_load_that_changes_nothing_mends_a_missing_or_stale_head(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    store = ArticleStore(db)
    assert store.load([folder], remember_roots=False).files_parsed == 0  # nothing changed
    good = read_head(db)
    assert good is not None
    head_path(db).unlink()
    ArticleStore(db).load([folder], remember_roots=False)
    mended = read_head(db)
    assert mended is not None and mended == good
    info = os.stat(db)
    os.utime(db, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))  # a restored copy
    assert read_head(db) is None
    ArticleStore(db).load([folder], remember_roots=False)
    assert read_head(db) == good
