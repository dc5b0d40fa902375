"""Small parser and cleaner rules found by the benchmark and the hostile-input review."""

from __future__ import annotations

from pathlib import Path

from tui_news.loader.scraped import parse_scraped_text
from tui_news.loader.text import clean_text


def test_removed_escape_sequence_leaves_one_space_not_two() -> None:
    assert clean_text("Breaking \x1b[2J news") == "Breaking news"
    assert clean_text("a \x1b]0;title\x07\x1b[31m b") == "a b"
    assert clean_text("glued\x1b[Ktogether") == "gluedtogether"


def test_double_spaces_of_the_text_itself_are_kept() -> None:
    assert clean_text("Two  spaces stay\x1b[0m.") == "Two  spaces stay."


def test_headline_starting_with_author_is_not_a_byline() -> None:
    page = parse_scraped_text(
        "Author Jane Smith wins the village prize\n\n"
        "The author of three novels won the prize on Sunday, the judges said in a statement.\n\n"
        "A second paragraph follows, so that the page is more than a brief."
    )
    assert page.title == "Author Jane Smith wins the village prize"
    assert page.byline is None


def test_author_label_with_colon_is_a_byline() -> None:
    page = parse_scraped_text(
        "Headline of the day here\n\nAuthor: Jane Smith\n\n"
        "The author of three novels won the prize on Sunday, the judges said."
    )
    assert page.byline == "Jane Smith"


def test_a_folder_typed_two_ways_is_one_source(tmp_path: Path) -> None:
    from tui_news.store import ArticleStore

    news = tmp_path / "news"
    news.mkdir()
    (news / "story.txt").write_text(
        "A quiet harbour town reopens its bridge\n\nThe bridge reopened on Monday after a year of repairs, "
        "the council said.\n\nTraffic was light on the first morning.",
        encoding="utf-8",
    )
    (tmp_path / "elsewhere").mkdir()
    store = ArticleStore(tmp_path / "db" / "news.json")
    first = store.load([news])
    again = store.load([tmp_path / "elsewhere" / ".." / "news"])
    assert (first.added, again.added, again.unchanged, again.files_parsed) == (1, 0, 1, 0)
    assert [s.origin for s in store.summaries()] == [str(news / "story.txt")]
