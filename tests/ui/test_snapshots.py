"""SVG snapshots of every screen in its main states, at 80×24 and one wide size.

Each snapshot was looked at before it was committed. After an intended visual change, run
`pytest tests/ui/test_snapshots.py --snapshot-update`, open the report, and look again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tui_news.config import Config
from tui_news.ui.screens.search import SearchScreen

from .conftest import AppFactory, Snap, settle


async def wait_until(pilot: Pilot[Any], ready: Callable[[Any], bool], timeout: float = 5.0) -> None:
    """Poll (the app keeps running) until `ready(app)`; a snapshot of a half-drawn state is useless."""
    waited = 0.0
    while not ready(pilot.app):
        if waited >= timeout:
            raise AssertionError("the screen did not reach the expected state in time")
        await pilot.pause(0.05)
        waited += 0.05


def search_done(app: Any) -> bool:
    screen = app.screen
    return isinstance(screen, SearchScreen) and screen.last_query == screen.query_one(Input).value


def palette_has_results(app: Any) -> bool:
    screen = app.screen
    return isinstance(screen, CommandPalette) and screen.query_one(CommandList).option_count > 0


def keys_then_settle(
    *keys: str, until: Callable[[Any], bool] | None = None
) -> Callable[[Pilot[Any]], Any]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        if until is not None:
            await wait_until(pilot, until)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor makes a snapshot a coin toss
        await pilot.pause(0.3)
        await settle(pilot)

    return run_before


def test_list_80x24(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle())


def test_list_120x40(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(
        make_app(fixed_db), terminal_size=(120, 40), run_before=keys_then_settle("j", "j", "s")
    )


def test_list_filtered_unread_tech(
    snap_compare: Snap, fixed_db: Path, make_app: AppFactory
) -> None:
    keys = ("m", "f", *"category tech", "enter", "u")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle(*keys)
    )


def test_list_empty_store(snap_compare: Snap, fixed_empty_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(
        make_app(fixed_empty_db), terminal_size=(80, 24), run_before=keys_then_settle()
    )


def test_reader_seed_top(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle("G", "enter")
    )


def test_reader_seed_scrolled(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    keys = ("G", "enter", "space", "space")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle(*keys)
    )


def test_reader_wide_is_centred(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(
        make_app(fixed_db), terminal_size=(120, 40), run_before=keys_then_settle("enter")
    )


def test_search_with_highlights(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    keys = ("slash", *"harbor")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle(*keys)
    )


def test_search_no_results(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    keys = ("slash", *"zzqxj")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle(*keys)
    )


def test_help(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle("question_mark")
    )


def test_palette_open(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    keys = ("ctrl+p", *"sort by ti")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle(*keys)
    )


def test_too_small(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    assert snap_compare(make_app(fixed_db), terminal_size=(50, 12), run_before=keys_then_settle())


def test_light_theme(snap_compare: Snap, fixed_db: Path, make_app: AppFactory) -> None:
    app = make_app(fixed_db, config=Config(theme="news-light"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys_then_settle("j"))


def test_no_color(
    snap_compare: Snap, fixed_db: Path, make_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(
        make_app(fixed_db), terminal_size=(80, 24), run_before=keys_then_settle("j", "s")
    )
