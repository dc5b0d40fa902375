"""Only regular files are read: a FIFO or a device (under any name) is refused at once with
"not a regular file", by `parse`, by `load` and by the store's worker; never waited on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui_news.loader.files import LoadError, SourceFile, parse_file, read_bytes
from tui_news.loader.formats import SCRAPED_TEXT

#: Each case runs in its own process: a read that waits would hang the test run otherwise.
TIMEOUT = 60


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
    )


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.txt"
    os.mkfifo(path)
    return path


def test_parse_of_a_fifo_returns_with_the_reason(fifo: Path) -> None:
    done = run("-m", "tui_news", "parse", str(fifo))
    assert done.returncode != 0
    assert "not a regular file" in done.stderr


def test_load_of_a_fifo_returns_with_the_reason(fifo: Path, tmp_path: Path) -> None:
    done = run("-m", "tui_news", "--db", str(tmp_path / "news.json"), "load", str(fifo))
    assert "not a regular file" in done.stdout + done.stderr


def test_the_store_worker_refuses_a_file_swapped_for_a_fifo(fifo: Path) -> None:
    code = (
        "import sys; from tui_news.loader.files import SourceFile; "
        "from tui_news.store.prepare import work_file; "
        "print(work_file(SourceFile(sys.argv[1], 'pipe.txt', 'k', None), None))"
    )
    done = run("-c", code, str(fifo))
    assert "not a regular file" in done.stdout, done.stderr


@pytest.mark.parametrize("name", ["zero.jsonl", "zero.txt", "zero.json"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, name: str) -> None:
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    code = (
        "import sys; from tui_news.loader.files import LoadError, SourceFile, parse_file\n"
        "try:\n    parse_file(SourceFile(sys.argv[1], 'x', 'k', None))\n"
        "except LoadError as error:\n    print(error.reason)\n"
    )
    done = run("-c", code, str(link))
    assert done.stdout.strip() == "not a regular file", done.stderr


def test_a_regular_file_over_the_limit_is_refused_as_before(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(SCRAPED_TEXT.max_bytes + 1)
    source = SourceFile(path, "big.txt", "k", None)
    with pytest.raises(LoadError, match="too large"):
        read_bytes(source, SCRAPED_TEXT.max_bytes)
    with pytest.raises(LoadError, match="too large"):
        parse_file(source)


def test_json_lines_over_the_limit_is_refused(tmp_path: Path) -> None:
    from tui_news.loader.reading import read_lines

    path = tmp_path / "big.jsonl"
    path.write_text('{"title": "a"}\n' * 100, encoding="utf-8")
    with pytest.raises(LoadError, match="too large"):
        list(read_lines(SourceFile(path, "big.jsonl", "k", None), 1000))
