"""The filter words of the query language (`category:`, `is:`, `after:` …), one entry each.

`FILTERS` is the one table: an entry says how its value is read and normalised, which articles
it lets through (per article, for `Query.matches`; as an array over a whole index, through the
column it builds), its help line, and whether the filter dialog offers its values. Parsing,
`Query.describe`, the index's filter mask, the filter dialog (`facets.py`) and the help text
all read this table, so a new filter word is one entry here.

numpy is imported by the columns (`columns.py`), not here: the query language is needed for the
app's first paint, the index only after it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

from tui_news.model import ArticleState, ArticleSummary

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from tui_news.search.columns import DayColumn, StateColumn, ValueDocs

    Mask = npt.NDArray[np.bool_]

#: Whether an article, by its summary and its marks, passes a filter.
Predicate = Callable[[ArticleSummary, ArticleState], bool]


@dataclass(frozen=True)
class FilterWord:
    """One `word:value` filter. Subclasses say how values are kept and matched."""

    #: The word before the colon.
    word: str
    #: What the help shows for it: `category:NAME`, or each value (`is:unread is:read`).
    syntax: str
    #: One line: which articles it keeps.
    help: str

    def parse(self, value: str) -> str | None:
        """The value as kept in a `Query` (case-folded…), or None when it cannot be used."""
        return value.casefold()

    def problem(self, value: str) -> str:
        """What to tell the user about a value `parse` refused."""
        return f"{self.word}:{value}"

    def add(self, values: tuple[str, ...], value: str) -> tuple[str, ...]:
        """The values once `value` (parsed) joins them: each value once, in the order given."""
        return values if value in values else (*values, value)

    def matcher(self, values: tuple[str, ...]) -> Predicate:
        """Whether an article (its summary and marks) passes with these values: built once
        per query, as the list applies it to every article before the index is built."""
        raise NotImplementedError

    def column(self, summaries: Sequence[ArticleSummary], positions: Mapping[str, int]) -> Any:
        """What `mask` reads, built once per index: `positions` maps an id to its row."""
        raise NotImplementedError

    def mask(
        self, column: Any, values: tuple[str, ...], states: Mapping[str, ArticleState]
    ) -> Mask:
        """The rows `matcher` lets through, as one array over the index (the same rule)."""
        raise NotImplementedError

    @property
    def column_key(self) -> str:
        """Entries with one key share one column (built by the first of them)."""
        return self.word


@dataclass(frozen=True)
class ValuesFilter(FilterWord):
    """A filter on a field of the summary: one value (`category`) or several (`tags`)."""

    #: Where the field is on an `ArticleSummary`, for `operator.attrgetter` ("mentions.people").
    attribute: str = ""
    #: Whether the field holds a tuple of values rather than one value (or None).
    many: bool = False
    #: Whether the filter dialog offers each value of the field, with its count.
    facet: bool = False

    @cached_property
    def getter(self) -> Callable[[ArticleSummary], Any]:
        """Reads the field as stored: a value or None, or a tuple of them (`many`)."""
        return attrgetter(self.attribute)

    def column(
        self, summaries: Sequence[ArticleSummary], positions: Mapping[str, int]
    ) -> ValueDocs:
        from tui_news.search.columns import ValueDocs

        raw = map(self.getter, summaries)
        if self.many:
            return ValueDocs.build_many(raw, len(summaries))
        return ValueDocs.build_single(raw, len(summaries))


@dataclass(frozen=True)
class ExactFilter(ValuesFilter):
    """Whole values, any case; several of one word keep an article that has any of them."""

    def matcher(self, values: tuple[str, ...]) -> Predicate:
        wanted = frozenset(values)
        get = self.getter
        if self.many:
            return lambda summary, _: any(v and v.casefold() in wanted for v in get(summary))
        return lambda summary, _: (get(summary) or "").casefold() in wanted

    def mask(
        self, column: ValueDocs, values: tuple[str, ...], states: Mapping[str, ArticleState]
    ) -> Mask:
        return column.any_of(values)


@dataclass(frozen=True)
class ContainsFilter(ValuesFilter):
    """Part of a value, any case (`person:witkoff`); several of one word must all be there."""

    def matcher(self, values: tuple[str, ...]) -> Predicate:
        get = self.getter
        if not self.many:
            return lambda summary, _: all(n in (get(summary) or "").casefold() for n in values)

        def holds_each(summary: ArticleSummary, state: ArticleState) -> bool:
            held = [h.casefold() for h in get(summary) if h]
            return all(any(needle in h for h in held) for needle in values)

        return holds_each

    def mask(
        self, column: ValueDocs, values: tuple[str, ...], states: Mapping[str, ArticleState]
    ) -> Mask:
        return column.containing_all(values)


@dataclass(frozen=True)
class StateFilter(FilterWord):
    """The article's marks (`is:unread`): each value names a mark and whether it is wanted."""

    #: value -> (mark, wanted); values of one mark replace each other (`is:read` after `is:unread`).
    marks: Mapping[str, tuple[Literal["read", "starred"], bool]] = field(default_factory=dict)
    #: Other spellings accepted (`is:star`).
    aliases: Mapping[str, str] = field(default_factory=dict)
    #: (label, value) pairs the filter dialog lists first.
    shortcuts: tuple[tuple[str, str], ...] = ()

    def parse(self, value: str) -> str | None:
        flag = value.lower()
        flag = self.aliases.get(flag, flag)
        return flag if flag in self.marks else None

    def problem(self, value: str) -> str:
        named = [f"{self.word}:{v}" for v in self.marks]
        return f"{self.word}:{value} (use {', '.join(named[:-1])} or {named[-1]})"

    def add(self, values: tuple[str, ...], value: str) -> tuple[str, ...]:
        mark = self.marks[value][0]
        kept = [v for v in values if self.marks[v][0] != mark]
        order = list(self.marks)
        return tuple(sorted([*kept, value], key=order.index))

    def matcher(self, values: tuple[str, ...]) -> Predicate:
        return all_of([self._has(*self.marks[v]) for v in values])

    @staticmethod
    def _has(mark: str, wanted: bool) -> Predicate:
        get = attrgetter(mark)
        return lambda _, state: get(state) == wanted

    def column(
        self, summaries: Sequence[ArticleSummary], positions: Mapping[str, int]
    ) -> StateColumn:
        from tui_news.search.columns import StateColumn

        return StateColumn(positions, len(summaries))

    def mask(
        self, column: StateColumn, values: tuple[str, ...], states: Mapping[str, ArticleState]
    ) -> Mask:
        result = column.everything()
        for value in values:
            mark, wanted = self.marks[value]
            marked = column.marked(states, mark)
            result &= marked if wanted else ~marked
        return result


