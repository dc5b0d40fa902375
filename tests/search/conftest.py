"""A small search corpus: the seed article plus invented summaries with known fields."""

from __future__ import annotations

from pathlib import Path

import pytest

import tui_news.library.index as library_module
from tui_news.loader.files import SourceFile, parse_file
from tui_news.model import ArticleState, ArticleSummary, Mentions
from tui_news.search import SearchIndex
from tui_news.search.worker import PostingsBuild

SEED_ID_KEY = "seed"


def _summary(id: str, title: str, **fields: object) -> ArticleSummary:
    return ArticleSummary(id=id, title=title, **fields)  # type: ignore[arg-type]


@pytest.fixture
def seed_summary(seed_path: Path) -> ArticleSummary:
    source = SourceFile(seed_path, str(seed_path), "bundled:seed", None)
    return parse_file(source).articles[0].summary()


@pytest.fixture
def others() -> list[ArticleSummary]:
    return [
        _summary(
            "harbour",
            "Harbour Authority Approves Terminal Expansion",
            category="World",
            source="Example Wire",
            published="2024-03-12T09:15:00+00:00",
            tags=("shipping", "ports"),
            mentions=Mentions(people=("Maria Okonkwo",), places=("Port Meridian",)),
            lead="The harbour authority approved the container terminal on Tuesday.",
        ),
        _summary(
            "tomatoes",
            "Ten Things I Learned Growing Tomatoes",
            category="Gardening",
            source="Example Blog",
            published="2023-06-03T00:00:00",
            tags=("gardening", "tomatoes"),
            lead="Last spring I had a narrow balcony and three pots of tomatoes.",
        ),
        _summary(
            "library",
            "Why Our Town Should Keep Its Last Library Open",
            dek="The reading room is more than a building full of books.",
            category="Opinion",
            source="Example Post",
            published="2025-02-02T00:00:00",
            mentions=Mentions(people=("Marcus Webb",)),
            lead="When the council published its budget, the library was on the list.",
        ),
        # "Library" only in the lead: must rank below the article with it in the title.
        _summary(
            "budget",
            "Council Budget Cuts Hit Parks and Pools",
            category="Local",
            source="Example Post",
            published="2025-01-15T00:00:00",
            lead="Parks, pools and the library service all lose money under the plan.",
        ),
        _summary(
            "batteries",
            "What the New Battery Recycling Rules Mean for You",
            category="Technology",
            source="Example Tech Weekly",
            published="2024-10-08T00:00:00",
            tags=("recycling", "batteries"),
            lead="The rules cover everything from watch batteries to electric bikes.",
        ),
        _summary(
            "undated",
            "Ferry Timetable Cut for Winter",
            category="Travel",
            lead="The ferry company will run two crossings a day.",
        ),
    ]


@pytest.fixture
def summaries(seed_summary: ArticleSummary, others: list[ArticleSummary]) -> list[ArticleSummary]:
    return [seed_summary, *others]


@pytest.fixture
def index(summaries: list[ArticleSummary]) -> SearchIndex:
    return SearchIndex(summaries)


@pytest.fixture
def states(seed_summary: ArticleSummary) -> dict[str, ArticleState]:
    return {
        seed_summary.id: ArticleState(read=True, starred=True),
        "harbour": ArticleState(read=True),
        "library": ArticleState(starred=True),
    }


@pytest.fixture
def helped(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every store gets its index from the helper (as one of 5,000 articles and more does);
    the generations the helper was started for."""
    started: list[int] = []
    real_start = PostingsBuild.start

    def start(db: Path, generation: int) -> PostingsBuild:
        started.append(generation)
        return real_start(db, generation)

    monkeypatch.setattr(library_module, "INDEX_HELPER_MIN", 1)
    monkeypatch.setattr(PostingsBuild, "start", staticmethod(start))
    return started
