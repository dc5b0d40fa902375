"""Fixtures for the store tests: small generated corpora and helpers to read a store back."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from tui_news.store import ArticleStore

ROOT = Path(__file__).resolve().parents[2]


def article_text(title: str, marker: str) -> str:
    """A small article the scraped-page parser reads as `title` with `marker` in its body."""
    return (
        f"{title}\n\n"
        f"The committee reviewed report {marker} on Tuesday and agreed to publish it in full. "
        "Officials said the findings would shape the plans for next year.\n\n"
        f"In a second session the members discussed item {marker} at length. "
        "Several of them asked for more time to read the evidence.\n\n"
        "A final vote is expected next month, after a public consultation.\n"
    )


WriteCorpus = Callable[..., dict[str, str]]


@pytest.fixture
def write_corpus() -> WriteCorpus:
    """`write_corpus(folder, names, tag="a")` writes one article per name; returns title -> marker."""

    def write(folder: Path, names: Iterable[str], tag: str = "a") -> dict[str, str]:
        folder.mkdir(parents=True, exist_ok=True)
        made: dict[str, str] = {}
        for name in names:
            stem = Path(name).stem
            title = f"Report {stem.title()} {tag.upper()} Reaches The Council"
            marker = f"m{stem}x{tag}"
            (folder / name).write_text(article_text(title, marker), encoding="utf-8")
            made[title] = marker
        return made

    return write


def titles(store: ArticleStore) -> set[str]:
    return {s.title for s in store.summaries()}


@pytest.fixture
def store_titles() -> Callable[[ArticleStore], set[str]]:
    return titles


@pytest.fixture
def run_python() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run a small Python program in a fresh interpreter, with this checkout importable."""

    def run(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
        )

    return run
