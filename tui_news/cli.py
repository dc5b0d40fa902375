"""The `tui-news` command: open the app, or load, parse, list and search from scripts.

Output meant for scripts (`--json`) is plain JSON on stdout; messages go to stderr. Article text
is printed as plain text (it was cleaned on load and is never given to a markup renderer), and
paths are printed with control characters made visible. Exit codes: 0 done, 1 nothing could be
done (no file loaded, no such article), 2 a store problem (busy, corrupt, wrong version) or bad usage.
"""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from tui_news import __version__
from tui_news.model import SORTS, ArticleState, ArticleSummary, sort_summaries
from tui_news.store import (
    LoadReport,
    Store,
    StoreCorrupt,
    StoreError,
    default_db_path,
    open_store,
)

if TYPE_CHECKING:
    from tui_news.search import SearchIndex

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_STORE = 2


def build_parser() -> argparse.ArgumentParser:
    db_help = "the store file (default: $TUI_NEWS_DB, else the user data folder)"
    parser = argparse.ArgumentParser(
        prog="tui-news",
        description="A keyboard-first terminal news browser. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"tui-news {__version__}")
    parser.add_argument("--db", metavar="PATH", help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    load = commands.add_parser(
        "load",
        help="load seed files or folders into the store",
        description="Load files and folder trees into the store. Unchanged files are not parsed again.",
    )
    load.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    load.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    load.add_argument(
        "--rebuild",
        action="store_true",
        help="throw the article data away first (your marks are kept)",
    )
    load.add_argument("--json", action="store_true", help="print the report as JSON")

    forget = commands.add_parser(
        "forget",
        help="stop loading folders or files: their articles leave the store",
        description="Stop loading folders or files this store was loaded from (they need not "
        "exist any more): their articles leave the store and no reload brings them back. Your "
        "marks are kept. With no PATH, lists what the store was loaded from.",
    )
    forget.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    forget.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    forget.add_argument("--json", action="store_true", help="print the report as JSON")

    parse = commands.add_parser(
        "parse",
        help="parse one file and print its article(s)",
        description="Parse one file without touching the store.",
    )
    parse.add_argument("file", type=Path)
    parse.add_argument(
        "--json", action="store_true", help="print the article as JSON (the store's schema)"
    )

    listing = commands.add_parser("list", help="list the articles in the store")
    listing.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--sort", choices=SORTS, default="date")
    listing.add_argument("--category", metavar="C", help="only this category (case-insensitive)")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--starred", action="store_true", help="only starred articles")

    search = commands.add_parser(
        "search",
        help="fuzzy-search the store",
        description="Fuzzy search. Filters: category: source: tag: person: place: is:unread is:starred after:YYYY-MM-DD before:YYYY-MM-DD",
    )
    search.add_argument("query")
    search.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--limit", type=int, default=20, metavar="N")
    serve = commands.add_parser(
        "serve",
        help="serve the app to a web browser (textual-serve)",
        description="Serve the app to web browsers. Listens on 127.0.0.1 unless --host says otherwise.",
    )
    serve.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach this server (needed with --host 0.0.0.0 or ::)",
    )

    doctor = commands.add_parser(
        "doctor",
        help="check the store and say what is wrong and how to fix it",
        description="Check every file of the store (index, bodies, marks, locks, loaded folders) "
        "without changing anything. Exits 0 when healthy (warnings are harmless), 1 when a "
        "problem was found.",
    )
    doctor.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    doctor.add_argument("--json", action="store_true", help="print the findings as JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "parse":
            return cmd_parse(args)
        if args.command == "load":
            return cmd_load(args)
        if args.command == "forget":
            return cmd_forget(args)
        if args.command == "list":
            return cmd_list(args)
        if args.command == "search":
            return cmd_search(args)
        if args.command == "serve":
            return cmd_serve(args)
        if args.command == "doctor":
            return cmd_doctor(args)
        return cmd_open(args)
    except StoreError as error:
        _err(f"tui-news: {error.message}")
        if isinstance(error, StoreCorrupt):
            _err(
                "  The file is left as it is. Open the app to set it aside and rebuild, or move it away yourself."
            )
        return EXIT_STORE
    except KeyboardInterrupt:
        _err("tui-news: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _db(args: argparse.Namespace) -> Path:
    return default_db_path(getattr(args, "db", None))


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_open(args: argparse.Namespace) -> int:
    # No cyclic garbage collection until the app's first frame (it turns it back on): Textual's
    # import and start-up make ~300,000 objects, and the collector's passes over them while
    # they are being made found nothing to free but took ~25 ms of the start.
    gc.disable()
    from tui_news.ui.app import run_app

    return run_app(_db(args))


def cmd_parse(args: argparse.Namespace) -> int:
    path: Path = args.file
    from tui_news.loader.files import LoadError, SourceFile, absolute_path, display_path, parse_file
    from tui_news.loader.text import clean_inline

    absolute = absolute_path(path)
    folder = clean_inline(absolute.parent.name, limit=60) or None
    source = SourceFile(path, display_path(absolute), str(absolute), folder)
    try:
        result = parse_file(source)
    except LoadError as error:
        _err(f"tui-news: {error.path}: {error.reason}")
        return EXIT_NOTHING
    for warning in result.warnings:
        _err(f"tui-news: {source.origin}: {warning}")
    articles = [a.to_dict() for a in result.articles]
    if args.json:
        _print_json(articles[0] if len(articles) == 1 else articles)
        return EXIT_OK
    for article in result.articles:
        print(article.title)
        if article.dek:
            print(article.dek)
        print()
        for block in article.blocks:
            prefix = {
                "heading": "## ",
                "quote": "> ",
                "caption": "[caption] ",
                "list_item": "- ",
            }.get(block.kind, "")
            print(prefix + block.text)
            print()
    return EXIT_OK


def cmd_load(args: argparse.Namespace) -> int:
    from tui_news.resources import seeds_dir

    db = _db(args)
    store = open_store(db, build_if_missing=False, readonly=False, check=not args.rebuild)
    missing = [p for p in args.paths if not p.exists()]
    bundled = seeds_dir()
    with _progress(sys.stderr) as progress:
        if args.rebuild:
            report = store.articles.rebuild(args.paths, bundled_root=bundled, progress=progress)
        else:
            report = store.articles.load(args.paths, bundled_root=bundled, progress=progress)
    for skipped in report.skipped:
        _err(f"skipped {skipped.origin}: {skipped.reason}")
    for origin, of in report.duplicates:
        _err(f"duplicate {origin}: same article as {of}")
    for origin, warning in report.warnings:
        _err(f"warning {origin}: {warning}")
    loaded = report.added + report.updated + report.unchanged
    if args.json:
        _print_json(_report_dict(report, db))
    else:
        print(
            f"{report.added} added, {report.updated} updated, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed, {len(report.skipped)} skipped, "
            f"{len(report.duplicates)} duplicates ({report.files_parsed} files parsed) -> {db}"
        )
        for origin in report.removed:
            print(f"removed {origin} (the file is gone)")
    if loaded == 0 and (report.skipped or missing or report.files_seen == 0):
        _err("tui-news: nothing could be loaded")
        return EXIT_NOTHING
    return EXIT_OK


def cmd_forget(args: argparse.Namespace) -> int:
    from tui_news.loader.files import absolute_path
    from tui_news.loader.files import display_path as _printable
    from tui_news.resources import seeds_dir

    db = _db(args)
    if not args.paths:  # what could be forgotten
        roots = open_store(db, build_if_missing=False).articles.roots()
        if args.json:
            _print_json({"store": str(db), "roots": roots})
        else:
            for root in roots:
                print(_printable(root))
        return EXIT_OK if roots else EXIT_NOTHING
    store = open_store(db, build_if_missing=False, readonly=False)
    before = len(store.articles.columns())
    report, unknown = store.articles.forget(args.paths, bundled_root=seeds_dir())
    for path in unknown:
        _err(f"not forgotten {_printable(path)}: the store was not loaded from it")
    removed = before - len(store.articles.columns())
    forgotten = len(args.paths) - len(unknown)
    if args.json:
        _print_json(
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
            f"(your marks are kept) -> {db}"
        )
    if not forgotten:
        roots = store.articles.roots()
        _err(
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


def _open_for_reading(args: argparse.Namespace) -> Store:
    return open_store(_db(args))


def cmd_list(args: argparse.Namespace) -> int:
    store = _open_for_reading(args)
    states = store.state.all()
    default = ArticleState()
    # The same filter rules as the app's list and `search`'s category: / is: words (imported
    # here: the search package brings numpy, which `load` should not pay for).
    from tui_news.search import Query, filter_summaries

    query = Query(
        categories=(args.category.casefold(),) if args.category else (),
        unread=True if args.unread else None,
        starred=True if args.starred else None,
    )
    rows = sort_summaries(filter_summaries(store.articles.summaries(), states, query), args.sort)
    if args.json:
        _print_json([_summary_json(s, states.get(s.id, default)) for s in rows])
        return EXIT_OK
    for s in rows:
        state = states.get(s.id, default)
        mark = ("*" if state.starred else " ") + (" " if state.read else "N")
        when = (s.published or "")[:10].ljust(10)
        where = (s.category or s.source or "")[:14].ljust(14)
        print(f"{s.id}  {mark}  {when}  {where}  {s.title}")
    return EXIT_OK


def _summary_json(summary: ArticleSummary, state: ArticleState) -> dict[str, Any]:
    data = summary.to_dict()
    data.pop("lead", None)
    data.update(read=state.read, starred=state.starred)
    return data


def _search_index(store: Store) -> SearchIndex:
    """The store's search index, the app's way (`library/index.py`): with the word postings
    kept beside the store, when they belong to the store as it is now."""
    from tui_news.library.index import build_search_index

    _no_helper, index = build_search_index(store, store.articles.summaries)
    return index


def cmd_search(args: argparse.Namespace) -> int:
    from tui_news.search import parse_query

    store = _open_for_reading(args)
    query = parse_query(args.query)
    for problem in query.problems:
        _err(f"tui-news: ignored {problem}")
    index = _search_index(store)
    found = index.find(query, store.state.all(), limit=max(1, args.limit))
    hits = found.hits
    if found.total > len(hits):
        # On stderr: the output stays one line (or one JSON object) a hit.
        _err(f"tui-news: the best {len(hits)} of {found.total:,} matches (--limit N for more)")
    if args.json:
        _print_json(
            [
                {
                    "id": h.id,
                    "title": _title(index, h.id),
                    "score": h.score,
                    "field": h.field,
                    "matched": h.text,
                    "spans": [list(s) for s in h.spans],
                    "snippet": h.snippet,
                }
                for h in hits
            ]
        )
    else:
        for h in hits:
            title = _title(index, h.id)
            print(f"{h.score:5.1f}  {h.field:<13}  {h.id}  {title}")
    return EXIT_OK if hits else EXIT_NOTHING


def _title(index: Any, article_id: str) -> str:
    summary = index.summary(article_id)
    return summary.title if summary else ""


def cmd_serve(args: argparse.Namespace) -> int:
    """Each browser session runs `tui-news --db …` in its own process, fed through a websocket."""
    from textual_serve.server import Server

    db = _db(args)
    # Our own interpreter and a quoted path: textual-serve starts the command through a shell.
    command = f"{shlex.quote(sys.executable)} -m tui_news --db {shlex.quote(str(db.absolute()))}"
    public_url = args.public_url
    if public_url is None:
        if args.host in ("0.0.0.0", "::"):
            _err(
                f"tui-news: with --host {args.host}, say which address browsers use: "
                "--public-url http://ADDRESS:PORT (the page connects back to it)"
            )
            return EXIT_STORE
        # The page's websocket goes back to this URL; an IPv6 address needs brackets in it.
        host = f"[{args.host}]" if ":" in args.host else args.host
        public_url = f"http://{host}:{args.port}"
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        _err(
            f"tui-news: serving on {args.host}: anyone who can reach this address can read your store"
        )
    Server(command, host=args.host, port=args.port, title="tui-news", public_url=public_url).serve()
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from tui_news.store.doctor import examine, format_report

    report = examine(_db(args))
    if args.json:
        _print_json(report.to_dict())
    else:
        print(format_report(report))
    return EXIT_OK if report.healthy else EXIT_NOTHING


def _print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
