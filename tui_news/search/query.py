"""The query language shared by the search screen, the list's filter and `tui-news search`.

Free words are matched fuzzily; `word:value` filters narrow the results. The filter words and
their rules are the table in `filters.py`. Values with spaces go in quotes
(`category:"world news"`). A word with an unknown field (`foo:bar`) is kept as free text, so
nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property

from tui_news.model import ArticleState, ArticleSummary
from tui_news.search.filters import (
    FILTER_WORDS,
    FILTERS,
    FilterWord,
    Predicate,
    all_of,
    filter_word,
)

_TERM = re.compile(r'(?P<key>[A-Za-z]+):(?P<value>"[^"]*"?|\S*)|"(?P<phrase>[^"]*)"?|(?P<word>\S+)')
_ORDER = {entry.word: place for place, entry in enumerate(FILTERS)}


@dataclass(frozen=True)
class Query:
    """Free text and filters. Build one with `parse_query` or from `Query()` with `with_filter`,
    `toggled` and `without`; `render` gives text that parses back to an equal query."""

    text: str = ""
    #: (word, value) pairs, values as their filter word keeps them (case-folded, a day…): in
    #: the order of `FILTERS`, each word's values in the order that word keeps them.
    filters: tuple[tuple[str, str], ...] = ()
    #: Filter words that could not be used (`after:tomorrow`), to show the user.
    problems: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def groups(self) -> tuple[tuple[FilterWord, tuple[str, ...]], ...]:
        """Each filter word in use, with its values."""
        grouped: dict[str, list[str]] = {}
        for word, value in self.filters:
            grouped.setdefault(word, []).append(value)
        return tuple((FILTER_WORDS[word], tuple(values)) for word, values in grouped.items())

    @property
    def has_filters(self) -> bool:
        return bool(self.filters)

    def values(self, word: str) -> tuple[str, ...]:
        """The values of one filter word (`values("tag")`), as kept."""
        word = word.lower()
        return tuple(v for w, v in self.filters if w == word)

    @cached_property
    def predicate(self) -> Predicate:
        """`matches` as one function, made once per query: the list applies it to every article."""
        return all_of([entry.matcher(values) for entry, values in self.groups])

    def matches(self, summary: ArticleSummary, state: ArticleState) -> bool:
        """Whether the filters (not the free text) let this article through."""
        return self.predicate(summary, state)

    # --- building ---------------------------------------------------------------------------

    def with_filter(self, word: str, value: str) -> Query:
        """This query narrowed by `word:value` (as if typed after it). A value the word cannot
        use goes to `problems`; an empty one changes nothing. KeyError for an unknown word."""
        entry = filter_word(word)
        cleaned = _clean(value)
        if not cleaned:
            return self
        parsed = entry.parse(cleaned)
        if parsed is None:
            return replace(self, problems=(*self.problems, entry.problem(cleaned)))
        return self._with_values(entry.word, entry.add(self.values(entry.word), parsed))

    def without(self, word: str, value: str | None = None) -> Query:
        """This query without the filter `word:value`, or without every `word:` filter."""
        entry = filter_word(word)
        if value is None:
            return self._with_values(entry.word, ())
        parsed = entry.parse(_clean(value))
        return self._with_values(
            entry.word, tuple(v for v in self.values(entry.word) if v != parsed)
        )

    def toggled(self, word: str, value: str) -> Query:
        """Without `word:value` if the query has it, else with it."""
        entry = filter_word(word)
        if entry.parse(_clean(value)) in self.values(entry.word):
            return self.without(word, value)
        return self.with_filter(word, value)

    def combined(self, other: Query) -> Query:
        """This query narrowed by another's words and filters (as if typed after it)."""
        combined = replace(
            self,
            text=" ".join(t for t in (self.text, other.text) if t),
            problems=(*self.problems, *other.problems),
        )
        for word, value in other.filters:
            combined = combined.with_filter(word, value)
        return combined

    def _with_values(self, word: str, values: tuple[str, ...]) -> Query:
        kept = [(w, v) for w, v in self.filters if w != word]
        pairs = sorted([*kept, *((word, v) for v in values)], key=lambda pair: _ORDER[pair[0]])
        return replace(self, filters=tuple(pairs))

    # --- showing ----------------------------------------------------------------------------

    def describe(self) -> str:
        """The filters in the query's own syntax, for showing what is active."""
        return " ".join(f"{word}:{_quote(value)}" for word, value in self.filters)

    def render(self) -> str:
        """The whole query as text that `parse_query` reads back as this query: the free text
        as one quoted phrase (as typed, if it holds a quote), then the filters."""
        text = self.text
        if text and '"' not in text:
            text = f'"{text}"'
        return " ".join(part for part in (text, self.describe()) if part)

    def __str__(self) -> str:
        return self.render()


#: A query longer than this is cut: each word costs the index a lookup and a fuzzy match, and a
#: pasted page of words made a search take gigabytes.
MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 1000


def parse_query(raw: str) -> Query:
    words: list[str] = []
    query = Query()
    problems: list[str] = []
    if len(raw) > MAX_QUERY_CHARS:
        raw = raw[:MAX_QUERY_CHARS]
        problems.append(f"query cut to the first {MAX_QUERY_CHARS:,} characters")
    for number, match in enumerate(_TERM.finditer(raw)):
        if number == MAX_QUERY_WORDS:
            problems.append(f"query cut to the first {MAX_QUERY_WORDS} words")
            break
        key = (match.group("key") or "").lower()
        if key in FILTER_WORDS:
            # An empty value is still being typed: `with_filter` leaves it out.
            query = query.with_filter(key, match.group("value") or "")
        elif match.group("phrase") is not None:
            words.append(match.group("phrase"))
        else:
            words.append(match.group(0))
    return replace(
        query,
        text=" ".join(w for w in words if w.strip()),
        problems=(*query.problems, *problems),
    )


def _clean(value: str) -> str:
    """A value without the quotes and spaces around it."""
    while True:
        cleaned = value.strip().strip('"')
        if cleaned == value:
            return value
        value = cleaned


def _quote(value: str) -> str:
    return f'"{value}"' if any(ch.isspace() for ch in value) else value


def filter_summaries(
    summaries: Iterable[ArticleSummary], states: Mapping[str, ArticleState], query: Query
) -> list[ArticleSummary]:
    default = ArticleState()
    passes = query.predicate
    return [s for s in summaries if passes(s, states.get(s.id, default))]
