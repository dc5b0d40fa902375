"""How values read on screen: relative dates, reading time, cell-accurate truncation.

Pure functions (no Textual), so the list, the reader and the tests agree on every string.
"""

from __future__ import annotations

from datetime import UTC, datetime

from rich.cells import cell_len, set_cell_size


def parse_published(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def format_date(value: str | None, now: datetime) -> str:
    """'5m ago', '3h ago', 'yesterday', '4d ago' within a week; else '12 Mar' or '2024-03-12'."""
    when = parse_published(value)
    if when is None:
        return "—"
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    if 0 <= seconds < 60:
        return "just now"
    if 0 <= seconds < 3600:
        return f"{int(seconds // 60)}m ago"
    if 0 <= seconds < 86400:
        return f"{int(seconds // 3600)}h ago"
    if 0 <= seconds < 2 * 86400:
        return "yesterday"
    if 0 <= seconds < 7 * 86400:
        return f"{int(seconds // 86400)}d ago"
    if when.year == now.year:
        return when.strftime("%d %b").lstrip("0")
    return when.strftime("%Y-%m-%d")


def format_long_date(value: str | None) -> str | None:
    when = parse_published(value)
    if when is None:
        return None
    if value and len(value) > 10 and (when.hour or when.minute):
        return when.strftime("%d %B %Y, %H:%M").lstrip("0")
    return when.strftime("%d %B %Y").lstrip("0")


#: The list's reading-time column, in cells: `format_minutes` never needs more.
MINUTES_WIDTH = 4
#: (minutes in one unit, its suffix), smallest first.
_TIME_UNITS = ((1, "m"), (60, "h"), (24 * 60, "d"), (365 * 24 * 60, "y"))


def format_minutes(minutes: int) -> str:
    """'' for 0, else at most `MINUTES_WIDTH` cells: '59m', '999m', '456h', '42d', '19y'."""
    if minutes <= 0:
        return ""
    for size, suffix in _TIME_UNITS:
        value = round(minutes / size)
        if value < 1000:
            return f"{value}{suffix}"
    return "∞"


def fit(text: str, width: int) -> str:
    """Exactly `width` cells: padded, or cut with an ellipsis (wide characters counted right)."""
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"
