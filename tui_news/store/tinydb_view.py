"""The store through TinyDB's own API: `open_tinydb(path)` opens any store file as a `TinyDB`.

Every store file is a TinyDB JSON file, but its documents are keyed by our own string ids
(`"store"`, `"columns"`, article ids, source keys) where TinyDB's default `Table` expects whole
numbers: a plain `TinyDB("news.json")` fails on the first document it reads
(`int("columns")`). The view uses `StrIdTable`, whose `document_id_class` is `str`.

The index (`news.json`) holds the list's columns, not one document per article, so its view
has one more table, `articles`: one document per article, keyed by id, built in memory from
the summaries files (`layout.SUMMARY_COLUMNS` less the content key `ck`). Any other store file
(a body shard, a summaries or sources file, the first page, the state file) is viewed as it is.

    from tinydb import Query
    from tui_news.store.tinydb_view import open_tinydb

    db = open_tinydb(Path("news.json"))
    db.table("articles").search(Query().title.search("Iran"))

The view is read-only: it reads the files once, when opened, and any write raises
`StoreWriteError` (the store changes only through a load, which commits all its files at once).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from tui_news.store.layout import STORE_KIND, SUMMARY_COLUMNS
from tui_news.store.reader import ArticleReader
from tui_news.store.storage import StoreError, StoreWriteError, Tables, read_json_file

#: The table of one document per article in the index's view.
ARTICLES_TABLE = "articles"


class StrIdTable(Table):
    """Documents keyed by our own string ids (article ids, origins) instead of TinyDB's ints."""

    document_id_class = str  # type: ignore[assignment]


class StoreTinyDB(TinyDB):
    table_class = StrIdTable


class ReadOnlyStorage(Storage):
    """Tables held in memory, never written back."""

    def __init__(self, path: Path, tables: Tables) -> None:
        self.path = path
        self._tables = tables

    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        raise StoreWriteError(
            self.path, f"{self.path} is open read-only through TinyDB; load with `tui-news load`"
        )


def open_tinydb(path: Path) -> TinyDB:
    """The store file `path` as a read-only `TinyDB`; for a store's index, with an `articles`
    table besides `meta` and `list`. `StoreError` when it is missing, damaged or (for an index)
    of another schema; `StoreChanged` when a load replaced its summaries while they were read."""
    tables = read_json_file(path)
    if tables is None:
        raise StoreError(path, f"{path} does not exist")
    meta = tables.get("meta", {}).get("store")
    if isinstance(meta, dict) and meta.get("kind") == STORE_KIND:
        tables = {**tables, ARTICLES_TABLE: _article_documents(path)}
    return StoreTinyDB(storage=ReadOnlyStorage, path=path, tables=tables)


def _article_documents(path: Path) -> dict[str, dict[str, Any]]:
    """Every article's summary as a document, keyed by id, in the index's order."""
    names = [name for name in SUMMARY_COLUMNS if name != "ck"]
    documents: dict[str, dict[str, Any]] = {}
    for chunk in ArticleReader(path, readonly=True).summary_chunks():
        for row in zip(*(chunk[name] for name in names), strict=True):
            document = dict(zip(names, row, strict=True))
            documents[str(document["id"])] = document
    return documents
