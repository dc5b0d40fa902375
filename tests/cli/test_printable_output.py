"""What the CLI prints from a `--db` path, a query or a file name holds no raw escape."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_news.cli import main

HOSTILE = "a\x1b]0;pwned\x07b\x1b[31mc\u202ed"
RAW = ("\x1b", "\x07", "\u202e")


def printed(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr()
    return out.out + out.err


def assert_escaped(text: str) -> None:
    for raw in RAW:
        assert raw not in text
    assert "pwned" in text and "\\x1b" in text and "\\u202e" in text


def test_load_summary_escapes_the_db_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A title\n\nSome body text here.\n", encoding="utf-8")
    db = tmp_path / HOSTILE / "news.json"
    main(["load", str(folder), "--db", str(db)])
    assert_escaped(printed(capsys))


def test_search_escapes_an_ignored_query_word(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "news.json"
    main(["load", str(tmp_path / "none"), "--db", str(db)])
    capsys.readouterr()
    main(["search", f"is:{HOSTILE}", "--db", str(db)])
    assert_escaped(printed(capsys))


def test_parse_error_escapes_the_file_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["parse", str(tmp_path / f"{HOSTILE}.txt")])
    assert_escaped(printed(capsys))
