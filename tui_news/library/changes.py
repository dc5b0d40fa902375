"""What changed in the library, told to whoever subscribed (the app's list).

A change is told once the library is consistent again and holds none of its locks, on the
thread that made it: the UI thread for the user's keys, a worker for a read or a reload. A
subscriber on a UI must therefore hop to its own thread when called from another (in Textual:
post a message, which is thread-safe) and must not wait for that thread (a worker holding up
the UI's reply could wait on the UI in turn). Changes made inside another change are told once,
when the outermost one ends.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Change(enum.Enum):
    #: The rows are new (another order, filter, or a new read of the store): show them.
    ROWS = "rows"
    #: An article's marks (read, starred, reading position) changed: the same rows, redrawn.
    MARKS = "marks"


Listener = Callable[[Change], None]


class ChangeFeed:
    """The library's subscribers, and the changes waiting for the outermost change to end."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._local = threading.local()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(change)` after each change; returns what unsubscribes it."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @contextmanager
    def changing(self) -> Iterator[None]:
        """A change in progress on this thread: what it `tell`s is told when it ends."""
        depth: int = getattr(self._local, "depth", 0)
        if depth == 0:
            self._local.pending = []
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
        if depth == 0:
            pending: list[Change] = self._local.pending
            self._local.pending = []
            for change in pending:
                for listener in list(self._listeners):
                    listener(change)

    def tell(self, change: Change) -> None:
        """`change` happened: told at once, or when the change in progress ends."""
        with self.changing():
            if change not in self._local.pending:
                self._local.pending.append(change)
