"""Key overrides from config.toml: a clash is refused naming both ids, an unknown id is named,
help shows every id and the README lists them all."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from tui_news.config import Config
from tui_news.ui.app import TuiNewsApp
from tui_news.ui.keymap import binding_id_table, check_keymap
from tui_news.ui.screens.dialogs import FilterScreen
from tui_news.ui.screens.help import HelpScreen, binding_groups

from .conftest import AppFactory, ready

README = Path(__file__).resolve().parents[2] / "README.md"
GROUPS = binding_groups(TuiNewsApp.BINDINGS)


def test_a_key_taken_on_the_same_screen_is_refused_naming_both_ids() -> None:
    checked = check_keymap({"list.star": "f"}, GROUPS)
    assert checked.keymap == {}
    (problem,) = checked.problems
    assert '"list.star"' in problem and '"list.filter"' in problem


def test_an_app_key_counts_on_every_screen_and_a_swap_is_allowed() -> None:
    assert check_keymap({"reader.star": "slash"}, GROUPS).keymap == {}
    swap = {"list.star": "f", "list.filter": "s"}
    assert check_keymap(swap, GROUPS) == check_keymap(swap, GROUPS).__class__(swap, ())
    # the same key on two screens is no clash
    assert check_keymap({"reader.star": "x", "list.star": "x"}, GROUPS).problems == ()


def test_an_unknown_binding_id_is_named() -> None:
    checked = check_keymap({"list.bogus": "z", "list.star": "x"}, GROUPS)
    assert checked.keymap == {"list.star": "x"}
    assert any('"list.bogus"' in problem for problem in checked.problems)


async def test_the_app_warns_and_the_refused_key_keeps_its_binding(
    ui_db: Path, make_app: AppFactory
) -> None:
    app = make_app(ui_db, config=Config(keys={"list.star": "f", "list.bogus": "z"}))
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        shown = " ".join(n.message for n in app._notifications)
        assert "list.star" in shown and "list.filter" in shown and "list.bogus" in shown
        await pilot.press("f")
        await ready(pilot)
        assert isinstance(app.screen, FilterScreen)


async def test_help_shows_every_binding_id(ui_db: Path, make_app: AppFactory) -> None:
    app = make_app(ui_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await ready(pilot)
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True)
        for title, bindings in app.screen.groups:
            console.print(app.screen._table(title, bindings))
        text = console.export_text()
        for _title, bindings in GROUPS:
            for binding in bindings:
                assert f" {binding.id}" in text  # type: ignore[union-attr]


def test_the_readme_lists_every_binding_id() -> None:
    found = re.search(
        r"<!-- binding-ids -->\n(.*?)\n<!-- /binding-ids -->", README.read_text(), re.S
    )
    assert found, "README.md has no <!-- binding-ids --> table"
    expected = binding_id_table(GROUPS)
    assert found.group(1) == expected, "README's binding table is stale; use:\n" + expected
