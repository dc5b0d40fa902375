"""Search: the query language (`query.py`, its filter words in `filters.py`) and the fuzzy index
that answers it (`engine.py`, over the word index in `postings.py`).

The engine (numpy, rapidfuzz) is imported on first use, not with this package: the app's
first paint needs only the query language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tui_news.search.query import Query, filter_summaries, parse_query

if TYPE_CHECKING:
    from tui_news.search.engine import FIELDS, Found, SearchHit, SearchIndex, normalise

_ENGINE_NAMES = frozenset({"FIELDS", "Found", "SearchHit", "SearchIndex", "normalise"})


def __getattr__(name: str) -> Any:
    if name in _ENGINE_NAMES:
        from tui_news.search import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FIELDS",
    "Found",
    "Query",
    "SearchHit",
    "SearchIndex",
    "filter_summaries",
    "normalise",
    "parse_query",
]
