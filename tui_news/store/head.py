"""The first page: the list's first rows in each sort, in a small file beside the index.

The app's first frame shows a screenful of rows, but the index holds every row (megabytes of
JSON at 100,000 articles, parsed while Textual starts). `news.head.json` holds what the first
frame needs, the first `HEAD_ROWS` rows of each sort and the article count, so the app paints
from it and reads the index right after (`library/service.py`).

The head is a cache of the index, never the truth: each commit writes it once the index it
describes is in place (`commit.write_head`), naming that index by its size, modification time and inode.
An index written since (by another load, a rebuild, a restored copy, a hand edit) makes the head
stale; a stale, missing, damaged or oversized head is not used (`read_head` returns None) and the
app reads the index before its first frame instead. It holds no user state and nothing that is
not in the index; deleting it only costs the next start its head start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui_news.model import SORTS
from tui_news.store.columns import ListColumns, are_positions, column_types_problem
from tui_news.store.layout import LIST_COLUMNS, SCHEMA_VERSION, STORE_KIND, StoreFiles
from tui_news.store.storage import StoreError, read_json_file

#: Rows kept for each sort: more than any terminal shows at once.
HEAD_ROWS = 200
#: A head file larger than this is not read (ours are tens of KB: a bigger one is not ours).
MAX_HEAD_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ListHead:
    """The first rows of the list: `columns` holds them (`orders[sort]` are the positions, in
    `columns`, of that sort's first `min(HEAD_ROWS, total)` rows); `total` is how many the index
    lists; `generation` is the index's."""

    total: int
    generation: int
    columns: ListColumns


def head_path(db: Path) -> Path:
    return StoreFiles(db).head


def index_stamp(info: os.stat_result) -> dict[str, int]:
    """What names an index file in its head: a new file, or a changed one, has another."""
    return {"size": info.st_size, "mtime_ns": info.st_mtime_ns, "inode": info.st_ino}


def read_head(db: Path) -> ListHead | None:
    """The head of the index at `db`, if there is one that describes that very file; else None
    (never an error: the index itself is the truth, and is read instead)."""
    path = head_path(db)
    try:
        if os.stat(path).st_size > MAX_HEAD_BYTES:
            return None
        info = os.stat(db)
        data = read_json_file(path)
    except (OSError, StoreError):
        return None
    try:
        return _checked(data, info)
    except (AttributeError, KeyError, TypeError, ValueError):
        return None


def _checked(data: Any, info: os.stat_result) -> ListHead | None:
    doc = data["head"]["page"]
    if doc["kind"] != STORE_KIND or doc["schema"] != SCHEMA_VERSION:
        return None
    if doc["index"] != index_stamp(info):
        return None
    total, generation = doc["total"], doc["generation"]
    if type(total) is not int or type(generation) is not int:
        return None
    rows = doc["rows"]
    n = len(rows["id"])
    if (
        not all(len(rows[name]) == n for name in LIST_COLUMNS)
        or column_types_problem(rows) is not None
        or n > total
    ):
        return None
    orders: dict[str, list[int]] = {}
    wanted = min(HEAD_ROWS, total)
    for sort in SORTS:
        order = doc["orders"][sort]
        if len(order) != wanted or not are_positions(order, n):
            return None
        orders[sort] = order
    columns = ListColumns(
        rows["id"], rows["title"], rows["where"], rows["published"], rows["minutes"], orders
    )
    return ListHead(total, generation, columns)
