"""What every `tui-news` command shares: exit codes, which store it works on, and how it prints.

Output meant for scripts (`--json`) is plain JSON on stdout; messages go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tui_news.store import Store, default_db_path, open_store

EXIT_OK = 0
EXIT_NOTHING = 1
EXIT_STORE = 2


def db_path(args: argparse.Namespace) -> Path:
    return default_db_path(getattr(args, "db", None))


def err(message: str) -> None:
    print(message, file=sys.stderr)


def open_for_reading(args: argparse.Namespace) -> Store:
    return open_store(db_path(args))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
