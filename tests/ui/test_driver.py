"""The terminal driver: once the terminal is gone, writing and closing never wait for ever."""

from __future__ import annotations

import errno
import signal
import threading
from collections.abc import Callable, Iterator

import pytest
from textual.app import App
from textual.drivers._writer_thread import MAX_QUEUED_WRITES, WriterThread
from textual.drivers.linux_driver import LinuxDriver

from tui_news.ui.app import TuiNewsApp
from tui_news.ui.driver import TerminalDriver

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
