"""A store written by another schema version is refused with a message that says what to do."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tui_news.cli import main
from tui_news.store import (
    SCHEMA_VERSION,
    ArticleStore,
    StateStore,
    StoreCorrupt,
    StoreVersionError,
    open_store,
)


def _set_schema(path: Path, table: str, record: str, schema: object) -> None:
    data = orjson.loads(path.read_bytes())
    data["meta"][record]["schema"] = schema
    path.write_bytes(orjson.dumps(data))


@pytest.fixture
def loaded(tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]) -> Path:
    folder = tmp_path / "news"
    write_corpus(folder, ["one.txt", "two.txt"])
    ArticleStore(db_path).load([folder])
    return folder


def test_schema_is_stored(loaded: Path, db_path: Path) -> None:
    meta = orjson.loads(db_path.read_bytes())["meta"]["store"]
    assert (meta["kind"], meta["schema"]) == ("tui-news articles", SCHEMA_VERSION)


def test_other_article_schema_is_refused_clearly(
    loaded: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _set_schema(db_path, "meta", "store", SCHEMA_VERSION + 1)
    with pytest.raises(StoreVersionError) as caught:
        ArticleStore(db_path)
    message = caught.value.message
    assert f"schema {SCHEMA_VERSION + 1}" in message
    assert f"reads schema {SCHEMA_VERSION}" in message
    assert "tui-news load --rebuild" in message and str(db_path) in message

    assert main(["list", "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert f"schema {SCHEMA_VERSION + 1}" in err and "Traceback" not in err
    # Nothing was changed by being refused.
    assert orjson.loads(db_path.read_bytes())["meta"]["store"]["schema"] == SCHEMA_VERSION + 1


def test_rebuild_replaces_a_store_of_another_version(loaded: Path, db_path: Path) -> None:
    first = ArticleStore(db_path).summaries()[0].id
    StateStore.beside(db_path).set_starred(first, True)
    _set_schema(db_path, "meta", "store", 0)
    store = open_store(db_path, build_if_missing=False, check=False)
    with pytest.raises(StoreVersionError):
        store.articles.summaries()
    report = store.articles.rebuild([loaded])
    assert report.added == 2
    reopened = open_store(db_path, build_if_missing=False)
    assert {s.id for s in reopened.articles.summaries()} >= {first}
    assert reopened.state.get(first).starred


def test_rebuild_replaces_a_damaged_store(loaded: Path, db_path: Path) -> None:
    db_path.write_bytes(b'{"meta": {"store": {"kind": "tui-news art')
    with pytest.raises(StoreCorrupt, match="not valid JSON"):
        ArticleStore(db_path)
    assert ArticleStore(db_path, check=False).rebuild([loaded]).added == 2
    assert len(ArticleStore(db_path)) == 2


def test_other_state_schema_is_refused_clearly(db_path: Path) -> None:
    state = StateStore.beside(db_path)
    state.mark_read("abc")
    _set_schema(state.path, "meta", "state", 7)
    with pytest.raises(StoreVersionError) as caught:
        StateStore.beside(db_path)
    assert "state schema 7" in caught.value.message
    assert str(state.path) in caught.value.message


@pytest.mark.parametrize(
    "content",
    [b"[]", b'{"_default": {}}', b'{"meta": {"store": {"schema": 1}}}', b"", b"\x00\x01garbage"],
    ids=["list", "tinydb-not-ours", "no-kind", "empty", "garbage"],
)
def test_not_a_store_is_named(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    db_path.write_bytes(content)
    with pytest.raises(StoreCorrupt) as caught:
        ArticleStore(db_path)
    assert str(db_path) in caught.value.message
    assert db_path.read_bytes() == content


def test_older_schema_is_upgraded_from_the_folders_it_was_loaded_from(
    loaded: Path, db_path: Path, tmp_path: Path
) -> None:
    first = ArticleStore(db_path).summaries()[0].id
    StateStore.beside(db_path).set_starred(first, True)
    roots = ArticleStore(db_path).meta()["roots"]
    gone = str(tmp_path / "unplugged-drive")
    # What schema 1 wrote: every summary inside news.json, no list columns, its own shards.
    old = {
        "meta": {
            "store": {
                "kind": "tui-news articles",
                "schema": 1,
                "shards": {"00": "00-3.json"},
                "roots": [*roots, gone],
                "generation": 3,
            }
        },
        "articles": {first: {"id": first, "title": "Old"}},
        "sources": {},
    }
    db_path.write_bytes(orjson.dumps(old))
    (db_path.parent / "news.bodies" / "00-3.json").write_bytes(b'{"bodies": {}}')
    store = open_store(db_path)
    (note,) = store.notices
    assert f"schema 1 to {SCHEMA_VERSION}" in note and "marks are kept" in note
    assert gone in note  # the folder that is not there now is named
    ids = store.articles.columns().ids
    assert first in ids and len(ids) == 2 + 1  # the two loaded files and the bundled seed
    assert store.state.get(first).starred
    assert not (db_path.parent / "news.bodies" / "00-3.json").exists()  # old shards swept
    assert open_store(db_path).notices == []  # upgraded once
