"""Values that are no int where an int belongs read as 0, never a crash (Python's own `json`
reads 1e400 as an infinite float)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tui_news.model import ArticleState, ArticleSummary


@pytest.mark.parametrize("value", [json.loads("1e400"), float("-inf"), float("nan"), "12x", None])
def test_a_number_that_is_no_int_reads_as_zero(value: Any) -> None:
    assert ArticleState.from_dict({"position": value}).position == 0
    summary = ArticleSummary.from_dict({"id": "a", "title": "T", "word_count": value})
    assert summary.word_count == 0
