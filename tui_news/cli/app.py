"""`tui-news` with no command (the app in this terminal) and `tui-news serve` (in browsers)."""

from __future__ import annotations

import argparse
import gc
import shlex
import sys

from tui_news.cli.conventions import EXIT_OK, EXIT_STORE, db_path, err


def cmd_open(args: argparse.Namespace) -> int:
    # No cyclic garbage collection until the app's first frame (it turns it back on): Textual's
    # import and start-up make objects that all live on, so collecting while they are made
    # frees nothing and only holds the first frame back.
    gc.disable()
    from tui_news.ui.app import run_app

    return run_app(db_path(args))


def cmd_serve(args: argparse.Namespace) -> int:
    """Each browser session runs `tui-news --db …` in its own process, fed through a websocket."""
    from textual_serve.server import Server

    db = db_path(args)
    # Our own interpreter and a quoted path: textual-serve starts the command through a shell.
    command = f"{shlex.quote(sys.executable)} -m tui_news --db {shlex.quote(str(db.absolute()))}"
    public_url = args.public_url
    if public_url is None:
        if args.host in ("0.0.0.0", "::"):
            err(
                f"tui-news: with --host {args.host}, say which address browsers use: "
                "--public-url http://ADDRESS:PORT (the page connects back to it)"
            )
            return EXIT_STORE
        # The page's websocket goes back to this URL; an IPv6 address needs brackets in it.
        host = f"[{args.host}]" if ":" in args.host else args.host
        public_url = f"http://{host}:{args.port}"
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        err(
            f"tui-news: serving on {args.host}: anyone who can reach this address can read your store"
        )
    Server(command, host=args.host, port=args.port, title="tui-news", public_url=public_url).serve()
    return EXIT_OK
