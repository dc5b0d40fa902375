"""What the filter dialog offers: each facet word's values with their counts, and the dialog's
lines (the filter words' shortcuts, "clear", then the facets' values), all from `FILTERS`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import chain
from operator import attrgetter
from typing import Any, NamedTuple

from tui_news.model import ArticleSummary
from tui_news.search.filters import FILTERS, StateFilter, ValuesFilter
from tui_news.search.query import Query


def facet_counts(summaries: Sequence[ArticleSummary]) -> dict[str, Counter[str]]:
    """For each facet word, how many articles hold each value (as written, not case-folded).
    Counted by C loops (`Counter` over `map`): the dialog waits on this for every summary."""
    facets: dict[str, Counter[str]] = {}
    for entry in FILTERS:
        if not (isinstance(entry, ValuesFilter) and entry.facet):
            continue
        read: Callable[[ArticleSummary], Any] = attrgetter(entry.attribute)
        values: Iterable[Any] = map(read, summaries)
        counter: Counter[str] = Counter(chain.from_iterable(values) if entry.many else values)
        counter.pop(None, None)  # type: ignore[call-overload]
        counter.pop("", None)
        facets[entry.word] = counter
    return facets


class FilterChoice(NamedTuple):
    """One line of the filter dialog: what it shows, and the filter it adds (in query syntax,
    `""` for "clear every filter")."""

    label: str
    text: str


def filter_choices(
    facets: Mapping[str, Counter[str]], *, per_facet: int = 500
) -> list[FilterChoice]:
    """The filter dialog's lines: each word's shortcuts, "clear", then each facet's most
    common values with their counts."""
    choices: list[FilterChoice] = []
    for entry in FILTERS:
        if isinstance(entry, StateFilter):
            for label, value in entry.shortcuts:
                choices.append(FilterChoice(label, Query().with_filter(entry.word, value).render()))
    choices.append(FilterChoice("Clear every filter", ""))
    for word, counter in facets.items():
        for value, count in counter.most_common(per_facet):
            text = Query().with_filter(word, value).render()
            choices.append(FilterChoice(f"{word}: {value} ({count:,})", text))
    return choices