@dataclass(frozen=True)
class DateFilter(FilterWord):
    """A bound on the day published (`after:2025-01-01`, or a year); undated articles never pass.
    One value per word: a later one replaces it."""

    #: Whether the bound keeps later days (`after:`) or earlier ones (`before:`).
    later: bool = True

    def parse(self, value: str) -> str | None:
        return parse_day(value)

    def problem(self, value: str) -> str:
        return f"{self.word}:{value} (use a date like 2025-06-19)"

    def add(self, values: tuple[str, ...], value: str) -> tuple[str, ...]:
        return (value,)

    def matcher(self, values: tuple[str, ...]) -> Predicate:
        return all_of([_after(v) if self.later else _before(v) for v in values])

    @property
    def column_key(self) -> str:
        return "published day"

    def column(
        self, summaries: Sequence[ArticleSummary], positions: Mapping[str, int]
    ) -> DayColumn:
        from tui_news.search.columns import DayColumn

        return DayColumn.build(summaries)

    def mask(
        self, column: DayColumn, values: tuple[str, ...], states: Mapping[str, ArticleState]
    ) -> Mask:
        result = column.dated()
        for value in values:
            result &= column.after(value) if self.later else column.before(value)
        return result


#: Every filter word, in the order `describe`, the help and the filter dialog list them.
FILTERS: tuple[FilterWord, ...] = (
    ExactFilter(
        "category", "category:NAME", "articles in that category", attribute="category", facet=True
    ),
    ExactFilter(
        "source", "source:NAME", "articles from that source", attribute="source", facet=True
    ),
    ExactFilter(
        "tag", "tag:NAME", "articles with that tag", attribute="tags", many=True, facet=True
    ),
    ContainsFilter(
        "person",
        "person:NAME",
        "articles that mention a person with NAME in their name",
        attribute="mentions.people",
        many=True,
        facet=True,
    ),
    ContainsFilter(
        "place",
        "place:NAME",
        "articles that mention a place with NAME in its name",
        attribute="mentions.places",
        many=True,
        facet=True,
    ),
    ContainsFilter(
        "author", "author:NAME", "articles with NAME in their byline", attribute="byline"
    ),
    StateFilter(
        "is",
        "is:unread is:read is:starred",
        "articles not yet read, already read, or starred",
        marks={"unread": ("read", False), "read": ("read", True), "starred": ("starred", True)},
        aliases={"star": "starred"},
        shortcuts=(("Only unread", "unread"), ("Only starred", "starred")),
    ),
    DateFilter("after", "after:2025-01-01", "articles published after that day", later=True),
    DateFilter("before", "before:2025-12-31", "articles published before that day", later=False),
)

#: Each filter word's entry, by its word.
FILTER_WORDS: Mapping[str, FilterWord] = {f.word: f for f in FILTERS}


def all_of(predicates: Sequence[Predicate]) -> Predicate:
    """One predicate that passes when each of `predicates` does (checked in order, lazily)."""
    if not predicates:
        return lambda summary, state: True
    combined = predicates[0]
    for then in predicates[1:]:
        combined = _both(combined, then)
    return combined


def _after(day: str) -> Predicate:
    # An undated article's day is "": before every day, so never after one.
    return lambda summary, _: (summary.published or "")[:10] > day


def _before(day: str) -> Predicate:
    return lambda summary, _: "" != (summary.published or "")[:10] < day


def _both(first: Predicate, then: Predicate) -> Predicate:
    return lambda summary, state: first(summary, state) and then(summary, state)


def filter_word(word: str) -> FilterWord:
    """The entry for `word` (any case); KeyError names an unknown word."""
    try:
        return FILTER_WORDS[word.lower()]
    except KeyError:
        raise KeyError(f"no filter word {word!r}") from None


def parse_day(value: str) -> str | None:
    """`2025-06-19` (or a longer timestamp) as that day, a year as its first day, else None."""
    try:
        if len(value) >= 10:
            return date.fromisoformat(value[:10]).isoformat()
        if value.isdigit() and len(value) == 4:
            return date(int(value), 1, 1).isoformat()
    except ValueError:
        pass
    return None


# --- help -------------------------------------------------------------------------------------


def filter_syntax() -> str:
    """Every filter word as the help writes it: `category:NAME … before:2025-12-31`."""
    return " ".join(entry.syntax for entry in FILTERS)


def query_help() -> str:
    """The query language in a paragraph, for the help screen."""
    return (
        f"Search: words are fuzzy (typos are fine). Filters: {filter_syntax()}. "
        'Quote values with spaces: category:"world news".'
    )


def filter_help_lines() -> list[tuple[str, str]]:
    """(syntax, what it keeps) per filter word, for a table in the README or `--help`."""
    return [(entry.syntax, entry.help) for entry in FILTERS]
