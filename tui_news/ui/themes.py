"""The app's own themes, and the order `t` cycles through themes in."""

from __future__ import annotations

from collections.abc import Mapping

from textual.theme import Theme

NEWS_DARK = Theme(
    name="news-dark",
    primary="#7AA2F7",
    secondary="#9ECE6A",
    accent="#E0AF68",
    foreground="#D5D8E0",
    background="#16181D",
    surface="#1E2128",
    panel="#262A33",
    warning="#E0AF68",
    error="#F7768E",
    success="#9ECE6A",
    dark=True,
)
NEWS_LIGHT = Theme(
    name="news-light",
    primary="#2E5AAC",
    secondary="#3B7A3B",
    accent="#9A5B00",
    foreground="#1F2328",
    background="#FAF8F3",
    surface="#F0EDE4",
    panel="#E4E0D4",
    warning="#9A5B00",
    error="#B3261E",
    success="#3B7A3B",
    dark=False,
)
THEME_CYCLE: tuple[str, ...] = (
    "news-dark",
    "news-light",
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "tokyo-night",
    "solarized-light",
)


def next_theme(current: str, available: Mapping[str, Theme]) -> str:
    """The theme after `current` in `THEME_CYCLE` (of those `available`); the first if none."""
    names = [name for name in THEME_CYCLE if name in available]
    index = names.index(current) if current in names else -1
    return names[(index + 1) % len(names)]
