"""The row sequences the list draws: views made when read, and the head's placeholders."""

from __future__ import annotations

from pathlib import Path

from tests.library.conftest import wait_for
from tui_news.library import PLACEHOLDER, HeadRows, Library, Mapped, ids_of
from tui_news.model import ArticleSummary
from tui_news.store import open_store


def _summary(i: int) -> ArticleSummary:
    return ArticleSummary(id=f"a{i}", title=f"Title {i}")


def test_mapped_makes_each_item_when_read() -> None:
    made: list[int] = []

    def make(i: int) -> ArticleSummary:
        made.append(i)
        return _summary(i)

    rows = Mapped(range(100_000), make)
    assert len(rows) == 100_000 and not made
    assert rows[7].id == "a7" and [r.id for r in rows[2:4]] == ["a2", "a3"]
    assert made == [7, 2, 3]
    assert list(ids_of(Mapped(range(3), _summary))) == ["a0", "a1", "a2"]


def test_head_rows_show_placeholders_past_the_head_until_the_rest_is_in_memory() -> None:
    rest: dict[int, ArticleSummary] = {}
    rows = HeadRows([_summary(0), _summary(1)], 5, rest.get)
    assert len(rows) == 5 and rows[1].id == "a1" and rows[-1] is PLACEHOLDER
    assert rows.id_at(4) is None and rows.id_at(1) == "a1" and rows.id_at(5) is None
    rest.update({i: _summary(i) for i in range(2, 5)})
    assert [r.id for r in rows] == ["a0", "a1", "a2", "a3", "a4"]
    assert rows.id_at(4) == "a4"


def test_prefetch_of_a_placeholder_reads_nothing(library_db: Path) -> None:
    store = open_store(library_db)
    warmed: list[str] = []
    store.articles.warm = warmed.append  # type: ignore[method-assign]
    library = Library(store)
    library.prefetch(PLACEHOLDER.id)
    assert not wait_for(lambda: warmed, timeout=0.3)
    library.prefetch("fixture-01")
    assert wait_for(lambda: warmed == ["fixture-01"])
