"""Reading the values of a JSON mapping the store or an input wrote, whatever their type."""

from __future__ import annotations

from typing import Any


def opt_str(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text or None


def as_int(value: Any) -> int:
    """`value` as an int; 0 for what is none (an infinite float or NaN too)."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        return 0


def str_tuple(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(v) for v in value if isinstance(v, str | int | float) and str(v))
