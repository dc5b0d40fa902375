"""`tui-news parse`, `list` and `search` through `tui_news.cli.main`, JSON output checked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tui_news.cli import main
from tui_news.store import open_store

FIXTURES = Path(__file__).resolve().parent.parent / "loader" / "fixtures"
SCRAPED = FIXTURES / "scraped"


def _json(capsys: pytest.CaptureFixture[str]) -> Any:
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def loaded(db_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store holding the seed and the scraped-page fixtures."""
    assert main(["load", str(seed_path), str(SCRAPED), "--db", str(db_path)]) == 0
    capsys.readouterr()
    return db_path


def _ids_by_title(db: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["list", "--db", str(db), "--json"]) == 0
    return {row["title"]: row["id"] for row in _json(capsys)}


# --- parse -------------------------------------------------------------------------------------


def test_parse_json_of_a_scraped_page(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SCRAPED / "wire_harbour_expansion.txt"), "--json"]) == 0
    data = _json(capsys)
    assert (
        data["title"] == "Harbour Authority Approves Expansion of Port Meridian Container Terminal"
    )
    assert data["byline"] == "Jane Doe"
    assert data["published"] == "2024-03-12T09:15:00+00:00"
    assert data["category"] == "World"
    assert [b["kind"] for b in data["blocks"]] == ["paragraph"] * 5
    assert data["word_count"] == sum(len(b["text"].split()) for b in data["blocks"])


def test_parse_plain_text_marks_block_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(SCRAPED / "blog_balcony_tomatoes.txt")]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Ten Things I Learned Growing Tomatoes on a City Balcony"
    assert "- Use pots at least 30 centimetres deep." in lines
    assert "12 Comments" not in out


def test_parse_feed_prints_a_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(FIXTURES / "formats" / "river_feed.rss"), "--json"]) == 0
    data = _json(capsys)
    assert [a["title"] for a in data] == [
        "Ferry Service Resumes After Floods",
        "Market Square Reopens",
    ]


def test_parse_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(tmp_path / "nope.txt"), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "nope.txt" in captured.err


def test_parse_binary_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert main(["parse", str(path)]) == 1
    assert "PNG" in capsys.readouterr().err


def test_parse_boilerplate_only_page_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "junk.txt"
    path.write_text("Share this article\n\nFacebook\n\nAdvertisement\n\nBack to top\n")
    assert main(["parse", str(path), "--json"]) == 1
    assert capsys.readouterr().out == ""


# --- list --------------------------------------------------------------------------------------


