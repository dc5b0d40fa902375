"""`tui-news doctor`: look at every file of a store and say, in plain words, what is wrong.

`examine(db)` reads the store's files (it never writes, locks or repairs anything) and returns a
`Report`: one `Finding` per check, each with a severity (`ok`, `warning`, `problem`), the file it
is about, what it means and what fixes it. A warning is harmless (litter from a killed writer,
marks of articles not loaded now); a problem means something the user would notice (a body that
cannot be shown, marks that cannot be read). No Textual here: the core never imports the UI.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from tui_news.loader.files import display_path
from tui_news.model import counted
from tui_news.store import _is_readonly
from tui_news.store.articles import (
    SCHEMA_VERSION,
    _list_columns,
    _shard_of,
    read_summaries_file,
    unstore_key,
)
from tui_news.store.head import head_path, read_head
from tui_news.store.state import STATE_SCHEMA
from tui_news.store.storage import StoreError, read_json_file

Severity = Literal["ok", "warning", "problem"]

_SHARD_FILE = re.compile(r"^[0-9a-f]{2}-[0-9]{1,18}\.json$")
#: The search index the app keeps for one generation of the store (search/worker.py).
_KEPT_INDEX = re.compile(r"^index-([0-9]{1,18})\.[a-z]+\.(?:npy|json)$")
_CORRUPT_ASIDE = re.compile(r"\.corrupt-\d{8}-\d{6}$")


@dataclass(frozen=True)
class Finding:
    #: Which check: index, summaries, sources, bodies, litter, lock, state, backup, orphans, access, roots, aside.
    check: str
    severity: Severity
    #: The file or folder the finding is about (absolute).
    path: Path
    #: What it means, in a sentence or two.
    message: str
    #: The command or key that fixes it; None when nothing needs doing.
    fix: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "severity": self.severity,
            "path": display_path(self.path),
            "message": self.message,
            "fix": self.fix,
        }


@dataclass
class Report:
    db: Path
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "problem"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def healthy(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "store": display_path(self.db),
            "healthy": self.healthy,
            "problems": len(self.problems),
            "warnings": len(self.warnings),
            "findings": [f.to_dict() for f in self.findings],
        }


def examine(db: Path) -> Report:
    """Check the store at `db` and everything beside it. Reads only; never raises StoreError."""
    db = db.absolute()
    report = Report(db)
    doctor = _Doctor(db, report)
    doctor.run()
    return report


class _Doctor:
    def __init__(self, db: Path, report: Report) -> None:
        self.db = db
        self.report = report
        self.bodies_dir = db.with_name(db.stem + ".bodies")
        self.state_path = db.with_name(db.stem + ".state.json")
        self.backup_path = self.state_path.with_name(self.state_path.name + ".bak")
        self.index: dict[str, Any] | None = None
        self.ids: list[str] = []
        self.meta: dict[str, Any] = {}
        self.roots: list[str] = []

    def add(
        self, check: str, severity: Severity, path: Path, message: str, fix: str | None = None
    ) -> None:
        self.report.findings.append(Finding(check, severity, path, message, fix))

    def show(self, path: Path) -> str:
        return display_path(path)

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

    # --- the article index --------------------------------------------------------------------

    def rebuild_command(self) -> str:
        roots = [r for r in self.roots if Path(r).exists()]
        where = " ".join(shlex.quote(display_path(r)) for r in roots) if roots else "FOLDER…"
        return f"run `tui-news load --rebuild --db {shlex.quote(self.show(self.db))} {where}`"

    def check_index(self) -> None:
        db = self.db
        marks = f"your marks are in {self.show(self.state_path)} and are kept"
        try:
            data = read_json_file(db)
        except StoreError as error:
            self.add(
                "index",
                "problem",
                db,
                f"The article index cannot be read: {error.message}.",
                f"{self.rebuild_command()} with the folders you had loaded, or open the app and "
                f"accept the offer to set it aside and rebuild it from the bundled seeds ({marks})",
            )
            return
        if data is None:
            self.add(
                "index",
                "problem",
                db,
                f"There is no store at {self.show(db)}.",
                "run `tui-news load FOLDER…` to build it, or open the app to build it from the "
                "bundled seeds (or pass the right --db)",
            )
            return
        meta = data.get("meta", {}).get("store")
        if not isinstance(meta, dict) or meta.get("kind") != "tui-news articles":
            self.add(
                "index",
                "problem",
                db,
                "This file is JSON but not a tui-news article store (it has no version record).",
                f"check --db points at news.json; if it does, {self.rebuild_command()} "
                f"with the folders you had loaded ({marks})",
            )
            return
        self.meta = meta
        self.roots = [unstore_key(str(r)) for r in meta.get("roots", []) if isinstance(r, str)]
        schema = meta.get("schema")
        if schema != SCHEMA_VERSION:
            self.add(
                "index",
                "problem",
                db,
                f"The article index has schema {schema}; this tui-news reads schema {SCHEMA_VERSION}.",
                f"{self.rebuild_command()} ({marks}), or use the tui-news that wrote it",
            )
            return
        try:
            columns = _list_columns(db, data.get("list", {}).get("columns"))
        except StoreError as error:
            self.add(
                "index",
                "problem",
                db,
                f"The article index is damaged: {error.message}.",
                f"{self.rebuild_command()} with the folders you had loaded ({marks})",
            )
            return
        self.index = data
        self.ids = columns.ids
        count = len(self.ids)
        self.check_summaries()
        self.add(
            "index",
            "ok",
            db,
            f"The article index is a tui-news store (schema {schema}) with {counted(count, 'article')}.",
        )

    def check_summaries(self) -> None:
        """The summaries files (search, filters) and the sources file (incremental loads)."""
        names = self.meta.get("summaries")
        what = "search and filters cannot work"
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            names = []
        if not names and self.ids:
            self.add(
                "summaries",
                "problem",
                self.db,
                f"The index names no summaries file: {what}.",
                self.rebuild_command(),
            )
        start = 0
        bad = False
        for name in names:
            path = self.bodies_dir / name
            try:
                columns = read_summaries_file(path)
                if columns is None:
                    raise StoreError(path, "it is missing")
                ids = columns["id"]
                if ids != self.ids[start : start + len(ids)]:
                    raise StoreError(path, "it does not list the same articles as the index")
                start += len(ids)
            except StoreError as error:
                bad = True
                self.add(
                    "summaries",
                    "problem",
                    path,
                    f"A summaries file cannot be used ({error.message}): {what}.",
                    self.rebuild_command(),
                )
                break
        if names and not bad:
            if start != len(self.ids):
                self.add(
                    "summaries",
                    "problem",
                    self.db,
                    f"The summaries files hold {start:,} of the index's {len(self.ids):,} "
                    f"articles: {what}.",
                    self.rebuild_command(),
                )
            else:
                self.add(
                    "summaries",
                    "ok",
                    self.bodies_dir,
                    f"The summaries ({len(names)} file(s)) are there and match the index.",
                )
        self.check_sources()

    def check_sources(self) -> None:
        name = self.meta.get("sources")
        what = "the next load parses every file again"
        if not isinstance(name, str) or not name:
            if self.ids:
                self.add(
                    "sources",
                    "problem",
                    self.db,
                    f"The index names no sources file: {what}.",
                    self.rebuild_command(),
                )
            return
        path = self.bodies_dir / name
        try:
            if read_json_file(path) is None:
                raise StoreError(path, "it is missing")
        except StoreError as error:
            self.add(
                "sources",
                "problem",
                path,
                f"The sources file cannot be used ({error.message}): {what}.",
                self.rebuild_command(),
            )
            return
        self.add("sources", "ok", path, "The sources file is there.")

    # --- bodies -------------------------------------------------------------------------------

    def check_bodies(self) -> None:
        assert self.index is not None
        shards = self.meta.get("shards", {})
        shards = shards if isinstance(shards, dict) else {}
        articles = self.ids
        wanted: dict[str, list[str]] = {}
        for article_id in articles:
            wanted.setdefault(_shard_of(article_id), []).append(article_id)
        missing = 0
        bad_files = 0
        for prefix, ids in sorted(wanted.items()):
            name = shards.get(prefix)
            if not isinstance(name, str) or not name:
                missing += len(ids)
                self.add(
                    "bodies",
                    "problem",
                    self.db,
                    f"The index names no body file for {len(ids)} article(s) "
                    f"(shard {prefix}): they cannot be opened.",
                    self.rebuild_command(),
                )
                continue
            path = self.bodies_dir / name
            try:
                shard = read_json_file(path)
            except StoreError as error:
                missing += len(ids)
                bad_files += 1
                self.add(
                    "bodies",
                    "problem",
                    path,
                    f"A body file cannot be read ({error.message}): {len(ids)} article(s) "
                    "cannot be opened.",
                    self.rebuild_command(),
                )
                continue
            if shard is None:
                missing += len(ids)
                bad_files += 1
                self.add(
                    "bodies",
                    "problem",
                    path,
                    f"A body file the index names is missing: {len(ids)} article(s) cannot "
                    "be opened.",
                    self.rebuild_command(),
                )
                continue
            bodies = shard.get("bodies", {})
            lost = [i for i in ids if not isinstance(bodies.get(i), dict)]
            if lost:
                missing += len(lost)
                self.add(
                    "bodies",
                    "problem",
                    path,
                    f"This body file lacks the bodies of {len(lost)} of its {len(ids)} "
                    "article(s): they cannot be opened.",
                    self.rebuild_command(),
                )
        if not missing:
            self.add(
                "bodies",
                "ok",
                self.bodies_dir,
                f"Every article's body is there ({len(articles):,} in {len(wanted)} files).",
            )
        else:
            self.add(
                "bodies",
                "problem",
                self.bodies_dir,
                f"{missing:,} of {len(articles):,} article bodies are missing"
                + (f" ({bad_files} body file(s) gone or damaged)." if bad_files else "."),
                self.rebuild_command(),
            )

    # --- litter from killed writers, sets aside, locks ----------------------------------------

    def check_litter(self) -> None:
        folder = self.db.parent
        known = {self.db.name, self.state_path.name, head_path(self.db).name}
        litter: list[Path] = []
        aside: list[Path] = []
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(folder)):
                if name.endswith(".tmp") and any(
                    name.startswith(f".{k}.") or name.startswith(f"{k}.") for k in known
                ):
                    litter.append(folder / name)
                elif any(name.startswith(f"{k}.corrupt-") for k in known) and _CORRUPT_ASIDE.search(
                    name
                ):
                    aside.append(folder / name)
        referenced: set[str] = set()
        if self.index is not None:
            shards = self.meta.get("shards", {})
            referenced = {v for v in shards.values() if isinstance(v, str)} if shards else set()
            summaries = self.meta.get("summaries")
            named = [*summaries] if isinstance(summaries, list) else []
            referenced |= {v for v in (*named, self.meta.get("sources")) if isinstance(v, str)}
        stale: list[Path] = []
        with contextlib.suppress(OSError):
            for name in sorted(os.listdir(self.bodies_dir)):
                stray_shard = (
                    self.index is not None and _SHARD_FILE.match(name) and name not in referenced
                )
                kept = _KEPT_INDEX.match(name)
                if name.endswith(".tmp") or stray_shard:
                    litter.append(self.bodies_dir / name)
                elif (
                    kept
                    and self.index is not None
                    and int(kept.group(1)) != self.meta.get("generation")
                ):
                    stale.append(self.bodies_dir / name)
        for path in stale:
            self.add(
                "litter",
                "warning",
                path,
                "A search index kept for an earlier version of the store (written by a "
                "tui-news that was still open during a load); nothing uses it.",
                "the next `tui-news load` that changes something removes it; or delete it "
                "while no tui-news is running",
            )
        for path in litter:
            self.add(
                "litter",
                "warning",
                path,
                "A stray file left by a tui-news that was stopped while writing; nothing uses "
                "it and it is harmless.",
                "the next `tui-news load` that changes something removes it; or delete it "
                "while no tui-news is running",
            )
        if not litter and not stale:
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
            lock = target.with_name(target.name + ".lock")
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
        if not isinstance(meta, dict) or meta.get("kind") != "tui-news state":
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
                and meta.get("kind") == "tui-news state"
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
        if _is_readonly(self.db):
            self.add(
                "access",
                "warning",
                self.db.parent if not os.access(self.db.parent, os.W_OK) else self.db,
                "The store cannot be written here: the app opens it read-only (you can read, "
                "but marks are not saved and nothing can be loaded).",
                "give yourself write access (e.g. `chmod u+w` on the folder and its files), "
                "or pass a writable --db",
            )

    def check_head(self) -> None:
        path = head_path(self.db)
        if not path.exists():
            self.add(
                "head",
                "ok",
                path,
                "No first page yet: the app reads the whole index before its first frame.",
                "the next `tui-news load` writes it",
            )
        elif read_head(self.db) is None:
            self.add(
                "head",
                "warning",
                path,
                "The list's first page does not match the index (written for another one, or "
                "damaged): the app does not use it and reads the whole index before its first "
                "frame, which only makes it start slower.",
                "the next `tui-news load` writes it anew",
            )
        else:
            self.add(
                "head",
                "ok",
                path,
                "The list's first page matches the index (the app starts from it).",
            )

    def check_roots(self) -> None:
        missing = [r for r in self.roots if not Path(r).exists()]
        for root in missing:
            self.add(
                "roots",
                "warning",
                Path(root),
                "A folder this store was loaded from is gone: `r` (reload) skips it, and its "
                "articles stay in the store as they were.",
                "put the folder back (or mount its drive); to drop it and its articles for "
                f"good, `tui-news forget {shlex.quote(display_path(root))}` (your marks are kept)",
            )
        if self.roots and not missing:
            self.add(
                "roots",
                "ok",
                self.db,
                f"Every folder the store was loaded from is there ({len(self.roots)}).",
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


def format_report(report: Report) -> str:
    """The report as plain text for a terminal: one block per finding, problems first."""
    order = {"problem": 0, "warning": 1, "ok": 2}
    lines = [f"tui-news doctor: {display_path(report.db)}", ""]
    for finding in sorted(report.findings, key=lambda f: order[f.severity]):
        lines.append(f"{finding.severity:<8} {display_path(finding.path)}")
        lines.append(f"         {finding.message}")
        if finding.fix and finding.severity != "ok":
            lines.append(f"         fix: {finding.fix}")
    problems, warnings = len(report.problems), len(report.warnings)
    lines.append("")
    if report.healthy and not warnings:
        lines.append("The store is healthy.")
    else:
        lines.append(
            f"{problems} problem{'s' if problems != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}."
            + (" Warnings are harmless." if warnings and not problems else "")
        )
    return "\n".join(lines)
