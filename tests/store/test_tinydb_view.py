"""The store stays readable with TinyDB's own API (`tui_news.store.tinydb_view`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from tui_news.store import ArticleStore, StoreError, StoreWriteError
from tui_news.store.layout import SUMMARY_COLUMNS, StoreFiles, shard_of
from tui_news.store.tinydb_view import open_tinydb

from .conftest import WriteCorpus


def _store(tmp_path: Path, write_corpus: WriteCorpus) -> ArticleStore:
    write_corpus(tmp_path / "news", ["alpha.txt", "beta.txt", "gamma.txt"])
    store = ArticleStore(tmp_path / "news.json")
    assert store.load([tmp_path / "news"], workers=1).added == 3
    return store


def test_a_plain_tinydb_cannot_read_the_store_s_string_ids(
    tmp_path: Path, write_corpus: WriteCorpus
) -> None:
    """Why the helper exists: TinyDB's default table takes document ids for whole numbers."""
    store = _store(tmp_path, write_corpus)
    with pytest.raises(ValueError):
        TinyDB(store.path).table("list").all()


def test_articles_are_queried_with_tinydb_query(tmp_path: Path, write_corpus: WriteCorpus) -> None:
    store = _store(tmp_path, write_corpus)
    db = open_tinydb(store.path)
    assert {"meta", "list", "articles"} <= db.tables()
    article = Query()
    found = db.table("articles").search(article.title.search("Beta"))
    assert [doc["title"] for doc in found] == ["Report Beta A Reaches The Council"]
    assert set(found[0]) == set(SUMMARY_COLUMNS) - {"ck"}
    assert found[0].doc_id == found[0]["id"]
    everything = db.table("articles").all()
    assert [doc["id"] for doc in everything] == store.columns().ids
    assert db.table("articles").get(doc_id=everything[0]["id"]) == everything[0]
    assert db.table("meta").get(doc_id="store")["generation"] == store.meta()["generation"]
    assert db.table("list").get(doc_id="columns")["id"] == store.columns().ids


def test_any_store_file_opens_with_string_ids(tmp_path: Path, write_corpus: WriteCorpus) -> None:
    store = _store(tmp_path, write_corpus)
    article_id = store.columns().ids[0]
    shard = StoreFiles(store.path).bodies / store.meta()["shards"][shard_of(article_id)]
    body = open_tinydb(shard).table("bodies").get(doc_id=article_id)
    assert body is not None and body["s"]["id"] == article_id
    sources = StoreFiles(store.path).bodies / store.meta()["sources"]
    records = open_tinydb(sources).table("sources").all()
    assert sorted(Path(doc["origin"]).name for doc in records) == [
        "alpha.txt",
        "beta.txt",
        "gamma.txt",
    ]


def test_the_view_is_read_only_and_says_what_is_missing(
    tmp_path: Path, write_corpus: WriteCorpus
) -> None:
    store = _store(tmp_path, write_corpus)
    before = store.path.read_bytes()
    with pytest.raises(StoreWriteError):
        open_tinydb(store.path).table("articles").update({"title": "x"})
    assert store.path.read_bytes() == before
    with pytest.raises(StoreError):
        open_tinydb(tmp_path / "nothing.json")
