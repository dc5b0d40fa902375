"""The base classes of the app's screens: every screen subclasses `AppScreen` or `AppModalScreen`
(or `KeyPacedScreen`) and names its stylesheet in `CSS_PATH` (ui/styles.py).

`AppScreen`, `AppModalScreen` (every screen, and the default screen under them): Textual 8.2 lays a screen
out at the size a `Resize` event carries, and a screen whose size changes posts itself another
`Resize` with that size. If two resizes of different sizes are queued for one screen (the terminal
was resized twice before it caught up, or a screen popped while a resize was on its way passed
its stale size to the screens below), each one changes the size back and posts itself again:
the screen flips between the two sizes forever, never yields, and the app freezes at 100 % CPU
with a half-drawn frame. A `Resize` whose size is not the terminal's size any more is stale:
the screen drops it and, if it is not at the terminal's size, posts itself one that is.

`KeyPacedScreen` (list, reader, search): a screen whose frames follow the keys that cause them,
not Textual's 60 fps grid (`FRAME_PERIOD`, through ui/compat.py), because a frame ready just
after the previous one would otherwise wait up to a whole grid step. Being opaque, it also draws
its own background through Textual's BLANK fast path, and is not restyled on the resume that
follows its mount.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.events import Resize, ScreenResume
from textual.screen import ModalScreen, Screen

from tui_news.ui.compat import FramePeriodScreen
from tui_news.ui.housekeeping import collect_removed_screen

ResultT = TypeVar("ResultT")


def skip_stale_resize(screen: Screen[Any], event: Resize) -> None:
    """Drop a stale `Resize` (see the module's docstring) before Textual's own handler sees it,
    and have `screen` laid out at the terminal's size instead."""
    app = screen.app
    size = app.size
    if event.size == size or app.is_inline:
        return  # current: Textual's own handler lays the screen out
    # Neither this screen nor the ones below it are laid out at the old size.
    event.prevent_default()
    event.stop()
    if screen.outer_size != size:
        screen.post_message(Resize.from_dimensions(size, None))


class AppScreen(Screen[Any]):
    """A screen of the app: it ignores stale `Resize` events, and its widgets are freed once
    it is gone (ui/housekeeping.py)."""

    @on(Resize)
    def _drop_stale_resize(self, event: Resize) -> None:
        # Runs after the subclasses' handlers and before Screen's own, which it may skip.
        skip_stale_resize(self, event)

    def on_unmount(self) -> None:
        self.app.call_after_refresh(collect_removed_screen)


class AppModalScreen(ModalScreen[ResultT]):
    """A modal screen of the app: it ignores stale `Resize` events, and its widgets are freed
    once it is gone (ui/housekeeping.py)."""

    @on(Resize)
    def _drop_stale_resize(self, event: Resize) -> None:
        # Runs after the subclasses' handlers and before Screen's own, which it may skip.
        skip_stale_resize(self, event)

    def on_unmount(self) -> None:
        self.app.call_after_refresh(collect_removed_screen)


class KeyPacedScreen(AppScreen, FramePeriodScreen):
    """A screen of the app whose frames follow the keys that cause them (see above)."""

    FRAME_PERIOD = 1 / 240
    # Opaque (base.tcss: `Screen { background: $background }`): what shows of the screen itself
    # is blank lines of its background, which BLANK draws without a renderable.
    BLANK = True

    _resumed = False

    @on(ScreenResume)
    def _keep_styles_on_first_resume(self, event: ScreenResume) -> None:
        # Runs after the subclasses' handlers and before Screen's own. A pushed screen is resumed right after it mounted,
        # and mounting styled every widget: no need to restyle them all again. Later resumes
        # (back from help, a dialog, the palette) restyle as usual.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
