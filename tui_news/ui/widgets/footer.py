"""Textual's Footer, without the keys it has removed kept alive for ever.

The footer recomposes whenever the screen's bindings change (opening an article and going back,
opening search, a dialog): the old keys are removed and new ones mounted. Each key binds its
`compact` to the footer's (`data_bind`), which puts (key, callback) in the footer's watcher list;
Textual drops a closed key from that list only when the footer's `compact` changes, which it
never does here. So every switch of screens left ~15 removed keys, their styles and render
caches reachable from the list screen's footer: ~300 after 20 articles opened, growing for as
long as the app runs, and walked by every full garbage collection. After each recompose this
footer forgets the watchers of keys that are closed.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Footer

from tui_news.ui.housekeeping import forget_removed_styles


class TidyFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        forget_closed_watchers(self)
        forget_removed_styles()  # and the removed keys' styles (ui/housekeeping.py)


def forget_closed_watchers(node: Any) -> None:
    """Drop the entries of `node`'s reactive watchers (Textual keeps them as the attribute
    "__watchers": {name: [(watching node, callback), ...]}) whose watching node has closed."""
    watchers = getattr(node, "__watchers", None)
    if not isinstance(watchers, dict):
        return  # nothing watches it (or a Textual that keeps them elsewhere: nothing to do)
    for entries in watchers.values():
        if isinstance(entries, list):
            entries[:] = [
                entry
                for entry in entries
                if not (getattr(entry[0], "_closing", False) or getattr(entry[0], "_closed", False))
            ]
