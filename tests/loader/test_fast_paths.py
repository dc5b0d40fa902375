"""The loader's fast paths give what the general code gives, on any text (Hypothesis)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui_news.loader import scraped

ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=200)
any_text = st.text(max_size=200)


@settings(max_examples=500, deadline=None)
@given(ascii_text | any_text)
def test_norm_is_casefolded_words_one_space_apart(text: str) -> None:
    scraped._norm.cache_clear()
    assert scraped._norm(text) == re.sub(r"\W+", " ", text.casefold()).strip()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab c.\n", max_size=60), max_size=6), st.text("ab c", max_size=60))
def test_seen_paragraphs_find_a_part_of_one_earlier_paragraph(
    earlier: list[str], text: str
) -> None:
    seen = scraped._SeenParagraphs()
    norms = [scraped._norm(e) for e in earlier]
    for norm in norms:
        seen.append(norm)
    norm = scraped._norm(text) or "a"  # never asked about nothing
    assert seen.holds(norm) == any(norm in e for e in norms)
