"""The app's cold start as the benchmark times it: `tui-news --db DB`, which writes
`PAINTED_MARKER` once a frame with the list's rows has gone to the terminal, then exits.

    python tests/bench/painted_start.py --db DB

The command line is the real one (`tui_news.cli.main`); only the app class differs: `PaintedApp`
starts nothing that waits for the first paint (the other screens' styles, the search index),
and after that frame says so on the terminal's own stream, where the benchmark times its arrival.
"""

from __future__ import annotations

import gc
import sys
from functools import partial
from typing import Any

#: What the app writes after its first frame with rows: an APC string (terminals ignore its
#: content). run_bench.py waits for the same bytes.
PAINTED_MARKER = "\x1b_tui-news-painted\x1b\\"


def painted_app_class() -> type[Any]:
    """`TuiNewsApp` with the benchmark's paint hook (imported here, not at module level, so that
    the import runs with the collector off as in `tui_news.cli.cmd_open`)."""
    from textual.screen import Screen

    from tui_news.ui.app import TuiNewsApp
    from tui_news.ui.screens.list_screen import ListScreen

    class PaintedApp(TuiNewsApp):
        _rows_shown = False

        def library_shown(self) -> None:
            self._rows_shown = True

        def _display(self, screen: Screen[Any], renderable: Any) -> None:
            # Every frame the compositor produces goes through `App._display` (Textual 8.2.8).
            super()._display(screen, renderable)
            if self._rows_shown and renderable is not None and isinstance(screen, ListScreen):
                self._rows_shown = False
                if self._driver is not None:
                    self._driver.write(PAINTED_MARKER)
                self.exit()

    return PaintedApp


def main(argv: list[str]) -> int:
    gc.disable()  # as tui_news.cli.cmd_open does before it imports the app; the app turns it on
    from tui_news import cli
    from tui_news.ui import app

    app.run_app = partial(app.run_app, app_class=painted_app_class())  # type: ignore[assignment]
    return cli.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
