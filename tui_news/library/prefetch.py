"""Reading ahead: the body shard of the article the user is on, parsed in a background thread
so that opening it does not. Only the latest wish counts: moving through the list quickly does
not queue a read per row."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable

from tui_news.store import StoreError


class ShardPrefetcher:
    """Calls `warm(article_id)` in one daemon thread, for the latest id asked for."""

    def __init__(self, warm: Callable[[str], None]) -> None:
        self._warm = warm
        self._lock = threading.Lock()
        self._wanted: str | None = None
        self._wish = threading.Event()
        self._thread: threading.Thread | None = None

    def want(self, article_id: str) -> None:
        with self._lock:
            self._wanted = article_id
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._loop, name="tui-news-prefetch", daemon=True
                )
                self._thread.start()
        self._wish.set()

    def _loop(self) -> None:
        while True:
            self._wish.wait()
            self._wish.clear()
            with self._lock:
                wanted, self._wanted = self._wanted, None
            if wanted is not None:
                with contextlib.suppress(StoreError, OSError):  # opening the article reports it
                    self._warm(wanted)
