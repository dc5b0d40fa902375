"""The app's TCSS files (top-level `styles/`), and when each is read.

The first frame needs only `base.tcss` and `list.tcss`: those are the app's `CSS_PATH`. The
other screens name their own file (`CSS_PATH` on the screen class), and the app reads those
files in the idle moment after the first frame (`load_screen_styles`), so that neither the
first paint nor the first open of a screen parses them: parsing all five files before the first
frame, and checking every rule of them against every widget on the list screen, was ~20 ms of a
~0.55 s start at 10,000 articles.

If a screen is shown before that (a key pressed within the first frames, or the "terminal too
small" screen on start-up), Textual reads its file itself when the screen is pushed, re-parsing
every stylesheet and restyling the app: correct, only slower (~80 ms), and once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css.model import RuleSet

from tui_news.resources import styles_dir
from tui_news.ui.compat import may_match

#: Read before the first frame, in this order.
FIRST_PAINT_STYLES = ("base.tcss", "list.tcss")
#: Read after it (each also the `CSS_PATH` of the screens it styles), in this order.
SCREEN_STYLES = ("reader.tcss", "search.tcss", "dialogs.tcss")


def style_path(name: str) -> Path:
    return styles_dir() / name


def load_screen_styles(app: App[Any], paths: Sequence[Path] | None = None) -> int:
    """Read the screens' stylesheets (`paths`, default `SCREEN_STYLES`) that are not read yet;
    restyle only the widgets their rules may match (normally none: each file styles its own
    screens, which are not mounted yet). Returns how many files were read."""
    sheet = app.stylesheet
    if paths is None:
        paths = [style_path(name) for name in SCREEN_STYLES]
    missing = [path for path in paths if not sheet.has_source(str(path), "")]
    if not missing:
        return 0
    before = {id(rule) for rule in sheet.rules}
    for path in missing:
        sheet.read(path)
    sheet.parse()  # the files read before come from the parse cache, not parsed again
    new_rules: list[RuleSet] = [rule for rule in sheet.rules if id(rule) not in before]
    names: set[str] = set().union(*(rule.selector_names for rule in new_rules))
    nodes = [node for node in app.walk_children(with_self=True) if may_match(node, names)]
    if nodes:
        sheet.update_nodes(nodes)
    return len(missing)
