"""Fixtures for the loader tests: the fixture folder and a one-call parser of a file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.loader.files import FileResult, SourceFile, parse_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def parse_path(path: Path, folder_category: str | None = None) -> FileResult:
    """Parse one file the way a load does (without a store)."""
    source = SourceFile(path, str(path), str(path.absolute()), folder_category)
    return parse_file(source)


@pytest.fixture
def parse_any() -> Callable[..., FileResult]:
    """Parse any path, optionally with the folder category a load would give it."""
    return parse_path


@pytest.fixture
def parse_fixture() -> Callable[[str], FileResult]:
    """Parse `tests/loader/fixtures/<relative path>` with no folder category."""

    def parse(relative: str) -> FileResult:
        return parse_path(FIXTURES / relative)

    return parse
