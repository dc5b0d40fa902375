"""Article text, URLs, paths and config values never act as Textual markup on screen.

Each path that puts data on screen is fed a closing tag that matches nothing (`[/x]`, which
crashes a markup parser) and an action link (`[@click=app.screenshot(…)]CLICKME[/]`, which
would write a file when clicked). Every test checks that the app did not crash, that the text is
shown as typed, that no cell of the screen carries an action (the style under a cell is what a
click dispatches on) and that clicking what would be the link writes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget

from tui_news.config import load_config
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens.dialogs import FilterScreen, StoreProblemScreen, TooSmallScreen
from tui_news.ui.screens.help import HelpScreen
from tui_news.ui.screens.reader import ReaderScreen
from tui_news.ui.widgets.article_body import ArticleBody
from tui_news.ui.widgets.article_list import ArticleList
from tui_news.ui.widgets.search_results import SearchResults

from .conftest import AppFactory, ready, search_for, settle

BROKEN = "[/x]"
#: The screenshot lands in `pwn/` under the working directory (each test's own tmp_path).
LINK = "[@click=app.screenshot('pwn.svg','pwn')]CLICKME[/]"
SIZE = (120, 40)


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def hostile_article(url: str | None = "https://example.com/[/x]") -> dict[str, object]:
    return {
        "id": "hostile-1",
        "title": f"Title {BROKEN} {LINK}",
        "byline": f"By {BROKEN} {LINK}",
        "source": f"Source {BROKEN}",
        "category": "[b]x[/b]",
        "url": url,
        "published": "2025-06-30T08:00:00+00:00",
        "blocks": [
            {"kind": "heading", "text": f"Heading {BROKEN} {LINK}"},
            {"kind": "paragraph", "text": f"Body {BROKEN} and {LINK} end."},
        ],
    }


def build_hostile_store(root: Path, url: str | None = "https://example.com/[/x]") -> Path:
    from tui_news.store import ArticleStore

    folder = root / "input"
    folder.mkdir(parents=True)
    (folder / "hostile.json").write_text(json.dumps([hostile_article(url)]), encoding="utf-8")
    db = root / "news.json"
    ArticleStore(db).load([folder], remember_roots=False)
    return db


def drawn(widget: Widget) -> str:
    """The text `widget` draws at its size, lines joined without breaks (for wrapped text)."""
    size = widget.outer_size
    strips = widget.render_lines(size.region) if size.area else []
    return "".join("".join(segment.text for segment in strip).strip() for strip in strips)


def notices(app: TuiNewsApp) -> list[Content]:
    """What each notice on screen shows."""
    return [toast.render() for toast in app.screen.query("Toast")]


def notice_text(app: TuiNewsApp) -> list[str]:
    return [content.plain for content in notices(app)]


async def assert_inert(pilot: Pilot[Any], tmp_path: Path) -> None:
    """No cell of the screen carries an action; clicking where one would be writes nothing."""
    app = pilot.app
    width, height = app.size
    actions = [
        (x, y, style.meta["@click"])
        for y in range(height)
        for x in range(width)
        if "@click" in (style := app.screen.get_style_at(x, y)).meta
    ]
    for x, y, _ in actions[:3]:
        await pilot.click(offset=(x, y))
        await pilot.pause()
    await app.workers.wait_for_complete()
    assert not (tmp_path / "pwn").exists(), "a click on shown text ran an action"
    assert actions == []
    for content in notices(app):
        assert all("@click" not in str(span.style) for span in content.spans), content


def squash(text: str) -> str:
    return "".join(text.split())


# --- notices ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["https://example.com/[/x]", f"https://example.com/{LINK}"])
async def test_opening_notice_shows_the_link_as_typed(
    url: str, tmp_path: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store", url))
    opened: list[str] = []
    monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [url]
        assert f"Opening {url}" in notice_text(app)
        await assert_inert(pilot, tmp_path)


async def test_copied_notice_names_no_data_as_markup(
    tmp_path: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store", f"https://example.com/{LINK}"))
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert copied == [f"https://example.com/{LINK}"]
        assert "Copied the link." in notice_text(app)
        await assert_inert(pilot, tmp_path)


async def test_built_store_notice_names_a_markup_path_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    db = tmp_path / BROKEN / LINK / "news.json"
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        assert any(f"Built a new store at {db} " in text for text in notice_text(app))
        await assert_inert(pilot, tmp_path)


async def test_reload_notice_and_failure_show_data_as_typed(
    tmp_path: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui_news.library import Library
    from tui_news.store import StoreError

    app = make_app(build_hostile_store(tmp_path / "store"))

    def fail(_library: Library) -> None:
        raise StoreError(tmp_path, f"cannot read {tmp_path / BROKEN / LINK}")

    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        monkeypatch.setattr(Library, "reload", fail)
        await pilot.press("r")
        await settle(pilot)
        assert f"cannot read {tmp_path / BROKEN / LINK}" in notice_text(app)[-1]
        await assert_inert(pilot, tmp_path)


async def test_save_problem_notice_shows_the_path_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store"))
    problem = f"could not save your marks to {tmp_path / BROKEN / LINK}"
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        assert app.library is not None
        app.library.save_problems.append(problem)
        app.report_save_problems()
        await settle(pilot)
        assert f"Not saved\n{problem}" in notice_text(app)
        await assert_inert(pilot, tmp_path)


# --- config -----------------------------------------------------------------------------------


async def test_config_values_and_key_names_are_shown_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    folder = tmp_path / BROKEN / LINK
    folder.mkdir(parents=True)
    path = folder / "config.toml"
    path.write_text(
        f"sort = {json.dumps(BROKEN)}\ntheme = {json.dumps(LINK)}\n"
        f"{json.dumps(LINK)} = 1\n[keys]\n{json.dumps(BROKEN)} = 5\n",
        encoding="utf-8",
    )
    config = load_config(path)
    assert len(config.problems) == 3
    app = make_app(build_hostile_store(tmp_path / "store"), config=config)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        shown = "\n".join(notice_text(app))
        for problem in config.problems:
            assert problem in shown
        assert repr(LINK) in shown  # the unknown theme, named as typed
        await assert_inert(pilot, tmp_path)


async def test_help_shows_a_key_named_like_markup(tmp_path: Path, make_app: AppFactory) -> None:
    config = load_config(tmp_path / "none.toml")
    keys = {"list.star": BROKEN, "list.filter": LINK.replace(",", "")}
    app = make_app(
        build_hostile_store(tmp_path / "store"),
        config=type(config)(keys=keys),
    )
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await ready(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = squash(" ".join(drawn(widget) for widget in app.screen.query(".help-group")))
        assert squash(BROKEN) in shown
        await assert_inert(pilot, tmp_path)


# --- the article's own text -------------------------------------------------------------------


async def test_reader_shows_every_field_as_typed(tmp_path: Path, make_app: AppFactory) -> None:
    app = make_app(build_hostile_store(tmp_path / "store", f"https://example.com/{LINK}"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ReaderScreen)
        shown = squash(drawn(app.screen.query_one(ArticleBody)))
        article = hostile_article()
        for text in (article["title"], article["byline"], f"Heading {BROKEN} {LINK}"):
            assert squash(str(text)) in shown
        assert squash(f"Body {BROKEN} and {LINK} end.") in shown
        assert squash(f"Source {BROKEN}") in shown
        await assert_inert(pilot, tmp_path)


async def test_list_and_search_rows_show_titles_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        assert f"Title {BROKEN} [@click" in drawn(app.screen.query_one(ArticleList))
        await assert_inert(pilot, tmp_path)
        screen = await search_for(pilot, "CLICKME")
        assert f"Title {BROKEN} [@click" in drawn(screen.query_one(SearchResults))
        await assert_inert(pilot, tmp_path)


async def test_palette_article_hits_show_titles_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p", *"Title")
        await settle(pilot)
        await pilot.pause(0.3)
        shown = squash(" ".join(drawn(widget) for widget in app.screen.query("OptionList")))
        assert squash(f"Title {BROKEN} {LINK}") in shown
        await assert_inert(pilot, tmp_path)


async def test_filter_dialog_shows_facet_labels_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = make_app(build_hostile_store(tmp_path / "store"))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await ready(pilot)
        assert isinstance(app.screen, FilterScreen)
        shown = drawn(app.screen.query_one("#filter-options"))
        assert "[b]x[/b]" in shown
        assert f"Source {BROKEN}" in shown
        await assert_inert(pilot, tmp_path)


# --- dialogs ----------------------------------------------------------------------------------


async def test_store_problem_dialog_and_its_fix_show_the_path_as_typed(
    tmp_path: Path, make_app: AppFactory
) -> None:
    db = build_hostile_store(tmp_path / BROKEN / LINK)
    db.write_text("{ not json", encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, StoreProblemScreen)
        assert str(db) in screen.message
        assert squash(str(db)) in squash(drawn(screen.query_one("#problem-message")))
        await assert_inert(pilot, tmp_path)
        await pilot.press("enter")
        await ready(pilot)
        assert any(squash(str(db.parent)) in squash(text) for text in notice_text(app))
        await assert_inert(pilot, tmp_path)


async def test_too_small_screen_over_a_markup_store_path(
    tmp_path: Path, make_app: AppFactory
) -> None:
    app = make_app(tmp_path / BROKEN / LINK / "news.json")
    async with app.run_test(size=(40, 10), notifications=True) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "Terminal too small: 40×10." in drawn(app.screen.query_one("#too-small-message"))
        await assert_inert(pilot, tmp_path)
