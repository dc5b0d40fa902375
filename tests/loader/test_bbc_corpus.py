"""The BBC 2005 corpus in ../shared (2,225 files) loaded whole through `ArticleStore.load`.

One load per test session: a load takes a few seconds, so the result is cached by path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui_news.loader.text import clean_inline, decode_bytes
from tui_news.model import ArticleSummary
from tui_news.store.articles import ArticleStore, LoadReport

pytestmark = pytest.mark.corpus

TOTAL_FILES = 2225


@dataclass
class Loaded:
    root: Path
    store: ArticleStore
    report: LoadReport
    by_origin: dict[str, ArticleSummary]


_CACHE: dict[Path, Loaded] = {}


@pytest.fixture
def bbc(bbc_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Loaded:
    if bbc_corpus not in _CACHE:
        store = ArticleStore(tmp_path_factory.mktemp("bbc") / "news.json")
        report = store.load([bbc_corpus])
        by_origin = {s.origin or "": s for s in store.summaries()}
        _CACHE[bbc_corpus] = Loaded(bbc_corpus, store, report, by_origin)
    return _CACHE[bbc_corpus]


def _articles(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt") if p.parent != root)


def _text(path: Path) -> str:
    return decode_bytes(path.read_bytes())


def test_every_file_is_accounted_for(bbc: Loaded) -> None:
    report = bbc.report
    files = _articles(bbc.root)
    assert len(files) == TOTAL_FILES
    assert report.warnings == []
    assert [Path(s.origin).name for s in report.skipped] == ["README.TXT"]
    assert report.added + len(report.duplicates) == TOTAL_FILES
    assert len(bbc.store) == report.added
    loaded = set(bbc.by_origin)
    repeats = {origin for origin, _ in report.duplicates}
    assert loaded.isdisjoint(repeats)
    assert loaded | repeats == {str(p.absolute()) for p in files}


def test_titles_are_line_one_and_categories_folder_names(bbc: Loaded) -> None:
    wrong: list[str] = []
    for origin, summary in bbc.by_origin.items():
        path = Path(origin)
        line_one = clean_inline(_text(path).split("\n", 1)[0])
        if summary.title != line_one or summary.category != path.parent.name:
            wrong.append(f"{path.parent.name}/{path.name}: {summary.title!r} {summary.category!r}")
    assert wrong == []
    assert {s.category for s in bbc.by_origin.values()} == {
        "business",
        "entertainment",
        "politics",
        "sport",
        "tech",
    }


def test_latin1_file_shows_the_pound_sign(bbc: Loaded) -> None:
    origin = str((bbc.root / "sport" / "199.txt").absolute())
    summary = bbc.by_origin[origin]
    article = bbc.store.get(summary.id)
    assert article is not None
    assert "£15.8m" in article.body_text
    assert "\ufffd" not in article.body_text


def test_about_a_hundred_repeats_each_really_identical(bbc: Loaded) -> None:
    duplicates = bbc.report.duplicates
    assert 80 <= len(duplicates) <= 130
    for repeat, original in duplicates:
        assert repeat != original
        assert _norm(_text(Path(repeat))) == _norm(_text(Path(original))), repeat


def test_no_words_are_lost(bbc: Loaded) -> None:
    """Every word of every file is in the title, the standfirst or the body (bullets aside)."""
    lost: list[str] = []
    for origin, summary in bbc.by_origin.items():
        text = re.sub(r"(?m)^\s*[-*•]\s+", "", _text(Path(origin)))
        words = len(text.split())
        shown = len(summary.title.split()) + len((summary.dek or "").split()) + summary.word_count
        if words != shown:
            lost.append(f"{origin}: {words} words in the file, {shown} loaded")
    assert lost == []


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
