"""The user's state: read and starred marks, reading positions, when an article was last opened.

It lives in its own TinyDB file (`news.state.json` beside `news.json`) keyed by article id, so no
load or rebuild of the article data can touch it, and a state entry simply waits while its
article is missing. Each change is applied under a lock to the file as it is now and saved
atomically, so two running apps never overwrite each other's marks; the previous good file is
kept as `news.state.json.bak`, which is where a corrupt state file is recovered from.

"As it is now" is read again only when the file is not the one this process last read or wrote
(every writer replaces the file, so another app's save is a new inode): a change is then one
entry changed in memory and the file written, not the whole file parsed again: a keypress must
not cost a parse of 100,000 marks.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui_news.model import ArticleState, States, counted
from tui_news.store.atomic import sweep_temp_files, write_atomic, write_json_file, write_lock
from tui_news.store.layout import STATE_KIND, STATE_SCHEMA, StoreFiles, aside_path, backup_path
from tui_news.store.storage import StoreCorrupt, StoreError, StoreVersionError, read_json_file


class StateStore:
    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.backup_path = backup_path(path)
        self.readonly = readonly
        #: The marks of the file as last read or written.
        self._states = States()
        #: Which file that was: (inode, size, mtime), None when there was none.
        self._seen: tuple[int, int, int] | None = None
        self._read()

    @classmethod
    def beside(cls, articles_path: Path, *, readonly: bool = False) -> StateStore:
        return cls(StoreFiles(articles_path).state, readonly=readonly)

    # --- reading ------------------------------------------------------------------------------

    def _read(self) -> None:
        seen = _identity(self.path)
        self._states = _parse_states(self.path, read_json_file(self.path))
        # Stat before the read: a save in between makes the next look read the file again.
        self._seen = seen

    def refresh(self) -> None:
        if _identity(self.path) != self._seen:
            self._read()

    def get(self, article_id: str) -> ArticleState:
        return self._states.get(article_id, _DEFAULT)

    def all(self) -> States:
        """Every mark, by article id (a copy: changes to it are not saved)."""
        return self._states.copy()

    # --- changing -----------------------------------------------------------------------------

    def mark_read(self, article_id: str, read: bool = True) -> ArticleState:
        return self._change(article_id, lambda s: _replace(s, read=read))

    def set_starred(self, article_id: str, starred: bool) -> ArticleState:
        return self._change(article_id, lambda s: _replace(s, starred=starred))

    def toggle_star(self, article_id: str) -> ArticleState:
        return self._change(article_id, lambda s: _replace(s, starred=not s.starred))

    def toggle_read(self, article_id: str) -> ArticleState:
        return self._change(article_id, lambda s: _replace(s, read=not s.read))

    def set_position(self, article_id: str, position: int) -> ArticleState:
        return self._change(article_id, lambda s: _replace(s, position=max(0, int(position))))

    def opened(self, article_id: str) -> ArticleState:
        """Opening an article marks it read and notes when."""
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        return self._change(article_id, lambda s: _replace(s, read=True, last_opened=now))

    def _change(
        self, article_id: str, update: Callable[[ArticleState], ArticleState]
    ) -> ArticleState:
        if self.readonly:
            # Still useful in memory: the user can read on, the app says marks won't be kept.
            new = update(self.get(article_id))
            self._states[article_id] = new
            return new
        with write_lock(self.path, wait=5.0):
            sweep_temp_files(self.path)
            # Another app may have saved since we last looked: apply our change to its file.
            self.refresh()
            new = update(self.get(article_id))
            states = self._states.copy()  # (if the save fails, memory stays as the file)
            if new == _DEFAULT:
                states.pop(article_id, None)
            else:
                states[article_id] = new
            self._save(states.table)
            self._states = states
        return new

    def _save(self, table: dict[str, Any]) -> None:
        payload = {
            "meta": {"state": {"kind": STATE_KIND, "schema": STATE_SCHEMA}},
            "state": table,
        }
        if self._seen is not None:
            # The file on disk is the one last read (and parsed) or written: the last good copy.
            _keep_backup(self.path, self.backup_path)
        write_json_file(self.path, payload)
        self._seen = _identity(self.path)


def _keep_backup(path: Path, backup: Path) -> None:
    tmp = backup.with_name(backup.name + ".tmp")
    with contextlib.suppress(OSError):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        os.link(path, tmp)
        os.replace(tmp, backup)


def recover_state(path: Path) -> str:
    """Set a corrupt state file aside and put back the last good copy. Returns what was done.

    Never resets silently: the message names the file kept aside and says what was restored.
    """
    backup = backup_path(path)
    aside = aside_path(path, time.strftime("%Y%m%d-%H%M%S"))
    with write_lock(path, wait=5.0):
        os.replace(path, aside)
        try:
            states = _parse_states(backup, read_json_file(backup))
        except StoreError:
            states = None
        if states is not None and backup.exists():
            write_atomic(path, backup.read_bytes())
            return (
                f"Your reading state in {path} was damaged; it is kept as {aside} and the last good "
                f"copy ({counted(len(states), 'marked article')}) was restored from {backup}."
            )
    return (
        f"Your reading state in {path} was damaged and no good backup was found; the damaged file "
        f"is kept as {aside}. Read and starred marks start empty until you restore it."
    )


def _parse_states(path: Path, data: dict[str, dict[str, Any]] | None) -> States:
    """The marks of a parsed state file (`StoreCorrupt`, `StoreVersionError` if it is none)."""
    if data is None:
        return States()
    meta = data.get("meta", {}).get("state")
    if not isinstance(meta, dict) or meta.get("kind") != STATE_KIND:
        raise StoreCorrupt(path, f"{path} is not a tui-news state file (no version record)")
    if meta.get("schema") != STATE_SCHEMA:
        raise StoreVersionError(
            path,
            f"{path} has state schema {meta.get('schema')}; this tui-news reads {STATE_SCHEMA}",
        )
    # (Each mark is read when first asked for; `parse_json_bytes` made sure this is a dict.)
    return States(data.get("state", {}))


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Which file is at `path` now: a save replaces it (a new inode), an edit changes its size
    or time."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


_DEFAULT = ArticleState()


def _replace(state: ArticleState, **changes: Any) -> ArticleState:
    return replace(state, **changes)
