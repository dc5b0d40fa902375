"""What screens and the palette may read from the app they run in, as a typed interface.

Screens and the palette take these from `self.app` through `LibraryHost`, so that nothing under
`ui/screens`, `ui/widgets` or `ui/commands` imports the app module (which imports them).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast, runtime_checkable

from textual.app import App

from tui_news.library import Library


@runtime_checkable
class LibraryHost(Protocol):
    """The app, as screens see it: the open library (None until the store is open) and its clock."""

    library: Library | None
    clock: Callable[[], datetime]


def library_host(app: App[object]) -> LibraryHost:
    """`app` as a `LibraryHost` (the app class satisfies it; tests/ui/test_messages.py checks)."""
    return cast(LibraryHost, app)
