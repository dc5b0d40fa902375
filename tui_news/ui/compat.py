"""Every use of a private Textual or Rich name in the app, each where no public route exists.

Each touch names the Textual/Rich issue or limitation it works around and the version it was
checked against (Textual 8.2.8, Rich 15.0.0). `tests/ui/test_compat.py` fails with a message
naming the touch when an upgrade removes or renames what it relies on; each also degrades to
Textual's own behaviour rather than crashing if the name has gone.
"""

from __future__ import annotations

from collections.abc import Callable
from queue import Full, Queue
from typing import Any

from textual.app import App
from textual.drivers._writer_thread import WriterThread  # no public name for the writer thread
from textual.drivers.linux_driver import LinuxDriver
from textual.screen import Screen
from textual.timer import Timer

# --- themes ---------------------------------------------------------------------------------


def start_with_theme(app: App[Any], name: str) -> None:
    """Start `app` (not yet running) in theme `name` without its CSS being parsed twice.

    Assigning `app.theme` runs `App._watch_theme`, which re-parses every stylesheet once the app
    runs; before the first parse that is wasted, and setting a theme that early is itself
    fragile (Textualize/textual#6123, fix #6141 open). So the value is set without the watcher
    (`set_reactive`, as Textual's docs show for themes) and the rest of what the watcher does is
    done here: the stylesheet's variables, the theme classes, and the ANSI colour filter, for
    which only the private `App._refresh_truecolor_filter` exists (Textual 8.2.8).
    """
    app.set_reactive(App.theme, name)
    theme = app.current_theme
    app.stylesheet.set_variables(app.get_css_variables())
    classes = {c: False for c in app.classes if c.startswith("-theme-")}
    classes[f"-theme-{theme.name}"] = True
    classes["-dark-mode"] = theme.dark
    classes["-light-mode"] = not theme.dark
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)


# --- the screen stack -----------------------------------------------------------------------


def remove_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Take `screen` out of the stack although other screens are above it.

    Textual can only pop the top screen (Textualize/textual#5009, open; #3127 closed without a
    remove-from-the-middle API); popping down to `screen` would close the screens above it.
    Uses `App._screen_stack` (Textual 8.2.8).
    """
    stack = app._screen_stack
    if screen in stack:
        stack.remove(screen)


# --- frame pacing ---------------------------------------------------------------------------


class FramePeriodScreen(Screen[Any]):
    """A screen whose updates are paced at `FRAME_PERIOD` instead of Textual's 1 / MAX_FPS.

    Textual paces every screen's updates with one timer on a fixed grid of 1 / MAX_FPS, settable
    only app-wide and only from the environment (TEXTUAL_FPS, Textualize/textual#2966); no
    per-screen setting exists. This overrides the private `Screen._update_timer` property,
    creating the timer exactly as Textual does (paused, one `Screen._on_timer_update` a tick)
    with another period (Textual 8.2.8).
    """

    #: Shortest time between two frames of this screen, in seconds.
    FRAME_PERIOD = 1 / 60

    _frame_timer: Timer | None = None

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            self._frame_timer = self.set_interval(
                self.FRAME_PERIOD, self._on_timer_update, name="screen_update", pause=True
            )
        return self._frame_timer


# --- what removed widgets leave behind -------------------------------------------------------


def forget_removed_styles() -> None:
    """Empty Textual's `StylesCache.get_inner_outer` LRU cache, which keeps every widget it
    drew reachable until 1,024 newer entries push it out (Textualize/textual#6665, open).

    The cache lives in the private `textual._styles_cache` (Textual 8.2.8); without it (or
    without its `cache_clear`), nothing is pinned there and this does nothing.
    """
    try:
        from textual._styles_cache import StylesCache
    except ImportError:
        return
    clear = getattr(StylesCache.get_inner_outer, "cache_clear", None)
    if callable(clear):
        clear()


def forget_closed_watchers(node: Any) -> None:
    """Drop the entries of `node`'s reactive watchers whose watching node has closed.

    A widget that watches a longer-lived node (`data_bind`, `watch`) stays in that node's
    private "__watchers" dict ({name: [(watching node, callback), ...]}) until the watched value
    changes (Textualize/textual#6666, open). Closed is the watcher's private `_closing` /
    `_closed` flag (Textual 8.2.8). Nothing to do if the dict is not there.
    """
    watchers = getattr(node, "__watchers", None)
    if not isinstance(watchers, dict):
        return
    for entries in watchers.values():
        if isinstance(entries, list):
            entries[:] = [
                entry
                for entry in entries
                if not (getattr(entry[0], "_closing", False) or getattr(entry[0], "_closed", False))
            ]


# --- the terminal writer ----------------------------------------------------------------------


def writer_thread(driver: LinuxDriver) -> WriterThread | None:
    """The driver's thread that writes to the terminal (`LinuxDriver._writer_thread`; None outside
    application mode). Textual offers no way to write that gives up when the thread has died
    (no upstream issue found; Textual 8.2.8)."""
    return driver._writer_thread


def hand_over(thread: WriterThread, data: str | None, wait: float) -> bool:
    """Queue `data` for `thread` (its private `_queue`, Textual 8.2.8), retrying every `wait`
    seconds while it is alive; False if the thread has ended and `data` was dropped."""
    queue: Queue[str | None] = thread._queue
    while True:
        try:
            queue.put(data, timeout=wait)
            return True
        except Full:
            if not thread.is_alive():
                return False


# --- text ----------------------------------------------------------------------------------


#: Rich's word wrap: the offsets where `Text.wrap` breaks a line (text, width, fold) -> starts.
DivideLine = Callable[[str, int, bool], list[int]]


#: Rich's own line breaking (the private `rich._wrap.divide_line`, Rich 15.0.0), so that lines
#: made without building a `Text` per line break where `Text.wrap` breaks them. Rich has no
#: public function for the break offsets alone (no upstream issue found). None if it has gone:
#: callers then wrap through `Text` itself.
divide_line: DivideLine | None
try:
    from rich._wrap import divide_line
except ImportError:
    divide_line = None


# --- styles ----------------------------------------------------------------------------------


def may_match(node: Any, names: set[str]) -> bool:
    """Whether a rule with one of `names` as its last selector may apply to `node`: Textual's
    own first filter in `Stylesheet.apply`, on the private `DOMNode._selector_names` (Textual
    8.2.8; no public equivalent, no upstream issue found). True if Textual no longer has it."""
    selector_names = getattr(node, "_selector_names", None)
    if not isinstance(selector_names, set):
        return True
    return not names.isdisjoint(selector_names)
