"""`author:` (one entry in the filter table) works in every path: parsing, describe, the index's
mask, the per-article rule, search, and the help."""

from __future__ import annotations

import numpy as np
import pytest

from tui_news.model import ArticleState, ArticleSummary
from tui_news.search import SearchIndex, parse_query
from tui_news.search.filters import query_help


@pytest.fixture
def bylined() -> list[ArticleSummary]:
    return [
        ArticleSummary(id="a", title="Harbour opens", byline="By Maria Okonkwo"),
        ArticleSummary(id="b", title="Harbour closes", byline="Marcus Webb and Maria Okonkwo"),
        ArticleSummary(id="c", title="Harbour sold", byline="Staff"),
        ArticleSummary(id="d", title="Harbour news"),
    ]


def test_author_parses_folded_and_describes_itself() -> None:
    query = parse_query('harbour author:"Maria Ok"')
    assert query.text == "harbour"
    assert query.values("author") == ("maria ok",)
    assert query.describe() == 'author:"maria ok"'
    assert parse_query(query.render()) == query


@pytest.mark.parametrize(
    ("raw", "want"),
    [
        ("author:okonkwo", {"a", "b"}),  # part of the byline, any case
        ("author:webb", {"b"}),
        ("author:maria author:webb", {"b"}),  # several: each must be in the byline
        ("author:staff", {"c"}),
        ("author:nobody", set()),
    ],
)
def test_author_keeps_articles_with_the_name_in_their_byline(
    bylined: list[ArticleSummary], raw: str, want: set[str]
) -> None:
    query = parse_query(raw)
    index = SearchIndex(bylined)
    mask = index.filter_mask(query, {})
    assert mask is not None
    assert {bylined[i].id for i in np.nonzero(mask)[0]} == want
    assert {s.id for s in bylined if query.matches(s, ArticleState())} == want
    assert {h.id for h in index.search(f"harbour {raw}")} == want


def test_author_is_in_the_help() -> None:
    assert "author:NAME" in query_help()
