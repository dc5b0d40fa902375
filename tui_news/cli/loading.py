"""`tui-news load` and `forget`: what goes into the store, with a progress bar on a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from tui_news.cli.conventions import EXIT_NOTHING, EXIT_OK, db_path, err, print_json, printable
from tui_news.store import LoadReport, open_store


def cmd_load(args: argparse.Namespace) -> int:
    from tui_news.resources import seeds_dir

    db = db_path(args)
    store = open_store(db, build_if_missing=False, readonly=False, check=not args.rebuild)
    missing = [p for p in args.paths if not p.exists()]
    bundled = seeds_dir()
    with _progress(sys.stderr) as progress:
        if args.rebuild:
            report = store.articles.rebuild(args.paths, bundled_root=bundled, progress=progress)
        else:
            report = store.articles.load(args.paths, bundled_root=bundled, progress=progress)
    for skipped in report.skipped:
        err(f"skipped {skipped.origin}: {skipped.reason}")
    for origin, of in report.duplicates:
        err(f"duplicate {origin}: same article as {of}")
    for origin, warning in report.warnings:
        err(f"warning {origin}: {warning}")
    loaded = report.added + report.updated + report.unchanged + len(report.moved)
    if args.json:
        print_json(_report_dict(report, db))
    else:
        print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed, {len(report.skipped)} skipped, "
            f"{len(report.duplicates)} duplicates ({report.files_parsed} files parsed) -> {printable(db)}"
        )
        for origin in report.removed:
            print(f"removed {origin} (the file is gone)")
        for before, now in report.moved:
            print(f"moved {before} -> {now} (same articles, marks kept)")
    if loaded == 0 and (report.skipped or missing or report.files_seen == 0):
        err("tui-news: nothing could be loaded")
        return EXIT_NOTHING
    return EXIT_OK


def cmd_forget(args: argparse.Namespace) -> int:
    from tui_news.loader.files import absolute_path
    from tui_news.loader.files import display_path as _printable
    from tui_news.resources import seeds_dir

    db = db_path(args)
    if not args.paths:  # what could be forgotten
        roots = open_store(db, build_if_missing=False).articles.roots()
        if args.json:
            print_json({"store": str(db), "roots": roots})
        else:
            for root in roots:
                print(_printable(root))
        return EXIT_OK if roots else EXIT_NOTHING
    store = open_store(db, build_if_missing=False, readonly=False)
    before = len(store.articles.columns())
    report, unknown = store.articles.forget(args.paths, bundled_root=seeds_dir())
    for path in unknown:
        err(f"not forgotten {_printable(path)}: the store was not loaded from it")
    removed = before - len(store.articles.columns())
    forgotten = len(args.paths) - len(unknown)
    if args.json:
        print_json(
            {
                "store": str(db),
                "forgotten": [_printable(absolute_path(p)) for p in args.paths if p not in unknown],
                "not_loaded": [_printable(p) for p in unknown],
                "articles_removed": removed,
                "files_removed": report.removed,
            }
        )
    elif forgotten:
        print(
            f"{forgotten} forgotten: {removed} articles from {len(report.removed)} files removed "
            f"(your marks are kept) -> {printable(db)}"
        )
    if not forgotten:
        roots = store.articles.roots()
        err(
            "tui-news: nothing forgotten; the store was loaded from: "
            + (", ".join(_printable(r) for r in roots) or "nothing (only the bundled seeds)")
        )
        return EXIT_NOTHING
    return EXIT_OK


def _report_dict(report: LoadReport, db: Path) -> dict[str, Any]:
    return {
        "store": str(db),
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "moved": [{"from": before, "to": now} for before, now in report.moved],
        "skipped": [{"path": s.origin, "reason": s.reason} for s in report.skipped],
        "duplicates": [{"path": p, "duplicate_of": o} for p, o in report.duplicates],
        "warnings": [{"path": p, "warning": w} for p, w in report.warnings],
        "files_parsed": report.files_parsed,
    }


class _progress:
    """A rich progress bar on a terminal; nothing at all when stderr is not one."""

    def __init__(self, stream: TextIO) -> None:
        self.enabled = stream.isatty()
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self._bar = Progress(
            TextColumn("loading"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.__enter__()
        self._task = self._bar.add_task("load", total=None)

        def update(done: int, total: int, origin: str) -> None:
            self._bar.update(self._task, completed=done, total=total or None)

        return update

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