def test_list_json_rows_and_default_date_sort(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--db", str(loaded), "--json"]) == 0
    rows = _json(capsys)
    assert len(rows) == 8  # the seed and seven scraped pages
    for row in rows:
        assert {"id", "title", "category", "published", "read", "starred", "mentions"} <= set(row)
        assert "blocks" not in row and "lead" not in row
        assert row["read"] is False and row["starred"] is False
    dated = [r["published"] for r in rows if r["published"]]
    assert dated == sorted(dated, reverse=True)
    assert rows[0]["title"] == "Why Our Town Should Keep Its Last Library Open"  # 2025-02-02
    # Undated articles come after every dated one.
    assert all(r["published"] is None for r in rows[len(dated) :])


def test_list_sort_title_and_category(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--db", str(loaded), "--json", "--sort", "title"]) == 0
    titles = [r["title"] for r in _json(capsys)]
    assert titles == sorted(titles, key=str.casefold)
    assert main(["list", "--db", str(loaded), "--json", "--category", "news"]) == 0
    rows = _json(capsys)
    assert [r["category"] for r in rows] == ["News"]
    assert rows[0]["title"].startswith("Backchannel Diplomacy")


def test_list_sort_source(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--db", str(loaded), "--json", "--sort", "source"]) == 0
    keys = [(r["source"] or r["category"] or "").casefold() for r in _json(capsys)]
    assert keys == sorted(keys)


def test_list_unread_and_starred(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = _ids_by_title(loaded, capsys)
    store = open_store(loaded)
    seed_id = next(i for t, i in ids.items() if t.startswith("Backchannel"))
    blog_id = ids["Ten Things I Learned Growing Tomatoes on a City Balcony"]
    store.state.mark_read(seed_id)
    store.state.set_starred(seed_id, True)
    store.state.set_starred(blog_id, True)
    assert main(["list", "--db", str(loaded), "--json", "--starred"]) == 0
    assert {r["id"] for r in _json(capsys)} == {seed_id, blog_id}
    assert main(["list", "--db", str(loaded), "--json", "--unread"]) == 0
    unread = {r["id"] for r in _json(capsys)}
    assert seed_id not in unread and blog_id in unread and len(unread) == 7
    assert main(["list", "--db", str(loaded), "--json", "--unread", "--starred"]) == 0
    assert [r["id"] for r in _json(capsys)] == [blog_id]


def test_list_bad_sort_is_a_usage_error(loaded: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["list", "--db", str(loaded), "--sort", "colour"])
    assert exit_info.value.code == 2


# --- search ------------------------------------------------------------------------------------


def test_search_json_finds_the_seed_with_a_typo(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "araghchi witkof", "--db", str(loaded), "--json"]) == 0
    hits = _json(capsys)
    top = hits[0]
    assert top["title"].startswith("Backchannel Diplomacy")
    assert set(top) == {"id", "title", "score", "field", "matched", "spans", "snippet"}
    assert top["field"] == "people"
    assert sorted(top["matched"][a:b] for a, b in top["spans"]) == ["Araghchi", "Witkoff"]
    assert top["score"] == max(h["score"] for h in hits)


def test_search_limit_and_plain_output(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "the", "--db", str(loaded), "--json", "--limit", "200"]) == 0
    every = len(_json(capsys))
    assert every > 2
    assert main(["search", "the", "--db", str(loaded), "--json", "--limit", "2"]) == 0
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 2
    # How many there are goes to stderr, so that the output stays one hit a line or item.
    assert f"the best 2 of {every} matches (--limit N for more)" in captured.err
    assert main(["search", "the", "--db", str(loaded), "--limit", "200"]) == 0
    assert "matches" not in capsys.readouterr().err
    assert main(["search", "tomatoes", "--db", str(loaded)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith("Ten Things I Learned Growing Tomatoes on a City Balcony")
    assert "title" in first


def test_search_filters_through_the_cli(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "category:science", "--db", str(loaded), "--json"]) == 0
    assert [h["title"] for h in _json(capsys)] == [
        "Volunteers Count Record Number of Nesting Turtles on Lantern Bay Beaches"
    ]
    assert main(["search", "tag:recycling", "--db", str(loaded), "--json"]) == 0
    assert [h["field"] for h in _json(capsys)] == ["filter"]
    assert main(["search", "person:trump", "--db", str(loaded), "--json"]) == 0
    assert [h["title"][:11] for h in _json(capsys)] == ["Backchannel"]
    assert (
        main(["search", "after:2024-06-01 before:2024-12-31", "--db", str(loaded), "--json"]) == 0
    )
    assert sorted(h["title"][:10] for h in _json(capsys)) == ["Volunteers", "What the N"]


def test_search_state_filters_through_the_cli(
    loaded: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _ids_by_title(loaded, capsys)
    library = ids["Why Our Town Should Keep Its Last Library Open"]
    open_store(loaded).state.set_starred(library, True)
    assert main(["search", "is:starred", "--db", str(loaded), "--json"]) == 0
    assert [h["id"] for h in _json(capsys)] == [library]
    assert main(["search", "is:unread library", "--db", str(loaded), "--json"]) == 0
    assert library in [h["id"] for h in _json(capsys)]


def test_search_without_hits_exits_1(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzqxj", "--db", str(loaded), "--json"]) == 1
    assert _json(capsys) == []


def test_search_reports_ignored_filters(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "after:someday witkoff", "--db", str(loaded), "--json"]) == 0
    captured = capsys.readouterr()
    assert "after:someday" in captured.err
    assert json.loads(captured.out)[0]["title"].startswith("Backchannel")
