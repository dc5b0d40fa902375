"""`tui-news doctor`: look at every file of a store and say, in plain words, what is wrong.

`examine(db)` reads the store's files (it never writes, locks or repairs anything) and returns a
`Report` (`doctor_report.py`): one `Finding` per check, each with a severity, the file it is
about, what it means and what fixes it. The article data's checks are in `doctor_index.py`;
here are the folder's (litter, locks, access) and the user state's. No Textual here: the core
never imports the UI.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from tui_news.model import counted
from tui_news.store.doctor_index import IndexChecks
from tui_news.store.doctor_report import Finding, Report, Severity, format_report
from tui_news.store.layout import STATE_KIND, STATE_SCHEMA, is_aside_of, lock_path
from tui_news.store.storage import StoreError, is_readonly, read_json_file
from tui_news.store.strays import file_size, find_strays

__all__ = ["Finding", "Report", "Severity", "examine", "format_report"]


def examine(db: Path) -> Report:
    """Check the store at `db` and everything beside it. Reads only; never raises StoreError."""
    db = db.absolute()
    report = Report(db)
    doctor = _Doctor(db, report)
    doctor.run()
    return report


class _Doctor(IndexChecks):
    def run(self) -> None:
        self.check_index()
        if self.index is not None:
            self.check_bodies()
            self.check_roots()
            self.check_head()
        self.check_litter()
        self.check_locks()
        states = self.check_state()
        self.check_backup(state_ok=states is not None)
        if states is not None and self.index is not None:
            self.check_orphans(states)
        self.check_access()

    def check_litter(self) -> None:
        folder = self.db.parent
        known = [self.db, self.state_path, self.files.head, self.files.roots]
        aside: list[Path] = []
        with contextlib.suppress(OSError):
            aside = [
                folder / name
                for name in sorted(os.listdir(folder))
                if any(is_aside_of(name, k) for k in known)
            ]
        meta = self.meta if self.index is not None else None
        strays = find_strays(self.db, meta)
        total = sum(stray.size for stray in strays)
        fix = (
            "run `tui-news doctor --fix` to delete the stray files this report names (and "
            "nothing else), or delete them yourself while no tui-news is running"
        )
        all_of_them = (
            f" The {len(strays)} stray files take {file_size(total)} in all."
            if len(strays) > 1
            else ""
        )
        for stray in strays:
            what = (
                "A search index kept for an earlier version of the store (written by a "
                "tui-news that was still open during a load); nothing uses it."
                if stray.old_index
                else "A stray file left by a tui-news load that failed (a full disk) or was "
                "stopped while writing; nothing uses it."
            )
            self.add(
                "litter",
                "warning",
                stray.path,
                f"{what} It takes {file_size(stray.size)}.{all_of_them}",
                fix,
            )
        if not strays:
            self.add("litter", "ok", folder, "No stray temporary or body files.")
        for path in aside:
            self.add(
                "aside",
                "ok",
                path,
                "A damaged copy set aside by an earlier repair; nothing reads it.",
                "delete it when you no longer need it",
            )

    def check_locks(self) -> None:
        for target in (self.db, self.state_path):
            lock = lock_path(target)
            held = _lock_held(lock)
            if held:
                self.add(
                    "lock",
                    "warning",
                    lock,
                    f"Another tui-news is writing {self.show(target)} right now (StoreBusy): "
                    "a load or a save waits for it.",
                    "wait for the other `tui-news load` to finish, or close the other tui-news",
                )
            elif lock.exists():
                self.add(
                    "lock",
                    "ok",
                    lock,
                    "The lock file is free (a lock file left behind is harmless).",
                )

    # --- user state ---------------------------------------------------------------------------

    def check_state(self) -> dict[str, Any] | None:
        path = self.state_path
        restore = "open the app and accept the offer to restore the last good copy of your marks"
        try:
            data = read_json_file(path)
        except StoreError as error:
            self.add(
                "state",
                "problem",
                path,
                f"Your read and starred marks cannot be read: {error.message}.",
                restore,
            )
            return None
        if data is None:
            self.add("state", "ok", path, "No marks saved yet (the file is made at the first).")
            return {}
        meta = data.get("meta", {}).get("state")
        if not isinstance(meta, dict) or meta.get("kind") != STATE_KIND:
            self.add(
                "state",
                "problem",
                path,
                "This file is JSON but not a tui-news state file (it has no version record).",
                restore,
            )
            return None
        if meta.get("schema") != STATE_SCHEMA:
            self.add(
                "state",
                "problem",
                path,
                f"Your marks file has state schema {meta.get('schema')}; this tui-news reads "
                f"{STATE_SCHEMA}.",
                f"use the tui-news that wrote it, or {restore}",
            )
            return None
        states = data.get("state", {})
        states = states if isinstance(states, dict) else {}
        read = sum(1 for s in states.values() if isinstance(s, dict) and s.get("read"))
        starred = sum(1 for s in states.values() if isinstance(s, dict) and s.get("starred"))
        self.add(
            "state",
            "ok",
            path,
            f"Your marks are readable: {counted(len(states), 'article')} marked "
            f"({read:,} read, {starred:,} starred).",
        )
        return states

    def check_backup(self, *, state_ok: bool) -> None:
        backup = self.backup_path
        try:
            data = read_json_file(backup)
            meta = (data or {}).get("meta", {}).get("state")
            valid = (
                data is not None
                and isinstance(meta, dict)
                and meta.get("kind") == STATE_KIND
                and meta.get("schema") == STATE_SCHEMA
            )
        except StoreError:
            data, valid = {}, False
        if data is None:
            if state_ok:
                self.add(
                    "backup",
                    "ok",
                    backup,
                    "No last good copy of your marks yet (it is kept from the second save on).",
                )
            else:
                self.add(
                    "backup",
                    "problem",
                    backup,
                    "There is no last good copy of your marks to restore: restoring starts "
                    "them empty (the damaged file is kept aside).",
                    "if you have a copy of your marks file elsewhere, put it back; else open "
                    "the app and accept the offer to start with empty marks",
                )
        elif valid:
            count = len((data or {}).get("state", {}))
            self.add(
                "backup",
                "ok",
                backup,
                f"The last good copy of your marks is readable ({counted(count, 'article')} marked).",
            )
        else:
            self.add(
                "backup",
                "warning" if state_ok else "problem",
                backup,
                "The last good copy of your marks is damaged"
                + (
                    "; it is replaced at the next save."
                    if state_ok
                    else ", so there is nothing good to restore."
                ),
                "mark or star any article to save a fresh copy"
                if state_ok
                else "if you have a copy of your marks file elsewhere, put it back",
            )

    def check_orphans(self, states: dict[str, Any]) -> None:
        assert self.index is not None
        articles = set(self.ids)
        orphans = [i for i in states if i not in articles]
        if orphans:
            self.add(
                "orphans",
                "ok",
                self.state_path,
                f"{len(orphans):,} marked article(s) are not in the store now; harmless, the "
                "marks come back when the article is loaded again.",
            )

    # --- the folder and the loaded roots ------------------------------------------------------

    def check_access(self) -> None:
        if is_readonly(self.db):
            self.add(
                "access",
                "warning",
                self.db.parent if not os.access(self.db.parent, os.W_OK) else self.db,
                "The store cannot be written here: the app opens it read-only (you can read, "
                "but marks are not saved and nothing can be loaded).",
                "give yourself write access (e.g. `chmod u+w` on the folder and its files), "
                "or pass a writable --db",
            )


def _lock_held(lock: Path) -> bool:
    """Whether another process holds `lock` now (flock), without creating or changing it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not Unix
        return False
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)
