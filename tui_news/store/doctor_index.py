"""The doctor's checks of the article data: the index, summaries, sources, bodies, the first
page and the loaded folders. They read and never write, lock or repair anything.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

from tui_news.loader.files import display_path
from tui_news.model import counted
from tui_news.store.columns import parse_list_columns, read_summaries_file
from tui_news.store.doctor_report import Finding, Report, Severity
from tui_news.store.head import read_head
from tui_news.store.layout import SCHEMA_VERSION, STORE_KIND, StoreFiles, shard_of, unstore_key
from tui_news.store.roots import remembered_roots
from tui_news.store.storage import StoreError, read_json_file


class IndexChecks:
    """The checks of the article data of the store at `db`, each adding findings to `report`;
    `check_index` first (the others need what it read)."""

    def __init__(self, db: Path, report: Report) -> None:
        self.db = db
        self.report = report
        self.files = StoreFiles(db)
        self.bodies_dir = self.files.bodies
        self.state_path = self.files.state
        self.backup_path = self.files.state_backup
        self.index: dict[str, Any] | None = None
        self.ids: list[str] = []
        self.meta: dict[str, Any] = {}
        #: What the store was loaded from: the list kept beside it (`roots.py`), which
        #: outlives a damaged index; the index's own list once it is read.
        self.roots: list[str] = remembered_roots(db) or []

    def add(
        self, check: str, severity: Severity, path: Path, message: str, fix: str | None = None
    ) -> None:
        self.report.findings.append(Finding(check, severity, path, message, fix))

    def show(self, path: Path) -> str:
        return display_path(path)

    def rebuild_command(self) -> str:
        roots = [r for r in self.roots if Path(r).exists()]
        where = " ".join(shlex.quote(display_path(r)) for r in roots) if roots else "FOLDER…"
        return f"run `tui-news load --rebuild --db {shlex.quote(self.show(self.db))} {where}`"

    def with_folders(self) -> str:
        """How the rebuild command finds the user's folders, said after it."""
        if any(Path(r).exists() for r in self.roots):
            return "(it loads again the folders it was loaded from, named there)"
        return "with the folders you had loaded"

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
                f"{self.rebuild_command()} {self.with_folders()}, or open the app and accept the "
                f"offer to set it aside and rebuild it ({marks})",
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
        if not isinstance(meta, dict) or meta.get("kind") != STORE_KIND:
            self.add(
                "index",
                "problem",
                db,
                "This file is JSON but not a tui-news article store (it has no version record).",
                f"check --db points at news.json; if it does, {self.rebuild_command()} "
                f"{self.with_folders()} ({marks})",
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
                (
                    f"The article index was written by a newer tui-news (schema {schema}); "
                    if isinstance(schema, int) and schema > SCHEMA_VERSION
                    else f"The article index has schema {schema}; "
                )
                + f"this tui-news reads schema {SCHEMA_VERSION}.",
                f"{self.rebuild_command()} ({marks}), or use the tui-news that wrote it",
            )
            return
        try:
            columns = parse_list_columns(db, data.get("list", {}).get("columns"))
        except StoreError as error:
            self.add(
                "index",
                "problem",
                db,
                f"The article index is damaged: {error.message}.",
                f"{self.rebuild_command()} {self.with_folders()} ({marks})",
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
            wanted.setdefault(shard_of(article_id), []).append(article_id)
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
                problem = "A body file the index names is missing"
            except StoreError as error:
                shard, problem = None, f"A body file cannot be read ({error.message})"
            if shard is None:
                missing += len(ids)
                bad_files += 1
                self.add(
                    "bodies",
                    "problem",
                    path,
                    f"{problem}: {len(ids)} article(s) cannot be opened.",
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

    def check_head(self) -> None:
        path = self.files.head
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
