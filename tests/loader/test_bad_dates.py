"""A date that is no date (a UTC offset of a day or more, 30 February, a year before year 1)
drops that date, with a warning, never the file or its other articles."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.loader.files import FileResult
from tui_news.loader.page_meta import parse_date

BAD = ["2024-01-01T10:00:00+99:99", "June 3, 2024 10:00 +99:99", "2024-02-30", "-2024-01-01"]
BODY = "The council met on Tuesday and agreed the budget for the coming year after a long debate."

Parse = Callable[..., FileResult]


@pytest.mark.parametrize("text", [*BAD, "2024-01-01 10:00 +2500", "44 BC 2024"])
def test_a_bad_date_is_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_a_good_date_still_parses() -> None:
    assert parse_date("2024-01-01T10:00:00+01:00") == "2024-01-01T10:00:00+01:00"


@pytest.mark.parametrize("bad", BAD)
def test_text_dateline(tmp_path: Path, parse_any: Parse, bad: str) -> None:
    path = tmp_path / "a.txt"
    path.write_text(f"A Headline Here\n\nPublished: {bad}\n\n{BODY}\n", encoding="utf-8")
    [article] = parse_any(path).articles  # the file loads
    assert article.published is None
    assert any(BODY in block.text for block in article.blocks)


@pytest.mark.parametrize("bad", BAD)
def test_markdown_front_matter(tmp_path: Path, parse_any: Parse, bad: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\ntitle: Kept\ndate: {bad}\n---\n\n{BODY}\n", encoding="utf-8")
    result = parse_any(path)
    [article] = result.articles
    assert (article.title, article.published) == ("Kept", None)
    assert any("not a date" in w for w in result.warnings)


@pytest.mark.parametrize("bad", BAD)
def test_json_list(tmp_path: Path, parse_any: Parse, bad: str) -> None:
    items = [{"title": f"Item {n}", "body": BODY, "published": "2024-01-02"} for n in range(50)]
    items[7]["published"] = bad
    path = tmp_path / "a.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    result = parse_any(path)
    assert len(result.articles) == 50
    assert result.articles[7].published is None
    assert result.articles[8].published == "2024-01-02T00:00:00"
    assert [w for w in result.warnings if "not a date" in w] == [
        f"item 8: date {bad!r} is not a date: left out"
    ]


@pytest.mark.parametrize("bad", BAD)
def test_json_lines(tmp_path: Path, parse_any: Parse, bad: str) -> None:
    lines = [{"title": f"Item {n}", "body": BODY, "date": "2024-01-02"} for n in range(1000)]
    lines[500]["date"] = bad
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    result = parse_any(path)
    assert len(result.articles) == 1000
    assert result.articles[500].published is None
    assert result.warnings == [f"line 501: date {bad!r} is not a date: left out"]


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>{items}</channel></rss>"""
RSS_ITEM = "<item><title>Item {n}</title><guid>g{n}</guid><description>{body}</description><pubDate>{when}</pubDate></item>"
ATOM = """<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Feed</title>{items}</feed>"""
ATOM_ITEM = "<entry><title>Item {n}</title><id>g{n}</id><summary>{body}</summary><updated>{when}</updated></entry>"


@pytest.mark.parametrize(("shape", "item"), [(RSS, RSS_ITEM), (ATOM, ATOM_ITEM)])
def test_feeds(tmp_path: Path, parse_any: Parse, shape: str, item: str) -> None:
    good = "2024-01-02T10:00:00Z"
    items = "".join(item.format(n=n, body=BODY, when=BAD[0] if n == 3 else good) for n in range(10))
    path = tmp_path / "a.xml"
    path.write_text(shape.format(items=items), encoding="utf-8")
    result = parse_any(path)
    assert len(result.articles) == 10
    assert result.articles[3].published is None
    assert result.articles[4].published is not None
