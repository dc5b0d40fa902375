"""What every `tui-news` command shares: exit codes, which store it works on, and how it prints.

Output meant for scripts (`--json`) is plain JSON on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from tui_news.store import Store, StoreError, default_db_path, open_store

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_STORE = 2


def db_path(args: argparse.Namespace) -> Path:
    return default_db_path(getattr(args, "db", None))


def err(message: str) -> None:
    print(message, file=sys.stderr)


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
