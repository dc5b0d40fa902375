"""The app's TCSS files (top-level `styles/`), and when each is read.

Every screen names its own file in `styles/` (`CSS_PATH = style_path("x.tcss")`); `base.tcss`
holds what all screens share. The first frame needs only the base and the first screen's file:
those are the app's `CSS_PATH`. Every other file in `styles/` is read in the idle moment after
the first frame (`load_screen_styles`), so that neither the first paint nor the first open of
a screen parses them, and a new screen's file needs no entry anywhere.

If a screen is shown before that (a key pressed within the first frames, or the "terminal too
small" screen on start-up), Textual reads its file itself when the screen is pushed, re-parsing
every stylesheet and restyling the app: correct, only slower, and once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual.app import App
from textual.css.model import RuleSet

from tui_news.resources import styles_dir
from tui_news.ui.compat import may_match

#: The rules every screen shares, read first.
BASE_STYLES = "base.tcss"


def style_path(name: str) -> Path:
    """The path of stylesheet `name` in the app's `styles/` directory."""
    return styles_dir() / name


def every_stylesheet() -> list[Path]:
    """Every stylesheet in `styles/`, in name order."""
    return sorted(styles_dir().glob("*.tcss"))


def load_screen_styles(app: App[Any], paths: Sequence[Path] | None = None) -> int:
    """Read the stylesheets (`paths`, default: every one in `styles/`) that are not read yet;
    restyle only the widgets their rules may match (normally none: each file styles its own
    screens, which are not mounted yet). Returns how many files were read."""
    sheet = app.stylesheet
    if paths is None:
        paths = every_stylesheet()
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
