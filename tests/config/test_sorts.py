"""The sort registry: one table of sorts that the settings file, the CLI and the store read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.config import load_config
from tui_news.model import (
    DEFAULT_SORT,
    SORT_ORDERS,
    SORTS,
    ArticleSummary,
    sort_order,
    sort_positions,
    sort_summaries,
)


def test_sorts_are_the_registry_names_default_first() -> None:
    assert SORTS == tuple(order.name for order in SORT_ORDERS) == ("date", "title", "source")
    assert SORTS[0] == DEFAULT_SORT
    assert len({order.label for order in SORT_ORDERS}) == len(SORT_ORDERS)
    assert all(sort_order(name).name == name for name in SORTS)


def test_an_unknown_sort_is_the_default() -> None:
    assert sort_order("random") is SORT_ORDERS[0]


@pytest.mark.parametrize("name", SORTS)
def test_the_settings_file_accepts_every_sort_in_the_registry(tmp_path: Path, name: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(f'sort = "{name}"\n')
    config = load_config(path)
    assert config.sort == name and not config.problems


def test_the_settings_file_names_the_registry_sorts_when_refusing_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('sort = "random"\n')
    config = load_config(path)
    assert config.sort == DEFAULT_SORT
    assert f"one of {', '.join(SORTS)}" in config.problems[0]


ROWS = [
    ArticleSummary("a", "beta", published="2024-01-02", source="Zed"),
    ArticleSummary("b", "Alpha", published=None, category="Arts"),
    ArticleSummary("c", "gamma", published="2025-05-05", source=None),
    ArticleSummary("d", "Delta", published=None),
]


@pytest.mark.parametrize(
    ("sort", "ids"),
    [
        ("date", ["c", "a", "b", "d"]),
        ("title", ["b", "a", "d", "c"]),
        ("source", ["b", "a", "d", "c"]),
        ("anything else", ["c", "a", "b", "d"]),
    ],
)
def test_each_sort_orders_rows_by_its_entry(sort: str, ids: list[str]) -> None:
    assert [row.id for row in sort_summaries(ROWS, sort)] == ids
    titles = [row.title for row in ROWS]
    published = [row.published for row in ROWS]
    sources = [row.source or row.category for row in ROWS]
    assert [ROWS[i].id for i in sort_positions(titles, published, sources, sort)] == ids
