"""Fuzzy search: typo tolerance, ranking, hit fields and spans, and every query filter."""

from __future__ import annotations

import numpy as np
import pytest

from tui_news.model import ArticleState, ArticleSummary
from tui_news.search import SearchIndex, parse_query


def _ids(hits: list) -> list[str]:  # type: ignore[type-arg]
    return [h.id for h in hits]


def test_misspelt_names_find_the_seed_first(
    index: SearchIndex, seed_summary: ArticleSummary
) -> None:
    hits = index.search("araghchi witkof")
    assert hits and hits[0].id == seed_summary.id
    top = hits[0]
    assert top.field == "people"
    assert 0 < top.score <= 100
    assert sorted(top.text[a:b] for a, b in top.spans) == ["Araghchi", "Witkoff"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("witkof", "Witkoff"),
        ("araghci", "Araghchi"),
        ("khamenie", "Khamenei"),
        ("backchanel diplomcy", "Backchannel"),
        ("Diplomacy", "Diplomacy"),
        ("DIPLOMACY", "Diplomacy"),
    ],
)
def test_typos_and_case_still_find_the_word(
    index: SearchIndex, seed_summary: ArticleSummary, query: str, word: str
) -> None:
    hits = index.search(query)
    assert hits[0].id == seed_summary.id
    assert word in [hits[0].text[a:b] for a, b in hits[0].spans]


def test_prefix_of_the_word_being_typed(index: SearchIndex) -> None:
    hits = index.search("tomat")
    assert hits[0].id == "tomatoes"
    assert hits[0].field == "title"
    assert [hits[0].text[a:b] for a, b in hits[0].spans] == ["Tomatoes"]


def test_spans_point_at_the_matched_words_of_the_field(index: SearchIndex) -> None:
    [hit] = [h for h in index.search("library open") if h.id == "library"]
    assert hit.field == "title"
    assert hit.text == "Why Our Town Should Keep Its Last Library Open"
    assert [hit.text[a:b] for a, b in hit.spans] == ["Library", "Open"]
    assert hit.snippet == "The reading room is more than a building full of books."


def test_title_match_ranks_above_a_lead_only_match(index: SearchIndex) -> None:
    hits = index.search("library")
    order = _ids(hits)
    assert order.index("library") < order.index("budget")
    scores = {h.id: h.score for h in hits}
    assert scores["library"] > scores["budget"]
    budget = next(h for h in hits if h.id == "budget")
    assert budget.field == "lead"
    assert "library" in [budget.text[a:b] for a, b in budget.spans]


def test_all_words_beat_some_words(index: SearchIndex) -> None:
    hits = index.search("battery recycling")
    assert hits[0].id == "batteries"
    assert all(h.score < hits[0].score for h in hits[1:])


def test_nothing_matches_nonsense(index: SearchIndex) -> None:
    assert index.search("zzqxj wqpvk") == []
    assert index.search("") == []


def test_limit(index: SearchIndex) -> None:
    assert len(index.search("the", limit=2)) <= 2


# --- filters -----------------------------------------------------------------------------------


def test_category_filter_alone_and_with_words(index: SearchIndex) -> None:
    assert _ids(index.search("category:opinion")) == ["library"]
    assert _ids(index.search("category:Opinion library")) == ["library"]
    assert index.search("category:opinion tomatoes") == []
    hit = index.search("category:opinion")[0]
    assert hit.field == "filter"


def test_category_with_spaces_in_quotes(others: list[ArticleSummary]) -> None:
    from dataclasses import replace

    world = replace(others[0], category="World News")
    index = SearchIndex([world, *others[1:]])
    assert _ids(index.search('category:"world news"')) == ["harbour"]


def test_source_filter(index: SearchIndex) -> None:
    assert sorted(_ids(index.search('source:"example post"'))) == ["budget", "library"]
    assert _ids(index.search('source:"Example Wire"')) == ["harbour"]
    # Unquoted, only the first word is the value: no source is called just "example".
    assert index.search("source:example") == []


def test_tag_filter(index: SearchIndex) -> None:
    assert _ids(index.search("tag:shipping")) == ["harbour"]
    assert _ids(index.search("tag:Batteries")) == ["batteries"]
    assert index.search("tag:ship") == []  # tags match whole


def test_person_filter(index: SearchIndex, seed_summary: ArticleSummary) -> None:
    assert _ids(index.search("person:witkoff")) == [seed_summary.id]
    assert _ids(index.search("person:okonkwo")) == ["harbour"]
    assert index.search("person:nobody") == []


def test_unread_and_starred_use_the_state_mapping(
    index: SearchIndex, states: dict[str, ArticleState], seed_summary: ArticleSummary
) -> None:
    unread = set(_ids(index.search("is:unread", states)))
    assert unread == {"tomatoes", "library", "budget", "batteries", "undated"}
    assert set(_ids(index.search("is:starred", states))) == {seed_summary.id, "library"}
    assert _ids(index.search("is:starred is:unread", states)) == ["library"]
    # Without a state mapping nothing is read or starred.
    assert index.search("is:starred") == []
    assert len(index.search("is:unread")) == 7


