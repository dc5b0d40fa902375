"""What a screen leaves behind when it closes: freed at once, not in the middle of a keystroke.

**Textual's style caches.** Textual 8 (8.2.8 here) decorates the method
`StylesCache.get_inner_outer` with `functools.lru_cache(1024)`; on a method, the cache's key
holds `self`, a widget's `StylesCache`, with every line it has cached (strips, segments, their
caches). Each widget ever
drawn stays reachable from that cache after it is removed, until 1,024 newer keys push it out
(Textualize/textual#6665, open). Here every screen switch removes a screen's worth of widgets
(the reader and its body, the footer's keys): measured over 40 articles opened and closed at
80x24, ~29 orphaned caches an article, 1,000 tracked objects more each time, and full garbage
collections growing from ~50 to ~160 ms as they walked them. `forget_removed_styles` empties
that cache; the widgets on screen put their entries back on their next paint (two `Style`
objects each, microseconds).

**The closed screen itself.** A screen's widgets hold one another (parent, children, styles,
timers), so none is freed when the screen is removed: they wait for a full garbage collection.
Left to the collector, that comes when the allocations since the last one add up, which is
mostly in the middle of the next thing the user does: with an article's reader screen (~14,000
objects) and its lines among them, 60-160 ms in the middle of opening the next article (the
bench's open p95 at 100,000 articles was 151-162 ms against a p50 of ~40 ms). A collection
right after the screen is gone, once the screen below is painted, frees just that screen
(~15-40 ms while the user looks at the list) and leaves the collector's counters at zero for
the next article.
"""

from __future__ import annotations

import gc


def forget_removed_styles() -> None:
    """Empty Textual's `get_inner_outer` cache (a no-op if a Textual has no such cache)."""
    try:
        from textual._styles_cache import StylesCache
    except ImportError:  # a Textual that moved it: nothing pinned there
        return
    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if callable(clear):
        clear()


def collect_removed_screen() -> None:
    """A full collection (see the module's docstring); run after the frame that follows a
    screen's removal. A Python function, not `gc.collect` itself: Textual reads a callback's
    signature, and a builtin's means tokenizing its text signature."""
    gc.collect()
