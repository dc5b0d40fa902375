"""Going between screens does not keep the footer's removed keys alive (ui/widgets/footer.py)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from textual.widgets._footer import FooterKey

from tui_news.ui.screens.list_screen import ListScreen
from tui_news.ui.widgets.footer import TidyFooter

from .conftest import AppFactory, open_reader, ready, settle


async def test_keys_removed_by_a_screen_switch_are_freed(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        # Once past the start (whose objects the app takes out of the collector's sight).
        await open_reader(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        footer = app.screen.query_one(TidyFooter)
        keys = [weakref.ref(key) for key in footer.query(FooterKey)]
        assert keys, "the list's footer shows no keys"
        for _ in range(3):  # each switch recomposes the footer: the keys above are removed
            await open_reader(pilot)
            await pilot.press("escape")
            await settle(pilot)
        gc.collect()
        alive = [ref for ref in keys if ref() is not None]
        assert not alive, f"{len(alive)} of {len(keys)} removed footer keys are still alive"
        # and the footer shows its keys as before
        assert len(footer.query(FooterKey)) == len(keys)
