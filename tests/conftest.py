"""Fixtures shared by every test folder: the bundled seed, the BBC corpus, a fresh store path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

ROOT = Path(__file__).resolve().parent.parent
# Hypothesis keeps its examples and caches in pytest's cache folder, not in a folder of its own
# at the top of the project.
set_hypothesis_home_dir(ROOT / ".pytest_cache" / "hypothesis")
# The loader's word-list cache (platformdirs' user cache) goes there too, not to ~/.cache of
# whoever runs the tests; subprocesses started by tests inherit it.
os.environ["XDG_CACHE_HOME"] = str(ROOT / ".pytest_cache" / "xdg-cache")
SEED = ROOT / "seeds" / "000_9751a25479bb027a.txt"
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc-2005"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def bbc_corpus() -> Path:
    if not BBC.is_dir():
        pytest.skip(f"the BBC corpus is not here ({BBC}); it lives in ../shared beside the repo")
    return BBC


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path in a fresh folder; TUI_NEWS_DB points at it so nothing touches ~/.local."""
    path = tmp_path / "store" / "news.json"
    monkeypatch.setenv("TUI_NEWS_DB", str(path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return path
