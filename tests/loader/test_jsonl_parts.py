"""A JSON Lines file read in parts and joined gives what `parse_file` gives reading it whole."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tui_news.loader.files import (
    LoadError,
    SourceFile,
    join_jsonl_parts,
    jsonl_split_points,
    parse_file,
    parse_jsonl_part,
)
from tui_news.loader.jsonl_parts import PartItem


def _file(tmp_path: Path, lines: list[str]) -> SourceFile:
    path = tmp_path / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SourceFile(path, str(path), str(path), None)


LINES = [
    '{"title": "First Story", "body": "Some text here."}',
    "not json",
    '{"title": "", "body": "No title."}',
    '{"id": "given-1", "title": "Given Id", "body": "More text."}',
    '{"id": "feed:https://example.com/x", "title": "Feed Id", "body": "Text."}',
    '{"title": "Last Story", "body": "The end."}',
]


@pytest.mark.parametrize("parts", [1, 2, 3, 6])
def test_parts_joined_are_the_whole_file(tmp_path: Path, parts: int) -> None:
    source = _file(tmp_path, LINES)
    whole = parse_file(source)
    points = jsonl_split_points(source, parts)
    read = [parse_jsonl_part(source, a, b) for a, b in itertools.pairwise(points)]
    articles, warnings = join_jsonl_parts(source, read)
    assert articles == whole.articles
    assert warnings == whole.warnings
    assert [kind for part in read for kind, *_ in part.items] == [
        PartItem.ARTICLE,
        PartItem.WARNING,
        PartItem.WARNING,  # (an object without a title is a line that is no article)
        PartItem.ARTICLE,
        PartItem.ARTICLE,
        PartItem.ARTICLE,
    ]


def test_replaced_articles_keep_their_places_and_numbering(tmp_path: Path) -> None:
    source = _file(tmp_path, LINES)
    (part,) = [parse_jsonl_part(source, 0, (tmp_path / "archive.jsonl").stat().st_size)]
    titles = [article.title for article in part.articles()]
    assert titles == ["First Story", "Given Id", "Feed Id", "Last Story"]
    part.replace_articles([{"id": a.id, "title": a.title} for a in part.articles()])
    joined, _warnings = join_jsonl_parts(
        source, [part], lambda record, new_id: {**record, "id": new_id}
    )
    expected = [(a.id, a.title) for a in parse_file(source).articles]
    assert [(r["id"], r["title"]) for r in joined] == expected


def test_a_file_of_no_articles_fails_as_parse_file_does(tmp_path: Path) -> None:
    source = _file(tmp_path, ["nope", "[1]"])
    with pytest.raises(LoadError) as whole:
        parse_file(source)
    with pytest.raises(LoadError) as joined:
        join_jsonl_parts(source, [parse_jsonl_part(source, 0, 100)])
    assert joined.value.reason == whole.value.reason
