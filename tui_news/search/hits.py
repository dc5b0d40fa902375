"""What a search gives back: a hit names the field that matched best, the spans in it to
highlight and a one-line snippet; `Found` adds how many articles matched in all."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui_news.model import ArticleSummary
from tui_news.search.postings import FIELDS, field_text
from tui_news.search.words import word_spans


@dataclass(frozen=True, slots=True)
class SearchHit:
    id: str
    #: 0–100: how well the query matched (100 = every word exactly, in the title).
    score: float
    #: Which field matched best ("title", "people", "lead", …, or "filter" for filters only).
    field: str
    #: That field's text, and the (start, end) spans in it that matched, for highlighting.
    text: str
    spans: tuple[tuple[int, int], ...]
    #: A one-line extract to show under the title.
    snippet: str


@dataclass(frozen=True, slots=True)
class Found:
    """What a search found: the best hits, best first (they may include articles that match only
    some of the words), and how many articles match every word and filter in all."""

    hits: list[SearchHit]
    total: int


def filter_hit(summary: ArticleSummary) -> SearchHit:
    """The hit for an article that a query of filters alone lets through."""
    return SearchHit(summary.id, 100.0, "filter", summary.title, (), snippet(summary))


def word_hit(
    summary: ArticleSummary,
    score: float,
    field_weight: Mapping[int, float],
    matched: frozenset[str],
) -> SearchHit:
    """The hit for an article the query's words matched: `field_weight` is how much each field
    (by its place in `FIELDS`) matched, `matched` the normalised words that did."""
    field_index = max(field_weight, key=lambda f: (field_weight[f], -f))
    text = field_text(summary, field_index)
    spans = word_spans(text, matched)
    return SearchHit(
        summary.id, round(score, 1), FIELDS[field_index], text, spans, snippet(summary)
    )


def snippet(summary: ArticleSummary, width: int = 160) -> str:
    """The standfirst, or else the lead, on one line of at most `width` characters."""
    text = summary.dek or summary.lead or ""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