def test_after_and_before(index: SearchIndex) -> None:
    assert set(_ids(index.search("after:2024-06-01"))) == {"library", "budget", "batteries"}
    assert set(_ids(index.search("before:2024-01-01"))) == {"tomatoes"}
    assert _ids(index.search("after:2024-01-01 before:2024-12-31")) == ["batteries", "harbour"]
    # Undated articles and the undated seed never pass a date filter.
    assert "undated" not in _ids(index.search("before:2030-01-01"))


def test_filter_only_results_newest_first(index: SearchIndex) -> None:
    assert _ids(index.search('source:"example post"')) == ["library", "budget"]


def test_bad_filter_values_are_reported_not_applied() -> None:
    query = parse_query("after:tomorrow is:maybe witkoff")
    assert query.values("after") == ()
    assert query.text == "witkoff"
    assert len(query.problems) == 2
    assert any("after:tomorrow" in p for p in query.problems)


def test_unknown_field_is_kept_as_text() -> None:
    query = parse_query("foo:bar category:news")
    assert query.text == "foo:bar"
    assert query.values("category") == ("news",)


def test_parse_query_collects_every_filter() -> None:
    query = parse_query(
        'category:World source:"Example Wire" tag:ports person:okonkwo is:unread is:starred '
        "after:2024-01-01 before:2025-01-01 harbour"
    )
    assert query.text == "harbour"
    assert query.values("category") == ("world",)
    assert query.values("source") == ("example wire",)
    assert query.values("tag") == ("ports",)
    assert query.values("person") == ("okonkwo",)
    assert query.values("is") == ("unread", "starred")
    assert (query.values("after"), query.values("before")) == (("2024-01-01",), ("2025-01-01",))


def test_equal_scores_come_newest_first() -> None:
    """A typo as close to many titles as to each other ranks them as a news reader would."""
    dates = ["2024-05-01", "2026-01-15", None, "2025-09-30"]
    summaries = [
        ArticleSummary(id=f"a{i}", title=f"Ferry {letter} sails", published=published)
        for i, (letter, published) in enumerate(zip("DCBA", dates, strict=True))
    ]
    hits = SearchIndex(summaries).search("fery")
    assert len({h.score for h in hits}) == 1, "the four titles match the typo equally"
    assert _ids(hits) == ["a1", "a3", "a0", "a2"]  # 2026, 2025, 2024, then the undated one


# --- how many match ----------------------------------------------------------------------------


def _matched(
    index: SearchIndex, query: str, states: dict[str, ArticleState] | None = None
) -> set[str]:
    mask = index.matches(query, states)
    assert mask is not None
    return {index.summaries[i].id for i in np.nonzero(mask)[0]}


def test_find_counts_every_match_beyond_the_hits_it_gives(index: SearchIndex) -> None:
    found = index.find("the", limit=2)
    assert len(found.hits) == 2
    assert found.hits == index.search("the", limit=2)
    matched = _matched(index, "the")
    assert found.total == len(matched) > 2
    assert {h.id for h in found.hits} <= matched


def test_a_match_has_every_word_though_the_ranking_shows_some_word_ones_after_it(
    index: SearchIndex,
) -> None:
    found = index.find("library parks")
    # "budget" has both words (its lead, its title), "library" only one: both are shown, the
    # one with every word first, and only that one counts as a match.
    assert [h.id for h in found.hits][:2] == ["budget", "library"]
    assert found.total == 1
    assert _matched(index, "library parks") == {"budget"}
    # Words match fuzzily in a match too.
    assert _matched(index, "libary parcs") == {"budget"}
    some = index.find("tomatoes zzqxj")
    assert [h.id for h in some.hits] == ["tomatoes"]
    assert some.total == 0
    assert _matched(index, "tomatoes zzqxj") == set()


def test_matches_applies_the_filters_and_states(
    index: SearchIndex, states: dict[str, ArticleState], seed_summary: ArticleSummary
) -> None:
    assert _matched(index, "category:opinion") == {"library"}
    assert index.find("category:opinion").total == 1
    assert _matched(index, "library is:starred", states) == {"library"}
    assert "library" not in _matched(index, "library is:read", states)
    unread = _matched(index, "is:unread", states)
    assert unread == {s.id for s in index.summaries} - {"harbour", seed_summary.id}
    assert index.find("is:unread", states, limit=1).total == len(unread)
    assert index.matches("") is None
    assert index.find("").total == 0


def test_title_highlights_are_the_words_the_ranking_matched() -> None:
    index = SearchIndex([ArticleSummary(id="h", title="Harbour bridge reopens")])

    def highlighted(query: str) -> list[str]:
        [hit] = index.search(query)
        title = index.summaries[0].title
        return [title[a:b] for a, b in index.title_spans(hit, query)]

    # A start of a word completes only as the word being typed (the last), as in the ranking.
    assert highlighted("bridge harb") == ["Harbour", "bridge"]
    assert highlighted("harb bridge") == ["bridge"]
    assert highlighted("harbuor brige") == ["Harbour", "bridge"]  # typos
