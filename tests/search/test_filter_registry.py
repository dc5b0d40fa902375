"""The filter-word table drives every path: the index's mask agrees with `Query.matches` for every
entry, facets and the dialog's choices come from it, and so does the help."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np
import pytest

from tui_news.model import ArticleState, ArticleSummary, Mentions
from tui_news.search import SearchIndex, parse_query
from tui_news.search.facets import FilterChoice, facet_counts, filter_choices
from tui_news.search.filters import (
    FILTERS,
    ValuesFilter,
    filter_help_lines,
    filter_syntax,
    query_help,
)
from tui_news.search.query import Query


@pytest.fixture
def varied(summaries: list[ArticleSummary]) -> list[ArticleSummary]:
    """The corpus plus articles with odd fields: cases, accents, blanks, several bylines."""
    return [
        *summaries,
        ArticleSummary(
            id="odd-1",
            title="Café Owners Meet",
            category="WORLD",
            source="example wire",
            byline="By Ana Lúcia Ferreira",
            published="2024-06-01",
            tags=("Shipping", ""),
            mentions=Mentions(people=("Ana Lúcia Ferreira", "José Okonkwo"), places=("Porto",)),
        ),
        ArticleSummary(
            id="odd-2",
            title="Nothing but a title",
            category="",
            byline="",
            published="2024",
        ),
        ArticleSummary(
            id="odd-3",
            title="Late edition",
            category="World News",
            source="Example Post",
            byline="Marcus Webb and Maria Okonkwo",
            published="2025-12-31T23:59:00",
            tags=("ports",),
            mentions=Mentions(places=("Port Meridian", "Meridian Bay")),
        ),
    ]


@pytest.fixture
def varied_states(varied: list[ArticleSummary]) -> dict[str, ArticleState]:
    return {s.id: ArticleState(read=i % 2 == 0, starred=i % 3 == 0) for i, s in enumerate(varied)}


def _candidates(summaries: list[ArticleSummary]) -> list[str]:
    """Values to try with every filter word: each string the summaries hold, its words and
    their starts, days and years, every mark's name, and values that match nothing."""
    found: set[str] = {"unread", "read", "starred", "star", "maybe", "zzz", "2024", "2030-01-01"}
    for s in summaries:
        texts = [
            s.category,
            s.source,
            s.byline,
            s.published,
            *s.tags,
            *s.mentions.people,
            *s.mentions.places,
        ]
        for text in filter(None, texts):
            found.add(text)
            found.add(text[:10])
            for word in re.findall(r"\w+", text):
                found.update({word, word[:3]})
    return sorted(found)


def _ids(index: SearchIndex, mask: np.ndarray) -> set[str]:  # type: ignore[type-arg]
    return {index.summaries[i].id for i in np.nonzero(mask)[0]}


@pytest.mark.parametrize("entry", FILTERS, ids=lambda e: e.word)
def test_the_index_mask_agrees_with_matches_for_every_filter_word(
    entry: object,
    varied: list[ArticleSummary],
    varied_states: dict[str, ArticleState],
) -> None:
    word = entry.word  # type: ignore[attr-defined]
    index = SearchIndex(varied)
    default = ArticleState()
    usable = []
    for value in _candidates(varied):
        query = Query().with_filter(word, value)
        if query.has_filters:
            usable.append(value)
    narrowing = 0
    # One value, then pairs of values (several of one word), each with and without marks.
    for values in [*((v,) for v in usable), *itertools.combinations(usable[:12], 2)]:
        query = Query()
        for value in values:
            query = query.with_filter(word, value)
        for states in (varied_states, {}):
            mask = index.filter_mask(query, states)
            assert mask is not None
            want = {s.id for s in varied if query.matches(s, states.get(s.id, default))}
            assert _ids(index, mask) == want, (query.render(), bool(states))
            narrowing += 0 < len(want) < len(varied)
    assert narrowing, f"no value of {word}: keeps some articles and not others"


def test_filter_words_together_agree_too(
    varied: list[ArticleSummary], varied_states: dict[str, ArticleState]
) -> None:
    index = SearchIndex(varied)
    for raw in (
        "category:world is:unread",
        'person:okonkwo place:"port meridian" after:2024-01-01',
        "tag:ports is:starred is:read before:2026",
        "source:example post",  # "post" is free text: no source is just "example"
    ):
        query = parse_query(raw)
        mask = index.filter_mask(query, varied_states)
        assert mask is not None
        want = {s.id for s in varied if query.matches(s, varied_states.get(s.id, ArticleState()))}
        assert _ids(index, mask) == want, raw


def test_every_filter_word_parses_and_describes_itself() -> None:
    for entry in FILTERS:
        sample = entry.syntax.split()[0].split(":", 1)[1]
        value = "somebody" if sample == "NAME" else sample
        query = parse_query(f"{entry.word}:{value} words")
        assert query.has_filters and query.text == "words", entry.word
        assert query.describe().startswith(f"{entry.word}:"), entry.word
        assert parse_query(query.render()) == query


def test_facets_count_each_facet_words_values_as_written(varied: list[ArticleSummary]) -> None:
    facets = facet_counts(varied)
    assert list(facets) == [e.word for e in FILTERS if isinstance(e, ValuesFilter) and e.facet]
    assert facets["category"]["WORLD"] == 1 and facets["category"]["World"] == 1
    assert "" not in facets["category"] and "" not in facets["tag"]
    assert facets["person"]["Maria Okonkwo"] == 1
    assert facets["place"]["Port Meridian"] == 2


def test_the_dialog_offers_shortcuts_clear_then_each_facets_values() -> None:
    facets = {"category": Counter({"World News": 3, "Sport": 5}), "person": Counter({"Ana": 1})}
    choices = filter_choices(facets)
    assert choices[:3] == [
        FilterChoice("Only unread", "is:unread"),
        FilterChoice("Only starred", "is:starred"),
        FilterChoice("Clear every filter", ""),
    ]
    assert choices[3:] == [
        FilterChoice("category: Sport (5)", "category:sport"),
        FilterChoice("category: World News (3)", 'category:"world news"'),
        FilterChoice("person: Ana (1)", "person:ana"),
    ]
    # What a choice adds is one filter of that value.
    assert parse_query(choices[4].text).values("category") == ("world news",)


def test_the_help_names_every_filter_word() -> None:
    syntax = filter_syntax()
    for entry in FILTERS:
        assert f"{entry.word}:" in syntax
    assert syntax in query_help()
    assert [word for word, _ in filter_help_lines()] == [e.syntax for e in FILTERS]


def test_bad_values_name_what_would_work() -> None:
    query = parse_query("is:maybe after:soon")
    assert query.problems == (
        "is:maybe (use is:unread, is:read or is:starred)",
        "after:soon (use a date like 2025-06-19)",
    )
    assert not query.has_filters


def test_a_later_mark_or_date_replaces_the_earlier_one() -> None:
    assert parse_query("is:unread is:read").values("is") == ("read",)
    assert parse_query("is:starred is:unread").values("is") == ("unread", "starred")
    assert parse_query("is:star") == parse_query("is:starred")
    assert parse_query("after:2024 after:2025-03-01").values("after") == ("2025-03-01",)
