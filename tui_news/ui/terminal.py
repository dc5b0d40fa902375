"""What the app does about its terminal: which driver writes to it, what happens when it is too
small, and the signals that say it has gone (a dropped SSH session, a kill)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.driver import Driver

from tui_news.ui.compat import remove_screen

if TYPE_CHECKING:
    from tui_news.ui.screens.dialogs import TooSmallScreen


def terminal_driver_class(default: type[Driver]) -> type[Driver]:
    """Ours in a real terminal (ui/driver.py); `default` otherwise (TEXTUAL_DRIVER, the web
    server, tests)."""
    from textual.drivers.linux_driver import LinuxDriver

    if default is LinuxDriver:
        from tui_news.ui.driver import TerminalDriver

        return TerminalDriver
    return default


class TooSmallGuard:
    """Shows the "terminal too small" screen while the terminal is below the minimum size, and
    takes it away once it is big enough (keeping any screen pushed above it meanwhile)."""

    def __init__(self) -> None:
        self._screen: TooSmallScreen | None = None

    def check(self, app: App[Any], width: int, height: int) -> None:
        from tui_news.ui.screens.dialogs import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and self._screen is None:
            self._screen = TooSmallScreen()
            app.push_screen(self._screen)
        elif not small and self._screen is not None:
            screen, self._screen = self._screen, None
            if app.screen is screen:
                app.pop_screen()
            else:
                remove_screen(app, screen)


def on_exit_signals(callback: Callable[[], None]) -> None:
    """Call `callback` on SIGHUP and SIGTERM (from the running event loop)."""
    try:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGHUP, signal.SIGTERM):
            loop.add_signal_handler(sig, callback)
    except (NotImplementedError, RuntimeError, ValueError, AttributeError):
        pass  # not on the main thread (tests) or not a Unix loop
