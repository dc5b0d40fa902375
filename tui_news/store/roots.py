"""The folders and files a store was loaded from, kept beside it in `news.roots.json`.

The index (`news.json`) names them too, but a damaged index takes that list with it: this file
is written apart from the article data, atomically at every load, forget and rebuild, so that
recovering a damaged store loads the user's folders again rather than only the bundled seeds.
Each root is one document (`{"path": stored key}`), so that other kinds (feeds) can join.
"""

from __future__ import annotations

from pathlib import Path

from tui_news.store.atomic import write_json_file
from tui_news.store.layout import ROOTS_KIND, ROOTS_SCHEMA, StoreFiles, unstore_key
from tui_news.store.storage import StoreError, read_json_file


def read_roots(index: Path) -> list[str] | None:
    """The roots remembered beside the store `index`, as stored keys (`layout.store_key`);
    None when there is no such file or it cannot be read (then nothing is known)."""
    try:
        data = read_json_file(StoreFiles(index).roots)
    except StoreError:
        return None
    if data is None:
        return None
    meta = data.get("meta", {}).get("roots")
    if not isinstance(meta, dict) or meta.get("kind") != ROOTS_KIND:
        return None
    documents = data.get("roots", {})
    ordered = sorted(documents.items(), key=lambda item: int(item[0]) if item[0].isdigit() else 0)
    return [
        doc["path"]
        for _id, doc in ordered
        if isinstance(doc, dict) and isinstance(doc.get("path"), str)
    ]


def remembered_roots(index: Path) -> list[str] | None:
    """`read_roots` as file system paths."""
    roots = read_roots(index)
    return None if roots is None else [unstore_key(r) for r in roots]


def remember_roots(index: Path, roots: list[str]) -> None:
    """Write `roots` (stored keys) beside the store `index`, unless the file says so already.
    `StoreWriteError` when it cannot be saved (the previous file is kept)."""
    if read_roots(index) == roots:
        return
    write_json_file(
        StoreFiles(index).roots,
        {
            "meta": {"roots": {"kind": ROOTS_KIND, "schema": ROOTS_SCHEMA}},
            "roots": {str(n): {"path": root} for n, root in enumerate(roots, 1)},
        },
    )
