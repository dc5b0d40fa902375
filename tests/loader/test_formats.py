"""The format registry: one table says which suffixes are read, how, and up to what size."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.loader import formats
from tui_news.loader.discovery import discover
from tui_news.loader.files import LoadError, SourceFile, parse_file
from tui_news.loader.formats import FORMATS, Format, Formats, format_for, read_as
from tui_news.loader.reading import FileInput
from tui_news.loader.structured import Draft
from tui_news.model import Block


def _source(path: Path) -> SourceFile:
    return SourceFile(path, str(path), str(path), None)


def test_every_suffix_belongs_to_exactly_one_format() -> None:
    claimed = [suffix for fmt in FORMATS.all for suffix in fmt.suffixes]
    assert len(claimed) == len(set(claimed)) == len(FORMATS.suffixes)
    for fmt in FORMATS.all:
        for suffix in fmt.suffixes:
            assert suffix == suffix.lower() and suffix.startswith(".")
            assert format_for(suffix) is fmt


def test_two_formats_cannot_claim_one_suffix() -> None:
    text = format_for(".txt")
    assert text is not None
    with pytest.raises(ValueError, match=r"\.txt"):
        Formats([*FORMATS.all, Format("other", frozenset({".txt"}), 10, text.read)])


def test_a_suffix_no_format_claims_has_none_and_is_read_as_scraped_text() -> None:
    assert format_for(".html") is None and format_for("") is None
    assert read_as(".html") is formats.SCRAPED_TEXT


def test_only_json_lines_streams_lines() -> None:
    assert [fmt.name for fmt in FORMATS.all if fmt.streams_lines] == ["JSON Lines"]


def test_the_size_limit_comes_from_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "page.txt"
    path.write_text("A Headline Of Some Length\n\nA paragraph of body text that is here.\n")
    assert parse_file(_source(path)).articles
    small = Formats(
        [Format(f.name, f.suffixes, 20, f.read, f.streams_lines, f.needs_body) for f in FORMATS.all]
    )
    monkeypatch.setattr(formats, "FORMATS", small)
    with pytest.raises(LoadError, match="too large"):
        parse_file(_source(path))


def _read_shouting(file: FileInput) -> list[Draft]:
    title, _, body = file.text().partition("\n")
    return [Draft(title=title.lower(), blocks=[Block("paragraph", body.strip().lower())])]


def test_one_entry_adds_a_format_the_walk_and_parse_file_both_know(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shout = Format("shouting", frozenset({".shout"}), 1000, _read_shouting)
    monkeypatch.setattr(formats, "FORMATS", Formats([*FORMATS.all, shout]))
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "loud.shout").write_text("A LOUD TITLE\nA LOUD BODY.\n")
    (folder / "other.unknown").write_text("not read")
    (source,) = discover([folder])
    assert isinstance(source, SourceFile) and source.suffix == ".shout"
    (article,) = parse_file(source).articles
    assert article.title == "a loud title"
    assert article.body_text == "a loud body."
    (folder / "big.shout").write_text("X" * 1001)
    with pytest.raises(LoadError, match="too large"):
        parse_file(_source(folder / "big.shout"))
