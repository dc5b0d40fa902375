"""Store problems told to the user: a store that cannot be opened (in plain words, with the fix
offered before quitting), and marks that could not be saved.

A damaged or older article store is set aside and rebuilt from the folders it was loaded from; a
damaged marks file is set aside and its last good copy restored. Anything else can only be quit:
a path that is not a tui-news store (a folder, a device, a link, another JSON file) is never
moved, and a store a newer tui-news wrote is refused with its version.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App

from tui_news.library import Library
from tui_news.store import (
    StoreCorrupt,
    StoreError,
    StoreVersionError,
    recover_articles,
    recover_state,
)
from tui_news.store.identity import (
    newer_schema,
    newer_schema_message,
    not_a_store_message,
    settable_aside,
)

#: The exit code when the user quits over a store problem.
EXIT_STORE_PROBLEM = 2


def show_store_problem(
    app: App[Any], error: StoreError, db_path: Path, reopen: Callable[[], object]
) -> None:
    """Push the dialog for `error` (about the store at `db_path` or its marks); `reopen` opens
    the store again once the fix is done."""
    from tui_news.ui.screens.dialogs import StoreProblemScreen

    refusal = _refusal(error, db_path)
    if refusal is not None:
        app.push_screen(
            StoreProblemScreen(refusal, None),
            lambda _fix: app.exit(return_code=EXIT_STORE_PROBLEM),
        )
    elif isinstance(error, StoreCorrupt | StoreVersionError) and error.path == db_path:
        message = (
            error.message
            + "\n\nYour read and starred marks are in a separate file and will be kept."
        )
        fix = "set the damaged store aside and rebuild it"

        def fixed(do_fix: bool | None) -> None:
            _fix_then_reopen(app, do_fix, lambda: recover_articles(db_path), "rebuild", reopen, 15)

        app.push_screen(StoreProblemScreen(message, fix), fixed)
    elif isinstance(error, StoreCorrupt | StoreVersionError):
        path = error.path

        def restored(do_fix: bool | None) -> None:
            _fix_then_reopen(app, do_fix, lambda: recover_state(path), "restore", reopen, 20)

        fix = "set it aside and restore the last good copy of your marks"
        app.push_screen(StoreProblemScreen(error.message, fix), restored)
    else:
        app.push_screen(
            StoreProblemScreen(error.message, None),
            lambda _fix: app.exit(return_code=EXIT_STORE_PROBLEM),
        )


def _refusal(error: StoreError, db_path: Path) -> str | None:
    """What to say instead of offering a fix, when `db_path` is no store to set aside."""
    if error.path != db_path or not isinstance(error, StoreCorrupt | StoreVersionError):
        return None
    schema = newer_schema(db_path)
    if schema is not None:
        return newer_schema_message(db_path, schema)
    what = settable_aside(db_path)
    return None if what is None else not_a_store_message(db_path, what)


def _fix_then_reopen(
    app: App[Any],
    do_fix: bool | None,
    fix: Callable[[], str],
    verb: str,
    reopen: Callable[[], object],
    timeout: float,
) -> None:
    if not do_fix:
        app.exit(return_code=EXIT_STORE_PROBLEM)
        return
    try:
        app.notify(fix(), timeout=timeout)
    except (OSError, StoreError) as error:
        app.notify(f"Could not {verb}: {error}", severity="error", timeout=15)
        return
    reopen()


def report_save_problems(app: App[Any], library: Library) -> None:
    """Tell the user of every mark `library` could not save since the last report."""
    for problem in library.save_problems:
        app.notify(problem, title="Not saved", severity="warning", timeout=8)
    library.save_problems.clear()
