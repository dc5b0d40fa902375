"""Keyboard flows through the real app (Textual's Pilot), on the fictional fixture store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.events import Resize
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Input, OptionList

from tui_news.search import Found, parse_query
from tui_news.store import StateStore
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.screens import search as search_module
from tui_news.ui.screens.dialogs import FilterScreen, TooSmallScreen
from tui_news.ui.screens.help import HelpScreen
from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.screens.reader import ReaderScreen, ReaderScroll
from tui_news.ui.screens.search import SearchScreen
from tui_news.ui.widgets.article_list import ArticleList
from tui_news.ui.widgets.search_results import SearchResults

from .conftest import AppFactory, open_reader, ready, search_for, settle, take_the_store_fix


def article_list(app: TuiNewsApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


async def test_list_shows_every_article_newest_first(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        rows = article_list(app).rows
        assert len(rows) == 22  # 21 fixture articles + the seed
        dated = [r.published for r in rows if r.published]
        assert dated == sorted(dated, reverse=True)
        assert rows[-1].published is None  # the seed has no date: undated go last


async def test_open_scroll_back_and_next_previous(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        order = [r.id for r in article_list(app).rows]
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == order[1]
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.article_id == order[2]
        await pilot.press("p", "p")
        await pilot.pause()
        assert app.screen.article_id == order[0]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        # The list followed n and p: its cursor is on the article the reader showed last.
        assert article_list(app).current_id == order[0]


async def test_each_open_shows_that_article_with_its_own_position(
    ui_db: Path, make_app: AppFactory
) -> None:
    """Each open shows that article, its own reading position and related list, never the
    previous one's."""
    from tui_news.ui.widgets.article_body import ArticleBody

    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        rows = list(article_list(app).rows)
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.query_one(ArticleBody).article.id == rows[0].id
        await pilot.press("space")  # scroll down a page: a position to keep
        await ready(pilot)
        await pilot.press("escape", "j", "j", "enter")
        await ready(pilot)
        body = app.screen.query_one(ArticleBody)
        assert body.article.id == rows[2].id == app.screen.article_id
        assert app.screen.query_one(ReaderScroll).scroll_y == 0  # not the last one's place
        header = str(app.screen.query_one("#reader-header").render())
        assert "article 3 of 22" in header
        related = app.screen.query("#related")
        if related:  # the related list, when there is one, is this article's
            assert rows[2].id not in [o.id for o in related.first(OptionList).options]
        await pilot.press("escape", "k", "k", "enter")
        await ready(pilot)
        assert app.screen.query_one(ArticleBody).article.id == rows[0].id
        assert app.screen.query_one(ReaderScroll).scroll_y > 0  # its own position came back


