"""Where the files that ship with tui-news are: the bundled seeds and the TCSS styles.

In a wheel they sit inside the package (`tui_news/_bundled/`); in a source checkout or an
editable install they are the top-level `seeds/` and `styles/` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    for candidate in (_PACKAGE / "_bundled" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        f"the bundled {name}/ folder is missing from this installation of tui-news"
    )


def seeds_dir() -> Path:
    return _find("seeds")


def styles_dir() -> Path:
    return _find("styles")
