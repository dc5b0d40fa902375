"""Search: the query language (`query.py`) and the fuzzy index that answers it (`engine.py`)."""

from __future__ import annotations

from tui_news.search.engine import FIELDS, SearchHit, SearchIndex, normalise
from tui_news.search.query import Query, filter_summaries, parse_query

__all__ = [
    "FIELDS",
    "Query",
    "SearchHit",
    "SearchIndex",
    "filter_summaries",
    "normalise",
    "parse_query",
]
