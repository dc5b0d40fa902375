"""tui-news: a keyboard-first terminal news browser."""

from __future__ import annotations

__version__ = "0.1.0"
