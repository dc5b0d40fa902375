"""The terminal driver: once the terminal is gone, writing and closing never wait for ever, and
the app hears of it even when no SIGHUP comes."""

from __future__ import annotations

import errno
import os
import signal
import threading
from collections.abc import Callable, Iterator

import pytest
from textual.app import App
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from textual.drivers.linux_driver import LinuxDriver

from tui_news.ui.app import TuiNewsApp
from tui_news.ui.driver import TerminalDriver, watch_for_hangup

# Textual's writer thread dies of the first failed write (that is the case under test).
pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")


class HungUpTerminal:
    """A terminal after a hang-up: every write fails with EIO, as on a pty whose master closed."""

    def write(self, text: str) -> int:
        raise OSError(errno.EIO, "Input/output error")

    def flush(self) -> None:
        raise OSError(errno.EIO, "Input/output error")

    def fileno(self) -> int:
        return 1


@pytest.fixture
def driver_factory() -> Iterator[Callable[[type[LinuxDriver]], LinuxDriver]]:
    # LinuxDriver() installs SIGTSTP/SIGCONT handlers in this process: put them back after.
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTSTP, signal.SIGCONT)}

    def make(cls: type[LinuxDriver]) -> LinuxDriver:
        driver = cls(App())  # (a driver needs the running event loop: the tests are async)
        thread = WriterThread(HungUpTerminal())  # type: ignore[arg-type]
        thread.start()
        driver._writer_thread = thread
        return driver

    yield make
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def finishes(action: Callable[[], None], timeout: float = 10.0) -> bool:
    done = threading.Event()

    def run() -> None:
        action()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    return done.wait(timeout)


def quit_after_hang_up(driver: LinuxDriver) -> None:
    # Restoring the terminal and the last frames: more writes than the writer's queue holds.
    for _ in range(MAX_QUEUED_WRITES + 10):
        driver.write("\x1b[?1000l")
    driver.close()


async def test_writes_and_close_after_a_hang_up_return(
    driver_factory: Callable[[type[LinuxDriver]], LinuxDriver],
) -> None:
    driver = driver_factory(TerminalDriver)
    assert finishes(lambda: quit_after_hang_up(driver)), "the quit waited for a dead terminal"


async def test_textuals_own_driver_would_wait_for_ever(
    driver_factory: Callable[[type[LinuxDriver]], LinuxDriver],
) -> None:
    """Why TerminalDriver exists; when a Textual release fixes this, it can go."""
    driver = driver_factory(LinuxDriver)
    assert not finishes(lambda: quit_after_hang_up(driver), timeout=2.0)


def test_the_app_uses_it_in_a_terminal() -> None:
    assert TuiNewsApp.get_driver_class(TuiNewsApp.__new__(TuiNewsApp)) is TerminalDriver


def start_watch(fd: int) -> tuple[threading.Event, threading.Event, threading.Thread]:
    stop, heard = threading.Event(), threading.Event()
    calls: list[None] = []

    def on_hangup() -> None:
        calls.append(None)
        assert len(calls) == 1, "told of one hang-up twice"
        heard.set()

    thread = threading.Thread(target=watch_for_hangup, args=(fd, stop, on_hangup), daemon=True)
    thread.start()
    return stop, heard, thread


def test_the_watch_hears_the_other_end_close() -> None:
    master, slave = os.openpty()
    try:
        _, heard, thread = start_watch(slave)
        os.write(master, b"jjk\r")  # typing is not a hang-up
        assert not heard.wait(0.3)
        os.close(master)
        assert heard.wait(5), "the hang-up went unnoticed"
        thread.join(5)
        assert not thread.is_alive()
    finally:
        os.close(slave)


def test_the_watch_ends_quietly_when_stopped() -> None:
    master, slave = os.openpty()
    try:
        stop, heard, thread = start_watch(slave)
        stop.set()
        thread.join(5)
        assert not thread.is_alive(), "the watch did not stop"
        os.close(master)
        assert not heard.wait(0.2), "a stopped watch still reported a hang-up"
    finally:
        os.close(slave)


def test_a_terminal_gone_before_the_watch_starts_is_heard() -> None:
    # A pty whose master has closed is no longer a tty (isatty is False): still a hang-up.
    master, slave = os.openpty()
    os.close(master)
    try:
        assert not os.isatty(slave)
        _, heard, _ = start_watch(slave)
        assert heard.wait(5)
    finally:
        os.close(slave)
