"""The article model: the one JSON shape that the loader, the store, the CLI and tests share.

`article` holds `Article` and `ArticleSummary`, `state` what the user did with each, `sorting`
the orders a list can be shown in, `words` counting words. Every name is importable from here.
"""

from __future__ import annotations

from tui_news.model.article import (
    BLOCK_KINDS,
    WORDS_PER_MINUTE,
    Article,
    ArticleSummary,
    Block,
    BlockKind,
    Mentions,
    count_words,
    make_article_id,
    reading_minutes,
)
from tui_news.model.sorting import (
    DEFAULT_SORT,
    SORT_ORDERS,
    SORTS,
    SortOrder,
    sort_order,
    sort_positions,
    sort_summaries,
)
from tui_news.model.state import ArticleState, States, flagged
from tui_news.model.words import beyond_ascii, count_split_words, counted

__all__ = [
    "BLOCK_KINDS",
    "DEFAULT_SORT",
    "SORTS",
    "SORT_ORDERS",
    "WORDS_PER_MINUTE",
    "Article",
    "ArticleState",
    "ArticleSummary",
    "Block",
    "BlockKind",
    "Mentions",
    "SortOrder",
    "States",
    "beyond_ascii",
    "count_split_words",
    "count_words",
    "counted",
    "flagged",
    "make_article_id",
    "reading_minutes",
    "sort_order",
    "sort_positions",
    "sort_summaries",
]
