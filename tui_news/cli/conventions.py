"""What every `tui-news` command shares: exit codes, which store it works on, and how it prints.

Output meant for scripts (`--json`) is plain JSON on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from tui_news.store import Store, StoreError, default_db_path, open_store

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_STORE = 2


def db_path(args: argparse.Namespace) -> Path:
    return default_db_path(getattr(args, "db", None))


#: What must never reach a terminal raw: C0 and C1 controls (ESC starts every escape sequence,
#: BEL ends an OSC) and the bidi controls that reorder the rest of a line. Newlines are kept.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str | Path) -> str:
    """`text` (a path, a query, a message naming either) fit to print: every control character,
    escape and bidi control shown as `\\xNN` / `\\uNNNN`, lone surrogates as `\\udcNN`."""
    text = os.fsdecode(text) if isinstance(text, Path) else text
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return _UNSAFE.sub(lambda m: ascii(m.group())[1:-1], text)


def err(message: str) -> None:
    print(printable(message), file=sys.stderr)


def open_for_reading(args: argparse.Namespace) -> Store:
    """The store to read; `StoreError` when there is none (only the app and `load` make one)."""
    db = db_path(args)
    if not os.path.lexists(db):
        raise StoreError(
            db,
            f"there is no store at {db}: check --db (or $TUI_NEWS_DB); `tui-news load FOLDER` "
            "or the app makes one",
        )
    return open_store(db)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
