"""Notices (Textual's toasts) are plain text, never markup.

A notice carries paths, URLs, config values and error messages, any of which may hold `[`…`]`:
Textual would parse it as markup, crash on an unmatched closing tag (`[/x]`) and make a
clickable action of `[@click=…]`. No notice of this app is written as markup.
"""

from __future__ import annotations

from textual.app import App
from textual.notifications import SeverityLevel


class PlainNoticesApp(App[None]):
    """An app whose every notice, from itself or any screen or widget, is shown as typed."""

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Screens and widgets pass `markup=True` unless told otherwise: it is not trusted here.
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)
