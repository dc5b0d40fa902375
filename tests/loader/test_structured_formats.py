"""Markdown with front matter, JSON, JSON Lines, RSS 2.0 and Atom (small invented fixtures)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tui_news.cli import main
from tui_news.loader.files import FileResult, LoadError
from tui_news.model import Article, make_article_id
from tui_news.store.articles import ArticleStore

Parse = Callable[[str], FileResult]


def _blocks(article: Article) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in article.blocks]


# --- Markdown ----------------------------------------------------------------------------------


def test_markdown_front_matter_fields(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/front_matter_glacier.md")
    assert result.warnings == []
    [article] = result.articles
    assert article.title == "Glacier Retreat Speeds Up in the Northern Range"
    assert article.published == "2024-09-18T00:00:00"
    assert article.byline == "Ines Moreau"
    assert article.category == "Environment"
    assert article.tags == ("climate", "glaciers", "mountains")
    assert article.source == "Example Alpine Review"
    assert article.url == "https://example.org/glacier-retreat"
    assert article.dek is None


def test_markdown_body_blocks_without_markup(parse_fixture: Parse) -> None:
    [article] = parse_fixture("formats/front_matter_glacier.md").articles
    assert _blocks(article) == [
        (
            "paragraph",
            "Survey teams measured the Kessel glacier every summer since 1990, and this year "
            "found it had lost more ice than in any season before.",
        ),
        ("heading", "What the measurements show"),
        (
            "paragraph",
            "The front of the glacier moved back 42 metres, nearly twice the average of the "
            "previous decade. See the full survey for the numbers.",
        ),
        ("list_item", "Ice thickness fell by 3 metres at the lower station."),
        ("list_item", "Two meltwater lakes formed where there were none in 2020."),
        ("quote", "The mountain is changing faster than our maps."),
    ]
    assert "---" not in article.body_text
    assert "title:" not in article.body_text


def test_markdown_without_title_in_front_matter_uses_its_heading(
    tmp_path: Path, parse_any: Callable[..., FileResult]
) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntags: ducks, ponds\n---\n# Ducks Return to the Town Pond\n\n"
        "Six pairs of mallards nested on the island this spring, the most in a decade.\n",
        encoding="utf-8",
    )
    [article] = parse_any(path, "notes").articles
    assert article.title == "Ducks Return to the Town Pond"
    assert article.tags == ("ducks", "ponds")
    assert article.category == "notes"  # none of its own: the folder's name
    assert _blocks(article) == [
        (
            "paragraph",
            "Six pairs of mallards nested on the island this spring, the most in a decade.",
        )
    ]


def test_markdown_with_bad_front_matter_is_a_load_error(
    tmp_path: Path, parse_any: Callable[..., FileResult]
) -> None:
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: [unclosed\n---\nBody\n", encoding="utf-8")
    with pytest.raises(LoadError, match="front matter"):
        parse_any(path)


# --- JSON --------------------------------------------------------------------------------------


def test_json_single_object_in_the_article_schema(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/single_article.json")
    [article] = result.articles
    assert article.title == "Night Trains Return to the Coast Line"
    assert article.dek == "A sleeper service will run three nights a week from May."
    assert article.category == "Travel"
    assert article.byline == "Oskar Lind"
    assert article.published == "2025-01-20T07:00:00+00:00"
    assert article.source == "Example Rail News"
    assert article.url == "https://example.org/night-trains"
    assert article.tags == ("rail", "travel")
    # An unknown block kind is left out, the known ones kept in order.
    assert _blocks(article) == [
        (
            "paragraph",
            "The operator confirmed on Monday that sleeper carriages will return to the coast "
            "line after a gap of eleven years.",
        ),
        ("heading", "Timetable"),
        ("list_item", "Departs 22:40 on Fridays, Saturdays and Sundays."),
        ("quote", "We have wanted this back for a decade."),
    ]


def test_json_round_trips_parse_output(
    parse_fixture: Parse, tmp_path: Path, parse_any: Callable[..., FileResult]
) -> None:
    [original] = parse_fixture("formats/single_article.json").articles
    path = tmp_path / "again.json"
    path.write_text(json.dumps(original.to_dict()), encoding="utf-8")
    [again] = parse_any(path).articles
    assert again.id == original.id  # the JSON's own id is kept
    for name in ("title", "dek", "category", "byline", "published", "source", "url", "tags"):
        assert getattr(again, name) == getattr(original, name), name
    assert again.blocks == original.blocks


def test_json_list_of_articles(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/article_list.json")
    first, second = result.articles
    assert first.title == "First Listed Article"
    assert _blocks(first) == [
        ("paragraph", "One paragraph of body text for the first article."),
        ("paragraph", "And a second paragraph."),
    ]
    assert second.title == "Second Listed Article"
    assert second.category == "Local"
    assert _blocks(second) == [("paragraph", "The second article's only paragraph.")]
    assert first.id != second.id


def test_json_articles_wrapper_and_dates(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/wrapped_articles.json")
    assert [a.title for a in result.articles] == ["Wrapped One", "Wrapped Two"]
    assert result.articles[0].published == "2023-03-03T00:00:00"
    # A date that says no year is unknown, not today.
    assert result.articles[1].published is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("42", "not an article object"),
        ('{"body": "text but no title"}', "no title"),
    ],
)
def test_json_unusable_files_say_why(
    tmp_path: Path, parse_any: Callable[..., FileResult], content: str, reason: str
) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=reason):
        parse_any(path)


# --- JSON Lines --------------------------------------------------------------------------------


def test_json_lines_bad_lines_are_warnings_naming_the_line(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/mixed_lines.jsonl")
    assert [a.title for a in result.articles] == [
        "Line One Article",
        "Line Four Article",
        "Line Six Article",
    ]
    assert len(result.warnings) == 2
    assert result.warnings[0].startswith("line 3:")
    assert "not valid JSON" in result.warnings[0]
    assert result.warnings[1].startswith("line 5:")
    # Mentions the object gives are kept as given.
    assert result.articles[1].mentions.people == ("Ada Example",)
    assert result.articles[0].tags == ("a",)


def test_json_lines_bad_line_reported_by_a_store_load(fixtures_dir: Path, tmp_path: Path) -> None:
    store = ArticleStore(tmp_path / "news.json")
    report = store.load([fixtures_dir / "formats" / "mixed_lines.jsonl"])
    assert report.added == 3
    assert report.skipped == []
    assert [w.split(":")[0] for _, w in report.warnings] == ["line 3", "line 5"]
    assert all(origin.endswith("mixed_lines.jsonl") for origin, _ in report.warnings)


def test_json_lines_bad_line_reported_by_cli_parse(
    fixtures_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["parse", str(fixtures_dir / "formats" / "mixed_lines.jsonl"), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [a["title"] for a in data] == [
        "Line One Article",
        "Line Four Article",
        "Line Six Article",
    ]
    assert "line 3" in captured.err and "line 5" in captured.err


# --- feeds -------------------------------------------------------------------------------------


def test_rss_items_are_articles(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/river_feed.rss")
    first, second = result.articles
    assert first.title == "Ferry Service Resumes After Floods"
    assert first.url == "https://example.org/ferry-resumes"
    assert first.published == "2024-03-05T08:30:00+00:00"
    assert first.byline == "Rosa Quint"
    assert first.source == "Example River Gazette"
    assert first.dek == "The ferry is back after two weeks."
    assert "Transport" in first.tags
    assert _blocks(first) == [
        (
            "paragraph",
            "The ferry between the two banks is running again after two weeks of floods.",
        ),
        ("heading", "New timetable"),
        ("paragraph", "Boats leave every twenty minutes."),
        ("quote", "We are glad to be back."),
        ("list_item", "First boat 6:00"),
        ("list_item", "Last boat 22:00"),
    ]
    assert "alert" not in first.body_text  # scripts are not text
    assert second.title == "Market Square Reopens"
    assert second.byline is None
    assert second.published == "2024-03-06T12:00:00+00:00"
    assert _blocks(second) == [
        ("paragraph", "The market square reopened on Wednesday after repairs.")
    ]


def test_rss_ids_are_stable_and_follow_the_guid(parse_fixture: Parse) -> None:
    once = parse_fixture("formats/river_feed.rss").articles
    again = parse_fixture("formats/river_feed.rss").articles
    assert [a.id for a in once] == [a.id for a in again]
    assert once[0].id == make_article_id("feed:river-gazette-1001")
    assert once[0].id != once[1].id


def test_atom_entries_are_articles(parse_fixture: Parse) -> None:
    result = parse_fixture("formats/valley_atom.atom")
    first, second = result.articles
    assert first.title == "School Roof Repaired Before Term"
    assert first.url == "https://example.org/school-roof"
    # `published` is the entry's publication time, not its later update.
    assert first.published == "2024-04-01T09:00:00+00:00"
    assert first.byline == "Theo Brandt"
    assert first.source == "Example Valley Atom"
    assert _blocks(first) == [
        ("paragraph", "Builders finished the school roof a week early."),
        ("caption", "The new roof from the playground."),
    ]
    assert second.title == "Bridge Inspection Scheduled"
    assert second.published == "2024-04-03T08:00:00+00:00"  # only `updated`: that is the date
    assert second.byline == "Mia Roth"
    assert _blocks(second) == [("paragraph", "Engineers will inspect the old bridge in May.")]


def test_feed_with_no_items_is_a_load_error(
    tmp_path: Path, parse_any: Callable[..., FileResult]
) -> None:
    path = tmp_path / "empty.rss"
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Empty</title></channel></rss>',
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="no items"):
        parse_any(path)
