"""A file renamed or moved between loads keeps its articles: same ids, so the same marks.

Content decides, within one load: an article whose file vanished and whose content reappears in
another file keeps its id there, and the load reports a move (not a duplicate and a removal).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.store import ArticleStore, LoadReport, StateStore
from tui_news.store.doctor import examine

FORMATS = Path(__file__).resolve().parents[1] / "loader" / "fixtures" / "formats"


def _ids_by_title(db: Path) -> dict[str, str]:
    return {s.title: s.id for s in ArticleStore(db).summaries()}


def _origins(db: Path) -> dict[str, str]:
    return {s.id: str(s.origin) for s in ArticleStore(db).summaries()}


def _star_all(db: Path) -> dict[str, str]:
    ids = _ids_by_title(db)
    state = StateStore.beside(db)
    for article_id in ids.values():
        state.set_starred(article_id, True)
    return ids


def _assert_kept(db: Path, before: dict[str, str], report: LoadReport) -> None:
    """Every article of `before` (title -> id) is still there with its id, starred; the load
    reported moves, no duplicate, no removal; a later load changes nothing; doctor is healthy."""
    assert _ids_by_title(db) == before
    state = StateStore.beside(db)
    assert all(state.get(i).starred for i in before.values())
    store = ArticleStore(db)
    assert all(store.get(i) is not None for i in before.values())
    assert report.moved and not report.duplicates and not report.removed
    assert report.added == 0
    again = ArticleStore(db).load(_loaded_roots(db))
    assert (again.added, again.updated, again.removed, again.moved) == (0, 0, [], [])
    assert again.files_parsed == 0 and not again.duplicates
    assert _ids_by_title(db) == before
    doctor = examine(db)
    assert doctor.healthy and not doctor.warnings, [f.message for f in doctor.findings]


def _loaded_roots(db: Path) -> list[Path]:
    return [Path(r) for r in ArticleStore(db).roots()]


def test_rename_in_place_keeps_the_article(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt", "c.txt"])
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    (folder / "a.txt").rename(folder / "b.txt")
    report = ArticleStore(db_path).load([folder])
    _assert_kept(db_path, before, report)
    assert report.moved == [(str(folder / "a.txt"), str(folder / "b.txt"))]
    assert report.unchanged == 1
    moved_id = before["Report A A Reaches The Council"]
    assert _origins(db_path)[moved_id] == str(folder / "b.txt")


def test_move_into_a_subfolder_keeps_the_article(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt", "c.txt"])
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    (folder / "sub").mkdir()
    (folder / "a.txt").rename(folder / "sub" / "a.txt")
    report = ArticleStore(db_path).load([folder])
    _assert_kept(db_path, before, report)
    assert report.moved == [(str(folder / "a.txt"), str(folder / "sub" / "a.txt"))]


def test_move_between_two_loaded_folders_keeps_the_article(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_corpus(one, ["a.txt"])
    write_corpus(two, ["c.txt"])
    ArticleStore(db_path).load([one, two])
    before = _star_all(db_path)
    (one / "a.txt").rename(two / "a.txt")
    report = ArticleStore(db_path).load([one, two])
    _assert_kept(db_path, before, report)
    assert report.moved == [(str(one / "a.txt"), str(two / "a.txt"))]


@pytest.mark.parametrize("name", ["river_feed.rss", "article_list.json", "valley_atom.atom"])
def test_renamed_feed_or_json_list_keeps_its_articles(
    tmp_path: Path, db_path: Path, name: str
) -> None:
    folder = tmp_path / "feeds"
    folder.mkdir()
    shutil.copy(FORMATS / name, folder / name)
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    assert len(before) >= 2
    renamed = folder / f"renamed{Path(name).suffix}"
    (folder / name).rename(renamed)
    report = ArticleStore(db_path).load([folder])
    _assert_kept(db_path, before, report)
    assert set(_origins(db_path).values()) == {str(renamed)}


def test_json_articles_with_given_ids_renamed_keep_them(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "json"
    folder.mkdir()
    items = [
        {"id": f"story-{n}", "title": f"Story Number {n}", "body": f"Body of story {n}, long."}
        for n in range(3)
    ]
    (folder / "first.json").write_text(json.dumps(items), encoding="utf-8")
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    assert set(before.values()) == {"story-0", "story-1", "story-2"}
    (folder / "first.json").rename(folder / "second.json")
    report = ArticleStore(db_path).load([folder])
    _assert_kept(db_path, before, report)


def test_identical_files_in_two_folders_survive_the_first_deleted(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_corpus(one, ["a.txt"])
    two.mkdir()
    shutil.copy(one / "a.txt", two / "a.txt")
    first = ArticleStore(db_path).load([one, two])
    assert first.added == 1 and len(first.duplicates) == 1
    before = _star_all(db_path)
    (one / "a.txt").unlink()
    report = ArticleStore(db_path).load([one, two])
    _assert_kept(db_path, before, report)
    assert report.moved == [(str(one / "a.txt"), str(two / "a.txt"))]


def test_the_command_line_reports_a_move(
    tmp_path: Path,
    db_path: Path,
    write_corpus: Callable[..., dict[str, str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt"])
    assert main(["load", str(folder), "--db", str(db_path)]) == 0
    (folder / "a.txt").rename(folder / "b.txt")
    capsys.readouterr()
    assert main(["load", str(folder), "--db", str(db_path)]) == 0
    captured = capsys.readouterr()
    assert f"moved {folder / 'a.txt'} -> {folder / 'b.txt'}" in captured.out
    assert "duplicate" not in captured.err and "removed " not in captured.out
    assert main(["load", str(folder), "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["moved"] == []


def test_a_copy_is_still_a_duplicate_while_the_original_stays(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt"])
    ArticleStore(db_path).load([folder])
    ids = _ids_by_title(db_path)
    shutil.copy(folder / "a.txt", folder / "b.txt")
    report = ArticleStore(db_path).load([folder])
    assert report.duplicates == [(str(folder / "b.txt"), str(folder / "a.txt"))]
    assert not report.moved and _ids_by_title(db_path) == ids
    assert set(_origins(db_path).values()) == {str(folder / "a.txt")}


def test_a_file_deleted_with_no_copy_is_still_removed(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt", "b.txt"])
    ArticleStore(db_path).load([folder])
    (folder / "a.txt").unlink()
    report = ArticleStore(db_path).load([folder])
    assert report.removed == [str(folder / "a.txt")] and not report.moved
    assert set(_ids_by_title(db_path)) == {"Report B A Reaches The Council"}


def test_an_edit_after_a_move_keeps_the_id(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    folder = tmp_path / "news"
    write_corpus(folder, ["a.txt"])
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    (folder / "a.txt").rename(folder / "b.txt")
    ArticleStore(db_path).load([folder])
    moved = folder / "b.txt"
    moved.write_text(moved.read_text().replace("A final vote", "A decisive vote"))
    report = ArticleStore(db_path).load([folder])
    assert (report.added, report.updated, report.removed) == (0, 1, [])
    assert _ids_by_title(db_path) == before
    (article_id,) = before.values()
    article = ArticleStore(db_path).get(article_id)
    assert article is not None and "decisive" in article.body_text
    assert StateStore.beside(db_path).get(article_id).starred


def test_a_copy_outlives_its_original_forgotten(
    tmp_path: Path, db_path: Path, write_corpus: Callable[..., dict[str, str]]
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    write_corpus(one, ["a.txt"])
    two.mkdir()
    shutil.copy(one / "a.txt", two / "a.txt")
    ArticleStore(db_path).load([one, two])
    ArticleStore(db_path).forget([one])
    ArticleStore(db_path).load([two])
    assert set(_origins(db_path).values()) == {str(two / "a.txt")}


def test_feed_snapshots_sharing_guids_keep_them_when_one_goes(
    tmp_path: Path, db_path: Path
) -> None:
    """Two snapshots of one feed hold the same items (same guids): both list them, and
    deleting either keeps every item."""
    folder = tmp_path / "feeds"
    folder.mkdir()
    shutil.copy(FORMATS / "river_feed.rss", folder / "monday.rss")
    ArticleStore(db_path).load([folder])
    before = _star_all(db_path)
    shutil.copy(FORMATS / "river_feed.rss", folder / "tuesday.rss")
    report = ArticleStore(db_path).load([folder])
    assert not report.duplicates and report.added == 0
    assert set(_origins(db_path).values()) == {str(folder / "tuesday.rss")}
    (folder / "tuesday.rss").unlink()
    report = ArticleStore(db_path).load([folder])
    assert _ids_by_title(db_path) == before and not report.removed
    assert report.moved == [(str(folder / "tuesday.rss"), str(folder / "monday.rss"))]
