"""A store of the UI's fixture articles (22 of them), for the library's own tests."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ui.conftest import build_store


@pytest.fixture
def library_db(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store")


def wait_for(condition: Callable[[], object], timeout: float = 5.0) -> bool:
    """Whether `condition()` came true within `timeout` seconds (work in another thread)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False
