"""The list's reading-time column: every value fits its four cells and reads right."""

from __future__ import annotations

import pytest

from tui_news.ui.formatting import MINUTES_WIDTH, format_minutes


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, ""),
        (1, "1m"),
        (59, "59m"),
        (60, "60m"),
        (999, "999m"),
        (1000, "17h"),
        (27355, "456h"),
        (10**7, "19y"),
        (10**12, "∞"),
    ],
)
def test_reading_time_fits_its_column_and_is_never_cut(minutes: int, shown: str) -> None:
    assert format_minutes(minutes) == shown
    assert len(format_minutes(minutes)) <= MINUTES_WIDTH
