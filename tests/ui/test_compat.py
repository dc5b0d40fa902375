"""Each private Textual/Rich name that ui/compat.py relies on is still there, with the shape used.

A failure here means an upgrade of Textual or Rich changed what a workaround in ui/compat.py
stands on: read that function's docstring, check whether the upstream issue it names is fixed
(then take the public route), or adapt the workaround.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.drivers.linux_driver import LinuxDriver
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from tui_news.ui import compat


def needs(condition: bool, touch: str, what: str) -> None:
    if not condition:
        pytest.fail(f"ui/compat.py `{touch}`: {what}. Textual/Rich changed under this workaround.")


def test_start_with_theme_still_finds_the_truecolor_filter_and_the_watcher_it_mirrors() -> None:
    refresh = getattr(App, "_refresh_truecolor_filter", None)
    needs(callable(refresh), "start_with_theme", "App._refresh_truecolor_filter is gone")
    needs(
        list(inspect.signature(refresh).parameters) == ["self", "theme"],
        "start_with_theme",
        "App._refresh_truecolor_filter no longer takes (theme)",
    )
    watcher = inspect.getsource(App._watch_theme)
    needs(
        "_refresh_truecolor_filter" in watcher and "-theme-" in watcher,
        "start_with_theme",
        "App._watch_theme does something else now: mirror it again",
    )


def test_remove_screen_still_finds_the_screen_stack_list() -> None:
    needs(
        isinstance(inspect.getattr_static(App, "_screen_stack", None), property),
        "remove_screen",
        "App._screen_stack is no longer a property",
    )


def test_frame_period_screen_still_overrides_textuals_update_timer() -> None:
    needs(
        isinstance(inspect.getattr_static(Screen, "_update_timer", None), property),
        "FramePeriodScreen",
        "Screen._update_timer is no longer a property (frames would follow Textual's grid)",
    )
    needs(
        callable(getattr(Screen, "_on_timer_update", None)),
        "FramePeriodScreen",
        "Screen._on_timer_update is gone",
    )
    source = inspect.getsource(inspect.getattr_static(Screen, "_update_timer").fget)
    needs(
        "set_interval" in source and "_on_timer_update" in source and "pause=True" in source,
        "FramePeriodScreen",
        "Textual makes its update timer differently now",
    )


def test_forget_removed_styles_still_finds_the_cache_it_empties() -> None:
    from textual._styles_cache import StylesCache

    needs(
        callable(getattr(StylesCache.get_inner_outer, "cache_clear", None)),
        "forget_removed_styles",
        "StylesCache.get_inner_outer has no cache_clear (is it still an lru_cache?)",
    )


class Watched(Widget):
    compact: reactive[bool] = reactive(False)


class Watching(Widget):
    compact: reactive[bool] = reactive(False)


async def test_forget_closed_watchers_still_finds_the_watcher_list_and_drops_closed_ones() -> None:
    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield Watched()

    app = Host()
    async with app.run_test() as pilot:
        watched = app.query_one(Watched)
        watching = Watching()
        await app.screen.mount(watching)
        watching.watch(watched, "compact", lambda _value: None, init=False)
        watchers = getattr(watched, "__watchers", None)
        needs(isinstance(watchers, dict), "forget_closed_watchers", 'no "__watchers" dict')
        assert isinstance(watchers, dict)
        needs(
            any(entry[0] is watching for entry in watchers.get("compact", [])),
            "forget_closed_watchers",
            'watch() no longer stores (watching node, callback) in "__watchers"',
        )
        await watching.remove()
        await pilot.pause()
        needs(
            getattr(watching, "_closing", False) or getattr(watching, "_closed", False),
            "forget_closed_watchers",
            "a removed widget no longer says it is closing/closed",
        )
        compat.forget_closed_watchers(watched)
        assert not any(entry[0] is watching for entry in watchers.get("compact", []))


async def test_writer_thread_and_its_queue_are_still_there() -> None:
    from queue import Queue

    from textual.drivers._writer_thread import WriterThread

    driver = LinuxDriver(App())
    needs(
        hasattr(driver, "_writer_thread"),
        "writer_thread",
        "LinuxDriver._writer_thread is gone",
    )
    thread = WriterThread(None)  # type: ignore[arg-type]
    needs(
        isinstance(getattr(thread, "_queue", None), Queue),
        "hand_over",
        "WriterThread._queue is no longer a Queue",
    )
    needs(compat.hand_over(thread, "x", 0.01), "hand_over", "could not queue a write")


def test_divide_line_still_breaks_where_text_wrap_does() -> None:
    divide = compat.divide_line
    needs(divide is not None, "divide_line", "rich._wrap.divide_line is gone")
    assert divide is not None
    text = "the quick brown fox jumps over the lazy dog " * 3
    starts = [0, *divide(text, 17, True)]
    lines = Text(text).wrap(_console(), 17, overflow="fold")
    needs(
        [line.plain.rstrip() for line in lines]
        == [text[a:b].rstrip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)],
        "divide_line",
        "divide_line no longer breaks where Text.wrap does",
    )


def test_may_match_still_reads_the_selector_names() -> None:
    names = getattr(Widget(), "_selector_names", None)
    needs(isinstance(names, set), "may_match", "DOMNode._selector_names is not a set")
    assert compat.may_match(Widget(), {"Widget"})
    assert not compat.may_match(Widget(), {"NoSuchWidget"})


def _console() -> Any:
    from rich.console import Console

    return Console(width=80)
