"""What a closed screen leaves behind is freed: the footer's removed keys
(ui/widgets/footer.py), the closed screen at once (not at a later collection), and no removed
widget in Textual's style cache (ui/housekeeping.py)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual._styles_cache import StylesCache  # Textual's own: the cache that pinned widgets
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets._footer import FooterKey

from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.widgets.footer import TidyFooter

from .conftest import AppFactory, open_reader, ready, settle


async def open_and_close_readers(pilot: Pilot[Any], times: int = 1) -> None:
    """Open the highlighted article and go back, `times` times: each time a reader screen
    and the footer's keys are drawn, then removed."""
    for _ in range(times):
        await open_reader(pilot)
        await pilot.press("escape")
        await settle(pilot)
    assert isinstance(pilot.app.screen, ListScreen)


@pytest.fixture
def no_automatic_collections() -> Iterator[None]:
    """Only collections asked for run: one that came by chance would free the screen too."""
    before = gc.get_threshold()
    gc.set_threshold(1_000_000_000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


async def test_keys_removed_by_a_screen_switch_are_freed(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # Once past the start (whose objects the app takes out of the collector's sight).
        await open_and_close_readers(pilot)
        footer = app.screen.query_one(TidyFooter)
        keys = [weakref.ref(key) for key in footer.query(FooterKey)]
        assert keys, "the list's footer shows no keys"
        # each switch recomposes the footer: the keys above are removed
        await open_and_close_readers(pilot, 3)
        gc.collect()
        alive = [ref for ref in keys if ref() is not None]
        assert not alive, f"{len(alive)} of {len(keys)} removed footer keys are still alive"
        # and the footer shows its keys as before
        assert len(footer.query(FooterKey)) == len(keys)


async def test_a_closed_reader_is_freed_without_waiting_for_the_collector(
    ui_db: Path, make_app: AppFactory, no_automatic_collections: None
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_and_close_readers(pilot)
        # Nothing of the reader was left for a later collection (without the collection on
        # close, this finds its thousands of objects).
        assert gc.collect() < 200


def _orphaned_style_caches() -> int:
    """`StylesCache` objects that belong to no live widget."""
    gc.collect()
    objects = gc.get_objects()
    owned = {id(node._styles_cache) for node in objects if isinstance(node, Widget)}
    return sum(1 for o in objects if isinstance(o, StylesCache) and id(o) not in owned)


async def test_removed_widgets_leave_no_style_cache_behind(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await open_and_close_readers(pilot, 4)
        assert _orphaned_style_caches() == 0
        # and what is on screen still draws
        await pilot.press("j")
        await settle(pilot)
        assert app.screen.query_one("#article-list").region.height > 0
