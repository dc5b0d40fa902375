"""A Screen whose frames follow the keys that cause them, not Textual's 60 fps grid.

Textual paces each screen's updates with a timer of period 1 / MAX_FPS (16.7 ms) on a fixed
grid, so a frame ready a few ms after the previous one waits for the next grid point: up to
16 ms added to every key's answer. On these screens frames come from keystrokes and cost a few
ms, so a 4 ms period only removes that wait. The timer is Textual's own (`Screen._update_timer`
in Textual 8.2: paused until the screen has something to draw, one `_on_timer_update` per
tick); only its period differs. If Textual renames it, screens fall back to the 60 fps grid.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.timer import Timer

#: Shortest time between two frames of these screens.
FRAME_PERIOD = 1 / 240


class KeyPacedScreen(Screen[Any]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._frame_timer: Timer | None = None
        super().__init__(*args, **kwargs)

    @property
    def _update_timer(self) -> Timer:
        if self._frame_timer is None:
            self._frame_timer = self.set_interval(
                FRAME_PERIOD, self._on_timer_update, name="screen_update", pause=True
            )
        return self._frame_timer