async def test_opening_marks_read_and_star_survives_restart(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        first = article_list(app).current_id
        assert first is not None
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s", "escape")
        await pilot.pause()
        await pilot.press("j", "s")
        await pilot.pause()
        second = article_list(app).current_id
    assert second is not None
    state = StateStore.beside(ui_db)
    assert state.get(first).read and state.get(first).starred
    assert state.get(second).starred and not state.get(second).read

    again = make_app(ui_db)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert again.library is not None
        assert again.library.state(first).starred
        assert again.library.state(first).read
        assert again.library.counts().unread == 21


async def test_toggle_read_with_m(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.library is not None
        current = article_list(app).current_id
        assert current is not None
        await pilot.press("m")
        assert app.library.state(current).read
        await pilot.press("m")
        assert not app.library.state(current).read


async def test_reading_position_is_restored_after_restart(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        article_id = article_list(app).current_id
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("space", "j", "j")
        await pilot.pause()
        scrolled = round(app.screen.query_one(ReaderScroll).scroll_y)
        assert scrolled > 0
        await pilot.press("escape")
        await pilot.pause()
    assert article_id is not None
    assert StateStore.beside(ui_db).get(article_id).position == scrolled

    again = make_app(ui_db)
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert round(again.screen.query_one(ReaderScroll).scroll_y) == scrolled


async def test_search_then_open(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"witkof")
        await ready(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert screen.hits, "typo 'witkof' should find the seed article"
        assert app.library is not None
        assert app.library.by_id[screen.hits[0].id].title.startswith("Backchannel Diplomacy")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article is not None
        assert app.screen.article.title.startswith("Backchannel Diplomacy")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_search_filters_and_ctrl_n_moves(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await search_for(pilot, "category:tech")
        assert app.library is not None
        assert screen.hits and all(app.library.by_id[h.id].category == "Tech" for h in screen.hits)
        results = screen.query_one(SearchResults)
        assert results.highlighted == 0
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+p")
        assert results.highlighted == 1
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == screen.hits[2].id


async def test_stale_search_results_are_not_shown(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await search_for(pilot, "harbour")
        # A result for an older query arriving late must be dropped.
        screen._show("ha", parse_query("ha"), Found([], 0), 0.0)
        assert screen.last_query == "harbour"
        assert screen.query_one(Input).value == "harbour"


async def test_ctrl_l_takes_every_match_of_a_search_to_the_list(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search_module, "RESULTS_SHOWN", 2)
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        everything = list(article_list(app).rows)
        # Every article with "harbour" in its title or source (the fields that have it here),
        # in the list's order (newest first).
        assert app.library is not None
        harbour = {
            s.id
            for s in app.library.index.summaries
            if "harbour" in f"{s.title} {s.source}".lower()
        }
        expected = [s for s in everything if s.id in harbour]
        assert len(expected) > 2
        screen = await search_for(pilot, "harbour")
        assert len(screen.hits) == 2
        status = str(screen.query_one("#search-status").render())
        assert f"Best 2 of {len(expected)} matches" in status
        await pilot.press("ctrl+l")
        await ready(pilot)
        assert isinstance(app.screen, ListScreen)
        # All of them, in the list's own order (newest first), from the top.
        assert [s.id for s in article_list(app).rows] == [s.id for s in expected]
        assert article_list(app).cursor == 0
        assert '"harbour"' in str(app.screen.query_one("#filter-bar").render())
        assert f"{len(expected)} shown" in str(app.screen.query_one("#list-header").render())
        # The filter is the list's own: u narrows it further, escape clears it.
        await pilot.press("u")
        await pilot.pause()
        assert '"harbour" is:unread' in str(app.screen.query_one("#filter-bar").render())
        assert len(article_list(app).rows) == len(expected)
        await pilot.press("escape")
        await pilot.pause()
        assert [s.id for s in article_list(app).rows] == [s.id for s in everything]


async def test_search_status_tells_some_word_results_from_matches(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = await search_for(pilot, "harbour zzqxj")
        assert screen.hits and screen.matched == 0
        assert "(0 with every word)" in str(screen.query_one("#search-status").render())
        # Nothing matches every word: the list says so, and escape brings every article back.
        await pilot.press("ctrl+l")
        await ready(pilot)
        assert isinstance(app.screen, ListScreen)
        assert len(article_list(app).rows) == 0
        assert "No article matches" in str(app.screen.query_one("#list-message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(article_list(app).rows) == 22


async def test_filter_modal_narrows_the_list_and_escape_clears(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        await pilot.press(*"category sport")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        rows = article_list(app).rows
        assert rows and all(r.category == "Sport" for r in rows)
        assert "category:sport" in str(app.screen.query_one("#filter-bar").render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(article_list(app).rows) == 22


async def test_unread_only_and_sort_cycle(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("m", "u")
        await pilot.pause()
        assert len(article_list(app).rows) == 21
        await pilot.press("o")
        assert app.library is not None and app.library.sort == "title"
        titles = [r.title.casefold() for r in article_list(app).rows]
        assert titles == sorted(titles)
        await pilot.press("o")
        assert app.library.sort == "source"


async def test_markup_looking_title_is_shown_literally(
    ui_db: Path, make_app: AppFactory, markup_title: str
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        await pilot.press("o")  # sort by title: the "[bold]…" title comes first
        await pilot.pause()
        rows = article_list(app).rows
        index = next(i for i, r in enumerate(rows) if r.title == markup_title)
        article_list(app).cursor = index
        await pilot.pause()
        line = "".join(
            segment.text
            for segment in article_list(app).render_line(index - article_list(app).scroll_offset.y)
        )
        assert "[bold]Not bold[/]" in line
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.is_running  # [@click=app.quit] did not quit
        body = app.screen.query_one("#reader-body")
        rendered = body.render()
        text = "".join(str(part) for part in getattr(rendered, "renderables", []))
        assert markup_title in text


async def test_help_lists_bindings_of_every_screen(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        titles = [title for title, _ in app.binding_groups()]
        assert titles[:5] == ["Everywhere", "List", "Reader", "Search", "Filter"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)


async def test_too_small_terminal_shows_message_and_recovers(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)


class ResizeLoop(Exception):
    """A screen went on laying itself out: the stale-resize livelock."""


@pytest.mark.parametrize("which", ["default", "list"])
async def test_stale_resizes_settle_at_the_terminal_size(
    ui_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    """Two queued resizes of different sizes must not make a screen flip between them forever.

    In Textual 8.2 each screen lays itself out at the size its Resize carries and, when that
    changes its size, posts itself another Resize: a 50×12 and an 80×24 both queued for one
    screen flip it back and forth without end, the event loop starves and the app freezes
    half-drawn (seen in tmux: "too small" popped at 80×24 on a busy machine). The count turns
    that freeze into an error here instead of a hung test.
    """
    layouts = 0
    original = Screen._screen_resized

    def counted(screen: Screen[Any], size: Size) -> None:
        nonlocal layouts
        layouts += 1
        if layouts > 200:
            raise ResizeLoop(f"{screen!r} laid out {layouts} times")
        original(screen, size)

    monkeypatch.setattr(Screen, "_screen_resized", counted)
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        screen = app.screen_stack[0] if which == "default" else app.screen
        layouts = 0
        # Footer.recompose holds a batch while bindings change (as on a pop); meanwhile every
        # layout queues a frame callback, so the two Resizes are not adjacent and Textual does
        # not fold them into one.
        with app.batch_update():
            screen.post_message(Resize(Size(50, 12), Size(50, 12)))
            screen.call_later(lambda: None)
            screen.post_message(Resize(Size(80, 24), Size(80, 24)))
            await pilot.pause()
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert [s.outer_size for s in app.screen_stack] == [Size(80, 24)] * 2
        await pilot.press("j")  # and it still answers keys and draws
        await settle(pilot)
        assert app.screen.query_one(ArticleList).cursor == 1


async def test_empty_store_says_how_to_load(empty_db: Path, make_app: AppFactory) -> None:
    app = make_app(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        message = str(app.screen.query_one("#list-message").render())
        assert "No articles yet" in message
        assert "tui-news load" in message


async def test_reload_keeps_user_state(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        current = article_list(app).current_id
        assert current is not None
        await pilot.press("s", "r")
        await ready(pilot)
        assert app.library is not None
        assert app.library.state(current).starred
        assert len(article_list(app).rows) == 22


async def test_corrupt_store_offers_a_rebuild(tmp_path: Path, make_app: AppFactory) -> None:
    db = tmp_path / "news.json"
    db.write_text('{"meta": {"store": {"kind": "tui-news art', encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await take_the_store_fix(pilot, str(db))
        assert app.library is not None and app.library.counts().total == 1
    aside = list(tmp_path.glob("news.json.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8").startswith('{"meta"')


async def test_list_paints_before_summaries_and_a_missing_summaries_file_is_offered_a_fix(
    ui_db: Path, make_app: AppFactory
) -> None:
    """The first paint needs only news.json; the summaries file (read in a worker after it)
    going missing is caught there and offered the same fix as a damaged index."""
    from tui_news.library import Library
    from tui_news.store import ArticleStore, open_store

    (name,) = ArticleStore(ui_db).meta()["summaries"]
    summaries = ui_db.parent / "news.bodies" / name
    summaries.chmod(0)
    try:
        library = Library(open_store(ui_db))  # opens from the list columns alone
        assert library.total == 22 and not library.details_ready
        assert [row.title for row in library.rows[:2]] == [s.title for s in list(library.rows)[:2]]
    finally:
        summaries.chmod(0o644)
    summaries.unlink()
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await take_the_store_fix(pilot, name)
        assert app.library is not None and app.library.details_ready


async def test_palette_finds_article_by_title(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"harbor bridge")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article is not None
        assert app.screen.article.title == "Harbour bridge reopens after a year of repairs"


async def test_theme_cycles_and_config_theme_applies(ui_db: Path, make_app: AppFactory) -> None:
    from tui_news.config import Config

    app = make_app(ui_db, config=Config(theme="news-light"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.theme == "news-light"
        await pilot.press("t")
        assert app.theme != "news-light"


async def test_key_overrides_from_config(ui_db: Path, make_app: AppFactory) -> None:
    from tui_news.config import Config

    app = make_app(ui_db, config=Config(keys={"list.star": "x"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        current = article_list(app).current_id
        assert current is not None and app.library is not None
        await pilot.press("x")
        assert app.library.state(current).starred


async def test_starting_in_a_too_small_terminal_shows_the_message(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(50, 12)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "too small" in str(app.screen.query_one("#too-small-message").render())


async def test_copy_link_uses_the_clipboard_and_open_needs_a_url(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("enter")  # fixture-00 has a url
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("y")
        assert app.clipboard == "https://news.example.invalid/story/0"
        await pilot.press("n", "y")  # fixture-01 has none: title and origin instead
        await pilot.pause()
        assert app.screen.article is not None
        assert app.clipboard.startswith(app.screen.article.title + " (")
        opened: list[str] = []
        app.open_url = lambda url, new_tab=True: opened.append(url)  # type: ignore[method-assign]
        await pilot.press("o")
        assert opened == []  # no url: a notice, nothing opened
        await pilot.press("p", "o")
        await pilot.pause()
        assert opened == ["https://news.example.invalid/story/0"]


async def test_related_articles_can_be_opened_from_the_reader(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_reader(pilot)
        first = screen.article_id
        related = screen.query_one("#related", OptionList)
        assert related.option_count > 0
        await pilot.press("tab")
        assert screen.focused is related
        await pilot.press("enter")
        await pilot.pause()
        assert screen.article_id != first
        await pilot.press("p")
        await pilot.pause()
        assert screen.article_id == first


async def test_config_problems_are_shown_not_raised(ui_db: Path, make_app: AppFactory) -> None:
    from tui_news.config import Config

    app = make_app(
        ui_db, config=Config(problems=("/x/config.toml is not valid TOML (bad); using defaults",))
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        messages = [n.message for n in app._notifications]
        assert any("config.toml is not valid TOML" in m for m in messages)


async def test_mouse_click_moves_the_cursor_and_a_second_click_opens(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        rows = article_list(app).rows
        await pilot.click(ArticleList, offset=(10, 3))
        await pilot.pause()
        assert article_list(app).cursor == 3
        assert isinstance(app.screen, ListScreen)
        await pilot.click(ArticleList, offset=(10, 3))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article_id == rows[3].id


async def test_damaged_marks_file_is_restored_from_the_last_good_copy(
    ui_db: Path, make_app: AppFactory
) -> None:
    from tui_news.ui.screens.dialogs import StoreProblemScreen

    state = StateStore.beside(ui_db)
    state.set_starred("fixture-03", True)
    state.mark_read("fixture-05")  # the save before this one is kept as .bak: it has the star
    state.path.write_bytes(b'{"meta": {"state": garbage')
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, StoreProblemScreen)
        assert str(state.path) in app.screen.message
        await pilot.press("enter")
        await ready(pilot)
        assert isinstance(app.screen, ListScreen)
        assert app.library is not None
        assert app.library.state("fixture-03").starred
        notices = " ".join(n.message for n in app._notifications)
        assert "restored" in notices and ".corrupt-" in notices
    kept = list(state.path.parent.glob(state.path.name + ".corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == b'{"meta": {"state": garbage'


async def test_search_results_draw_the_matched_title_and_field(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        results = (await search_for(pilot, "harbor")).query_one(SearchResults)
        first = "".join(segment.text for segment in results.render_line(0))
        second = "".join(segment.text for segment in results.render_line(1))
        assert "Harbour bridge reopens" in first
        assert second.strip().startswith("title")
        await pilot.click(SearchResults, offset=(5, 2))
        await pilot.pause()
        assert results.highlighted == 1
