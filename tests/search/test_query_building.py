"""Building a query without splicing text: add, toggle, remove and combine filters, and render
a query as text that parses back to it."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tui_news.search import Query, parse_query
from tui_news.search.filters import FILTERS, DateFilter, StateFilter


def test_with_filter_reads_the_value_as_typing_it_would() -> None:
    query = Query("harbour").with_filter("Category", ' "World News" ').with_filter("is", "star")
    assert query == parse_query('harbour category:"world news" is:starred')
    assert Query().with_filter("tag", "  ") == Query()  # empty: nothing to add
    assert Query().with_filter("after", "soon").problems == (
        "after:soon (use a date like 2025-06-19)",
    )
    with pytest.raises(KeyError, match="nosuch"):
        Query().with_filter("nosuch", "x")


def test_a_filter_is_added_once() -> None:
    query = parse_query("tag:ports").with_filter("tag", "PORTS")
    assert query.values("tag") == ("ports",)


def test_toggled_adds_then_removes_and_a_mark_replaces_its_opposite() -> None:
    unread = Query().toggled("is", "unread")
    assert unread == parse_query("is:unread")
    assert unread.toggled("is", "unread") == Query()
    assert parse_query("is:read").toggled("is", "unread") == parse_query("is:unread")
    assert parse_query("is:unread is:starred").toggled("is", "starred") == parse_query("is:unread")


def test_toggling_keeps_phrases_and_quoted_values_whole() -> None:
    query = parse_query('"harbour bridge" category:"world news"').toggled("is", "unread")
    assert query.render() == '"harbour bridge" category:"world news" is:unread'
    assert query.text == "harbour bridge"


def test_without_removes_one_value_or_the_whole_word() -> None:
    query = parse_query("tag:a tag:b person:ana")
    assert query.without("tag", "A") == parse_query("tag:b person:ana")
    assert query.without("tag") == parse_query("person:ana")
    assert query.without("place") == query


def test_combined_narrows_by_the_others_text_and_filters() -> None:
    query = parse_query("harbour category:world is:read")
    assert query.combined(parse_query("is:unread tag:ports")) == parse_query(
        "harbour category:world tag:ports is:unread"
    )
    assert Query().combined(parse_query("bridge")) == parse_query("bridge")


def test_render_is_the_text_as_a_phrase_then_the_filters_in_table_order() -> None:
    query = parse_query('is:unread tag:"fish market" harbour  bridge category:world')
    assert query.render() == '"harbour bridge" category:world tag:"fish market" is:unread'
    assert str(query) == query.render()
    assert parse_query('ab"cd').render() == 'ab"cd'  # a quote in the text: as typed
    assert Query().render() == ""


# --- render and parse agree, for any query ------------------------------------------------------

# Text a phrase can hold: no double quote, something besides spaces.
_TEXT = st.text(st.characters(blacklist_characters='"'), max_size=12).filter(
    lambda t: t == "" or t.strip() != ""
)


def _renderable(value: str) -> bool:
    """A value with a space must be quoted, so it cannot also hold a quote."""
    return not ('"' in value and any(ch.isspace() for ch in value))


_WORD_VALUE = st.text(max_size=12).filter(_renderable)


@st.composite
def _filters(draw: st.DrawFn) -> tuple[str, str]:
    entry = draw(st.sampled_from(FILTERS))
    if isinstance(entry, StateFilter):
        value = draw(st.sampled_from([*entry.marks, *entry.aliases]))
    elif isinstance(entry, DateFilter):
        day = draw(st.dates())
        value = draw(st.sampled_from([day.isoformat(), f"{day.year:04d}", "not a day"]))
    else:
        value = draw(_WORD_VALUE)
    return entry.word, value


@st.composite
def _queries(draw: st.DrawFn) -> Query:
    query = Query(draw(_TEXT))
    for word, value in draw(st.lists(_filters(), max_size=4)):
        query = query.with_filter(word, value)
    return query


@given(_queries())
def test_a_rendered_query_parses_back_to_itself(query: Query) -> None:
    assert parse_query(query.render()) == query


@given(_queries(), _filters())
def test_toggling_a_filter_in_and_out_gives_the_query_back(
    query: Query, pair: tuple[str, str]
) -> None:
    word, value = pair
    toggled = query.toggled(word, value)
    assume(set(query.filters) < set(toggled.filters))  # added, replacing nothing
    assert toggled.toggled(word, value) == query
