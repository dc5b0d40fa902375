"""Quitting by signal or by ctrl+c, in the real app under a pseudo-terminal.

A dropped SSH session sends SIGHUP, a shutdown or `kill` sends SIGTERM: either way the app must
save where the reader was, give the terminal back (leave the alternate screen, show the cursor,
restore the line discipline) and exit within seconds. ctrl+c quits the same clean way.
"""

from __future__ import annotations

import signal
import termios
import time
from collections.abc import Callable

from tui_news.store import StateStore

from .conftest import SmallStore, TerminalApp
from .test_terminal_output import scan


def open_and_scroll(app: TerminalApp, pages: int = 3) -> None:
    app.wait_for(b"total")
    app.wait_quiet()
    mark = app.mark()
    app.send("\r")
    app.wait_for(b"article 1 of", since=mark)
    mark = app.mark()
    for _ in range(pages):
        app.send(" ")
    # The keys were read, not just sent: a paragraph below the first screen has been drawn (on
    # a loaded machine the app can sit unscheduled longer than `send` waits for quiet).
    app.wait_for(b"Paragraph 9 about", since=mark)
    time.sleep(0.3)  # a moment of reading


def assert_terminal_restored(app: TerminalApp, before: list[object]) -> None:
    output = app.output.decode("utf-8", "surrogateescape")
    entered = output.rfind("\x1b[?1049h")
    left = output.rfind("\x1b[?1049l")
    assert entered >= 0, "the app never entered the alternate screen"
    assert left > entered, "the output does not end by leaving the alternate screen"
    tail = scan(output[left:].encode("utf-8", "surrogateescape"))
    # After leaving: only mode resets (cursor shown, mouse and focus reports off), no drawing.
    assert "\x1b[?25h" in output[left:], "the cursor was not shown again"
    assert tail.text.strip() == "", f"something was drawn after leaving: {tail.text!r}"
    assert all(
        (kind.startswith("CSI ?") and kind.endswith("l")) or kind == "CSI ?25h"
        for kind in tail.kinds
    ), tail.kinds
    # The line discipline is back as it was (echo, canonical mode, signals).
    after = termios.tcgetattr(app.master)
    assert after[3] == before[3], "local modes (echo, icanon, isig) were not restored"
    assert after[0] == before[0], "input modes were not restored"


def opened_position(db_state: StateStore) -> tuple[str, int]:
    opened = {i: s for i, s in db_state.all().items() if s.read}
    assert len(opened) == 1, opened
    ((article_id, state),) = opened.items()
    return article_id, state.position


def test_sighup_saves_position_and_restores_terminal(
    small_store: SmallStore, terminal: Callable[..., TerminalApp]
) -> None:
    """A dropped SSH session; then the next start goes back to the saved place."""
    first = terminal(small_store.db)
    before = termios.tcgetattr(first.master)
    open_and_scroll(first)
    sent = time.monotonic()
    first.kill(signal.SIGHUP)
    assert first.wait_exit(timeout=5) == 0
    assert time.monotonic() - sent < 5
    article_id, position = opened_position(StateStore.beside(small_store.db))
    assert position > 0, "the reading position was not saved"
    assert_terminal_restored(first, before)

    second = terminal(small_store.db)
    second.wait_for(b"total")
    second.wait_quiet()
    mark = second.mark()
    second.send("\r")
    second.wait_for(b"article 1 of", since=mark)
    second.wait_quiet(0.4)
    second.kill(signal.SIGTERM)
    assert second.wait_exit(timeout=5) == 0
    # Leaving saves where the page is now: the same place only if it was scrolled back there.
    again_id, again = opened_position(StateStore.beside(small_store.db))
    assert again_id == article_id
    assert again == position, "the reader did not go back to the saved position"


def test_sigterm_saves_position_and_restores_terminal(
    small_store: SmallStore, terminal: Callable[..., TerminalApp]
) -> None:
    app = terminal(small_store.db)
    before = termios.tcgetattr(app.master)
    open_and_scroll(app)
    sent = time.monotonic()
    app.kill(signal.SIGTERM)
    code = app.wait_exit(timeout=5)
    assert time.monotonic() - sent < 5
    assert code == 0
    _, position = opened_position(StateStore.beside(small_store.db))
    assert position > 0, "the reading position was not saved"
    assert_terminal_restored(app, before)


def test_hangup_without_sighup_saves_position_and_exits(
    small_store: SmallStore, terminal: Callable[..., TerminalApp]
) -> None:
    """The terminal closes and no signal comes (SIGHUP ignored, or not the controlling
    terminal): the app must still notice, keep the place, and exit instead of spinning."""
    app = terminal(small_store.db)
    open_and_scroll(app)
    sent = time.monotonic()
    app.hang_up()
    code = app.wait_exit(timeout=10)
    assert time.monotonic() - sent < 10
    assert code == 0
    _, position = opened_position(StateStore.beside(small_store.db))
    assert position > 0, "the reading position was not saved"


def test_terminal_gone_before_first_frame_exits(
    small_store: SmallStore, terminal: Callable[..., TerminalApp]
) -> None:
    """The terminal closes while the app is still starting (before it has drawn anything)."""
    app = terminal(small_store.db)
    app.hang_up()
    assert app.wait_exit(timeout=15) == 0


def test_ctrl_c_quits_cleanly(
    small_store: SmallStore, terminal: Callable[..., TerminalApp]
) -> None:
    app = terminal(small_store.db)
    before = termios.tcgetattr(app.master)
    open_and_scroll(app)
    sent = time.monotonic()
    app.send(b"\x03", quiet=0.01)
    code = app.wait_exit(timeout=5)
    assert time.monotonic() - sent < 5
    assert code == 0
    assert_terminal_restored(app, before)
    _, position = opened_position(StateStore.beside(small_store.db))
    assert position > 0, "ctrl+c in the reader lost the reading position"
