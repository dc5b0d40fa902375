"""One way to a store's search index, for the app and the CLI: kept postings are used whenever
they belong to the store as it is now, whatever its size."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.search.test_kept_index import keep
from tui_news.cli import main
from tui_news.library import Library, build_search_index
from tui_news.search import SearchIndex, engine, parse_query
from tui_news.store import open_store


def test_a_small_store_maps_its_kept_postings_in_the_app_and_the_cli(
    library_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store = open_store(library_db)
    built = SearchIndex(store.articles.summaries())
    generation = store.articles.meta()["generation"]
    assert keep(built.postings, store.articles.bodies_dir, generation)
    query = parse_query("council")
    expected = [h.id for h in built.search(query, {}, limit=20)]
    assert expected
    monkeypatch.setattr(engine, "build_postings", None)  # nothing can be built here now
    library = Library(open_store(library_db))  # 22 articles: no helper process
    assert [h.id for h in library.build_index().search(query, {}, limit=20)] == expected
    build, index = build_search_index(store, store.articles.summaries)
    assert build is None and [h.id for h in index.search(query, {}, limit=20)] == expected
    capsys.readouterr()
    assert main(["search", "council", "--db", str(library_db), "--limit", "20"]) == 0
    assert [line.split()[2] for line in capsys.readouterr().out.splitlines()] == expected
