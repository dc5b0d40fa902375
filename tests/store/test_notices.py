"""What the store tells the user in words: counts read as English, one article or many."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.model import counted
from tui_news.store import open_store


@pytest.mark.parametrize(
    ("count", "noun", "said"),
    [(0, "article", "0 articles"), (1, "article", "1 article"), (2, "article", "2 articles"),
     (12_345, "marked article", "12,345 marked articles")],
)  # fmt: skip
def test_counted_says_one_thing_or_many(count: int, noun: str, said: str) -> None:
    assert counted(count, noun) == said


def test_a_new_store_from_the_one_bundled_seed_says_one_article(tmp_path: Path) -> None:
    store = open_store(tmp_path / "news.json")
    assert len(store.articles) == 1
    (notice,) = store.notices
    assert notice.endswith("from the bundled seeds (1 article).")
