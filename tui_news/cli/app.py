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
    """Each browser session runs `tui-news --db …` in its own process, fed through a websocket.

    Who may connect is `serving.ServeGuard`'s business: the served address only, pages of this
    server only, a token off loopback, and `--max-sessions` at a time.
    """
    from tui_news.cli.serving import (
        GuardedServer,
        bind_address,
        is_every_interface,
        make_policy,
        new_token,
        serves_loopback_only,
    )

    if args.max_sessions < 1:
        err("tui-news: --max-sessions must be 1 or more")
        return EXIT_STORE
    db = db_path(args)
    # Our own interpreter and a quoted path: textual-serve starts the command through a shell.
    command = f"{shlex.quote(sys.executable)} -m tui_news --db {shlex.quote(str(db.absolute()))}"
    host = args.host.strip()
    public_url = args.public_url
    if public_url is None:
        if is_every_interface(host):
            err(
                f"tui-news: with --host {host!r} (every interface), say which address browsers "
                "use: --public-url http://ADDRESS:PORT (the page connects back to it)"
            )
            return EXIT_STORE
        # The page's websocket goes back to this URL; an IPv6 address needs brackets in it.
        shown = f"[{host}]" if ":" in host else host
        public_url = f"http://{shown}:{args.port}"
    loopback = serves_loopback_only(host, public_url)
    token = args.token or (None if loopback else new_token())
    if not loopback:
        err(
            f"tui-news: serving {public_url!r} beyond this machine: browsers need the token in "
            "the URL printed below, and anyone who has it can read your store"
        )
    policy = make_policy(host, args.port, public_url, token=token, max_sessions=args.max_sessions)
    server = GuardedServer(
        command, host=bind_address(host), port=args.port, public_url=public_url, policy=policy
    )
    server.serve()
    return EXIT_OK
