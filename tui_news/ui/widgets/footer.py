"""Textual's Footer, without the keys it has removed kept alive for ever.

The footer recomposes whenever the screen's bindings change (opening an article and going back,
opening search, a dialog): the old keys are removed and new ones mounted. Each key binds its
`compact` to the footer's (`data_bind`), which leaves the key in the footer's watchers until the
footer's `compact` changes, which it never does here: every screen switch would leave its keys,
their styles and render caches reachable for as long as the app runs, and walked by every full
garbage collection. So after each recompose this footer forgets the watchers of keys that are
closed, and the removed keys' styles (ui/compat.py).
"""

from __future__ import annotations

from textual.widgets import Footer

from tui_news.ui.compat import forget_closed_watchers, forget_removed_styles


class TidyFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        forget_closed_watchers(self)
        forget_removed_styles()
