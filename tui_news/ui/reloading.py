"""`r`: the seed folders loaded again in a worker thread while the app runs; marks are kept."""

from __future__ import annotations

from textual import work
from textual.app import App

from tui_news.library import Library
from tui_news.store import StoreError
from tui_news.ui.messages import Reloaded, ReloadFailed
from tui_news.ui.opening import settle_heap


class ReloadingApp(App[None]):
    """The app's reload: `action_reload`, its worker and what it tells the user."""

    library: Library | None

    def open_store(self) -> None:
        """Open the store when it is not open yet (the app's own worker)."""
        raise NotImplementedError

    def action_reload(self) -> None:
        if self.library is None:
            self.open_store()
            return
        self.notify("Reloading the seeds…", timeout=2)
        self.reload_library()

    @work(thread=True, exclusive=True, group="store")
    def reload_library(self) -> None:
        library = self.library
        if library is None:
            return
        try:
            report = library.reload()
        except StoreError as error:
            self.post_message(ReloadFailed(error.message))
            return
        library.build_index()
        settle_heap()
        self.post_message(Reloaded(report))

    def on_reloaded(self, message: Reloaded) -> None:
        self.notify("Reloaded: " + message.summary, timeout=5)

    def on_reload_failed(self, message: ReloadFailed) -> None:
        self.notify(message.message, title="Reload failed", severity="error", timeout=10)
