"""The store: article data (rebuildable, `articles.py`) and user state (precious, `state.py`).

`open_store` finds the store (`--db`, else `TUI_NEWS_DB`, else the user data folder), builds it
from the bundled seeds on first run, and returns both halves. Errors are `StoreError`s whose
message names the file and says what to do.

Inside, imports go one way. `layout` names every file; `storage` reads files and `atomic` writes
them; `columns`, `reader` and `head` read the article data; `articles` adds the load under the
lock, which `building` runs (`dispatch` over `process_pool`, `prepare` in the workers, `commit`
at the end). `doctor` examines a store, `tinydb_view` opens it with TinyDB's own API.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from tui_news.model import counted
from tui_news.resources import seeds_dir
from tui_news.store.articles import ArticleStore
from tui_news.store.atomic import write_lock
from tui_news.store.columns import ListColumns
from tui_news.store.head import ListHead, read_head
from tui_news.store.identity import refuse_non_store, schema_of
from tui_news.store.layout import SCHEMA_VERSION, aside_path, unstore_key
from tui_news.store.load_report import LoadReport
from tui_news.store.reader import Stopped
from tui_news.store.roots import remembered_roots
from tui_news.store.state import StateStore, recover_state
from tui_news.store.storage import (
    StoreBusy,
    StoreChanged,
    StoreCorrupt,
    StoreError,
    StoreVersionError,
    StoreWriteError,
    is_readonly,
    read_json_file,
)

__all__ = [
    "SCHEMA_VERSION",
    "ArticleStore",
    "ListColumns",
    "ListHead",
    "LoadReport",
    "StateStore",
    "Stopped",
    "Store",
    "StoreBusy",
    "StoreChanged",
    "StoreCorrupt",
    "StoreError",
    "StoreVersionError",
    "StoreWriteError",
    "default_db_path",
    "open_store",
    "recover_articles",
    "recover_state",
]

ENV_DB = "TUI_NEWS_DB"


def default_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    import platformdirs  # (only when no path was given)

    return platformdirs.user_data_path("tui-news", appauthor=False) / "news.json"


@dataclass
class Store:
    articles: ArticleStore
    state: StateStore
    #: What happened while opening that the user should be told (a first build, a recovery).
    notices: list[str]
    #: The list's first page, when opened with `first_page=True` and the head file matches the
    #: index (`head.py`): the index itself is then not read yet.
    head: ListHead | None = None

    @property
    def path(self) -> Path:
        return self.articles.path

    @property
    def readonly(self) -> bool:
        return self.articles.readonly or self.state.readonly

    def reload(self, *, workers: int | None = None) -> LoadReport:
        """Load every folder this store was built from again (and the bundled seeds)."""
        roots = [Path(r) for r in self.articles.roots()]
        report = self.articles.load(_existing(roots), bundled_root=seeds_dir(), workers=workers)
        self.state.refresh()
        return report


def _existing(paths: list[Path]) -> list[Path]:
    return [p for p in paths if p.exists()]


def open_store(
    path: Path,
    *,
    build_if_missing: bool = True,
    readonly: bool | None = None,
    check: bool = True,
    first_page: bool = False,
) -> Store:
    """Open the store at `path`; a missing store is built from the bundled seeds.

    A store whose files cannot be written is opened read-only (the notice says so). With
    `check=False` an article store of another schema version or a damaged one opens anyway, for
    `load --rebuild` to replace it (`ArticleStore.rebuild`). With `first_page=True` and a head
    file that matches the index, the index is not read here (`Store.head`; its kind and
    version are checked when it is first read).
    """
    notices: list[str] = []
    if readonly is None:
        readonly = _is_readonly(path)
        if readonly:
            notices.append(
                f"{path} cannot be written here: you can read, but marks will not be saved."
            )
    head = read_head(path) if first_page else None
    if head is not None:
        articles = ArticleStore(path, readonly=readonly, check=False)
        return Store(articles, StateStore.beside(path, readonly=readonly), notices, head)
    try:
        articles = ArticleStore(path, readonly=readonly, check=check)
    except StoreVersionError:
        if readonly or schema_of(path) >= SCHEMA_VERSION:
            raise  # a newer tui-news wrote it: never rebuilt behind the user's back
        articles, note = _upgrade(path)
        notices.append(note)
    if not articles.exists and build_if_missing and not readonly:
        report = articles.load([seeds_dir()], bundled_root=seeds_dir())
        notices.append(
            f"Built a new store at {path} from the bundled seeds ({counted(report.added, 'article')})."
        )
    state = StateStore.beside(path, readonly=readonly)
    return Store(articles, state, notices)


def _upgrade(path: Path) -> tuple[ArticleStore, str]:
    """Rebuild a store an older tui-news wrote from the folders it was loaded from.

    Article data is rebuildable by design; the user's marks are in another file and untouched.
    A kill part-way leaves the old store (a rebuild commits in one step), to be upgraded again.
    """
    articles = ArticleStore(path, check=False)
    old = schema_of(path)
    roots = [Path(r) for r in _old_roots(path)]
    found = _existing(roots)
    report = articles.rebuild([seeds_dir()], bundled_root=seeds_dir())
    note = (
        f"Upgraded {path} from store schema {old} to {SCHEMA_VERSION}: rebuilt from "
        f"{len(found)} folder(s) it was loaded from and the bundled seeds "
        f"({counted(report.added, 'article')}). Your read and starred marks are kept."
    )
    missing = [str(r) for r in roots if r not in found]
    if missing:
        note += " Not found now, so not loaded: " + ", ".join(missing) + "."
    return ArticleStore(path), note


def _old_roots(path: Path) -> list[str]:
    try:
        meta = (read_json_file(path) or {}).get("meta", {}).get("store", {})
    except StoreError:
        return []
    roots = meta.get("roots") if isinstance(meta, dict) else None
    return [unstore_key(r) for r in roots if isinstance(r, str)] if isinstance(roots, list) else []


def recover_articles(path: Path) -> str:
    """Set a damaged article store aside and rebuild it from the folders and files it was
    loaded from (`roots.py` keeps their list apart from the damaged data), or from the bundled
    seeds when that list was never written. Anything at `path` that is not recognisably a
    tui-news store (a folder, a device, a link, another JSON file) is never moved."""
    refuse_non_store(path, set_aside=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = aside_path(path, stamp)
    with write_lock(path, wait=10.0):  # not while a load is writing it
        refuse_non_store(path, set_aside=True)
        os.replace(path, aside)
    remembered = remembered_roots(path)
    articles = ArticleStore(path)
    if remembered is None:
        report = articles.load([seeds_dir()], bundled_root=seeds_dir())
        return (
            f"The article store {path} was damaged; it is kept as {aside} and was rebuilt from "
            f"the bundled seeds ({counted(report.added, 'article')}). Load your own folders "
            "again with `tui-news load`."
        )
    report = articles.rebuild([], bundled_root=seeds_dir())
    gone = [root for root in remembered if not Path(root).exists()]
    note = (
        f"The article store {path} was damaged; it is kept as {aside} and was rebuilt from "
        f"the {len(remembered)} folder(s) and file(s) it was loaded from "
        f"({counted(report.added, 'article')})."
    )
    if gone:
        note += " Not found now, so not loaded: " + ", ".join(gone) + "."
    return note


#: (Looked up when `open_store` runs, so that a test can stand in for the file system.)
_is_readonly = is_readonly
