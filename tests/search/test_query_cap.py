"""A pasted page of words is cut to the first words and characters, with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.search import parse_query
from tui_news.search.query import MAX_QUERY_CHARS, MAX_QUERY_WORDS


def test_a_query_is_cut_to_its_first_words() -> None:
    query = parse_query(" ".join(f"w{n}" for n in range(20_000)))
    assert query.text.split() == [f"w{n}" for n in range(MAX_QUERY_WORDS)]
    assert f"query cut to the first {MAX_QUERY_WORDS} words" in query.problems


def test_a_query_is_cut_to_its_first_characters() -> None:
    query = parse_query("x" * 50_000)
    assert len(query.text) == MAX_QUERY_CHARS
    assert "query cut to the first 1,000 characters" in query.problems


def test_a_short_query_is_untouched() -> None:
    assert parse_query("harbour council").problems == ()


def test_the_cli_says_the_query_was_cut(
    db_path: Path, seed_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(seed_path), "--db", str(db_path)]) == 0
    capsys.readouterr()
    main(["search", " ".join(["council"] * 20_000), "--db", str(db_path)])
    assert f"query cut to the first {MAX_QUERY_WORDS} words" in capsys.readouterr().err
