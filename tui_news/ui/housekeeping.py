"""What a closed screen leaves behind: freed at once, not in the middle of a keystroke.

**Textual's style caches.** Textual keeps every widget it ever drew reachable from a style cache
until 1,024 newer entries push it out (ui/compat.py, `forget_removed_styles`). Every screen
switch here removes a screen's worth of widgets (the reader and its body, the footer's keys), so
the app empties that cache on each switch; the widgets on screen put their entries back on
their next paint (two `Style` objects each).

**The closed screen itself.** A screen's widgets hold one another (parent, children, styles,
timers), so none is freed when the screen is removed: they wait for a full garbage collection.
Left to the collector, that comes whenever allocations add up, mostly in the middle of the next
thing the user does (opening the next article), which it holds back by tens of milliseconds. A
collection right after the screen is gone, once the screen below is painted, frees just that
screen while the user looks at the list, and leaves the collector's counters at zero.
"""

from __future__ import annotations

import gc

from tui_news.ui.compat import forget_removed_styles

__all__ = ["collect_removed_screen", "forget_removed_styles"]


def collect_removed_screen() -> None:
    """A full collection (see the module's docstring); run after the frame that follows a
    screen's removal. A Python function, not `gc.collect` itself: Textual reads a callback's
    signature, and a builtin's means tokenizing its text signature."""
    gc.collect()
