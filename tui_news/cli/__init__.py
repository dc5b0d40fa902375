"""The `tui-news` command: open the app, or load, parse, list and search from scripts.

Output meant for scripts (`--json`) is plain JSON on stdout; messages go to stderr. Article text
is printed as plain text (it was cleaned on load and is never given to a markup renderer), and
paths are printed with control characters made visible. Exit codes: 0 done, 1 nothing could be
done (no file loaded, no such article), 2 a store problem (busy, corrupt, wrong version) or bad usage.

`main` parses the arguments and runs one command: `loading.py` (load, forget), `reading.py`
(parse, list, search, doctor), `app.py` (the app, serve); `conventions.py` is what they share.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from tui_news import __version__
from tui_news.cli.app import cmd_open, cmd_serve
from tui_news.cli.conventions import EXIT_OK, EXIT_STORE, err
from tui_news.cli.loading import cmd_forget, cmd_load
from tui_news.cli.reading import cmd_doctor, cmd_list, cmd_parse, cmd_search
from tui_news.model import DEFAULT_SORT, SORTS
from tui_news.store import StoreCorrupt, StoreError
from tui_news.store.identity import non_store, not_a_store_message


def build_parser() -> argparse.ArgumentParser:
    from tui_news.search.filters import filter_syntax

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
        description="Load files and folder trees into the store. Unchanged files are not parsed "
        "again. With --rebuild, every folder the store was loaded from is loaded again too.",
    )
    load.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    load.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    load.add_argument(
        "--rebuild",
        action="store_true",
        help="throw the article data away first and load again what it was loaded from "
        "(your marks are kept)",
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
    listing.add_argument("--sort", choices=SORTS, default=DEFAULT_SORT)
    listing.add_argument("--category", metavar="C", help="only this category (case-insensitive)")
    listing.add_argument("--unread", action="store_true", help="only unread articles")
    listing.add_argument("--starred", action="store_true", help="only starred articles")

    search = commands.add_parser(
        "search",
        help="fuzzy-search the store",
        description=f"Fuzzy search. Filters: {filter_syntax()}",
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
    serve.add_argument(
        "--token",
        help="a secret every browser must give (default: none on 127.0.0.1, else a new one, "
        "printed in the URL)",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=4,
        metavar="N",
        help="browser tabs served at once, each a tui-news process (default: 4)",
    )

    doctor = commands.add_parser(
        "doctor",
        help="check the store and say what is wrong and how to fix it",
        description="Check every file of the store (index, bodies, marks, locks, loaded folders) "
        "without changing anything (--fix first deletes the stray files the store's writers "
        "left). Exits 0 when healthy (warnings are harmless), 1 when a "
        "problem was found.",
    )
    doctor.add_argument("--db", metavar="PATH", help=db_help, default=argparse.SUPPRESS)
    doctor.add_argument("--json", action="store_true", help="print the findings as JSON")
    doctor.add_argument(
        "--fix",
        action="store_true",
        help="first delete the stray files the store's own writers left (nothing else)",
    )
    return parser


#: Each command's function; with no command, the app opens (`cmd_open`).
COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "parse": cmd_parse,
    "load": cmd_load,
    "forget": cmd_forget,
    "list": cmd_list,
    "search": cmd_search,
    "serve": cmd_serve,
    "doctor": cmd_doctor,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "load" and not args.paths and not args.rebuild:
        parser.error("load needs a PATH (or --rebuild: load again what the store was loaded from)")
    try:
        return COMMANDS.get(args.command, cmd_open)(args)
    except StoreError as error:
        err(f"tui-news: {error.message}")
        what = non_store(error.path) if isinstance(error, StoreCorrupt) else None
        if what is not None:
            err(f"  {not_a_store_message(error.path, what)}")
        elif isinstance(error, StoreCorrupt):
            err(
                "  The file is left as it is. Open the app to set it aside and rebuild, or move it away yourself."
            )
        return EXIT_STORE
    except KeyboardInterrupt:
        err("tui-news: interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_OK


__all__ = ["build_parser", "main"]
