"""Screens of the app: every one takes only the terminal's current size; some pace frames by key.

`SteadyScreen` (all our screens, and the default screen under them): Textual 8.2 lays a screen
out at the size a `Resize` event carries, and a screen whose size changes posts itself another
`Resize` with that size. If two resizes of different sizes are queued for one screen (the terminal
was resized twice before it caught up, or a screen popped while a resize was on its way passed
its stale size to the screens below), each one changes the size back and posts itself again:
the screen flips between the two sizes forever, never yields, and the app freezes at 100 % CPU
with a half-drawn frame (seen in tmux: 50×12 → 80×24 while the "too small" screen was popped).
A `Resize` whose size is not the terminal's size any more is stale: the screen lays itself out
at the terminal's size instead and does not pass the stale size on.

`KeyPacedScreen` (list, reader, search): a screen whose frames follow the keys that cause them,
not Textual's 60 fps grid; being opaque, it also draws its own background
through Textual's BLANK fast path, and is not restyled on the resume that follows its mount.

Textual paces each screen's updates with a timer of period 1 / MAX_FPS (16.7 ms) on a fixed
grid, so a frame ready a few ms after the previous one waits for the next grid point: up to
16 ms added to every key's answer. On these screens frames come from keystrokes and cost a few
ms, so a 4 ms period only removes that wait. The timer is Textual's own (`Screen._update_timer`
in Textual 8.2: paused until the screen has something to draw, one `_on_timer_update` per
tick); only its period differs. If Textual renames it, screens fall back to the 60 fps grid.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.events import Resize, ScreenResume
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from tui_news.ui.housekeeping import collect_removed_screen

ResultT = TypeVar("ResultT")

#: Shortest time between two frames of these screens.
FRAME_PERIOD = 1 / 240


def skip_stale_resize(screen: Screen[Any], event: Resize) -> None:
    """Stop a stale `Resize` (see the module's docstring) and lay `screen` out at today's size.

    Called from the screens' `_on_resize`, which Textual runs before `Screen._on_resize`.
    """
    app = screen.app
    size = app.size
    if event.size == size or app.is_inline:
        return  # current: Textual's own handler lays the screen out
    # Stop Textual's handler from laying this screen (and the screens below it) out at the old
    # size. If taking the current size changes anything, the screen posts itself a Resize with
    # the current size, which then passes.
    event.prevent_default()
    event.stop()
    screen._screen_resized(size)


class SteadyScreen(Screen[Any]):
    """A screen that ignores stale `Resize` events, and whose widgets are freed once it is
    gone (ui/housekeeping.py)."""

    async def _on_resize(self, event: Resize) -> None:
        skip_stale_resize(self, event)

    def on_unmount(self) -> None:
        self.app.call_after_refresh(collect_removed_screen)


class SteadyModalScreen(ModalScreen[ResultT]):
    """A modal screen that ignores stale `Resize` events, and whose widgets are freed once it
    is gone (ui/housekeeping.py)."""

    async def _on_resize(self, event: Resize) -> None:
        skip_stale_resize(self, event)

    def on_unmount(self) -> None:
        self.app.call_after_refresh(collect_removed_screen)


class KeyPacedScreen(SteadyScreen):
    # These screens are opaque (base.tcss: `Screen { background: $background }`), so what
    # shows of the screen itself is blank lines of its background: Textual's fast path for
    # that, instead of rendering a Blank renderable through Rich (~9 ms for an 80×24 frame).
    BLANK = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._frame_timer: Timer | None = None
        self._resumed = False
        super().__init__(*args, **kwargs)

    def _on_screen_resume(self, event: ScreenResume) -> None:
        # Runs before Textual's handler. A pushed screen is resumed right after it mounted, and
        # mounting styled every widget (and focusing one styled them again): restyling the
        # whole screen a third time cost ~4 ms of every article opened. Later resumes (coming
        # back from help, a dialog, the palette) restyle as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            self._frame_timer = self.set_interval(
                FRAME_PERIOD, self._on_timer_update, name="screen_update", pause=True
            )
        return self._frame_timer
