"""The terminal driver: Textual's LinuxDriver, except that a lost terminal never leaves it stuck.

Textual writes to the terminal through one writer thread and a queue of 30 writes. When the
terminal goes away (SSH dropped, tmux killed, window closed), the thread's next write fails and
the thread ends; the queue fills, and the next write waits forever for a thread that is gone.
That happens while quitting (restoring the terminal is 8+ writes): the process then sits for
ever, holding the store's lock, after its terminal has closed. Here a write to a dead writer
thread is dropped instead, and closing does not wait for it.

The app learns that its terminal has gone from SIGHUP, but not always: a process started with
SIGHUP ignored (nohup, some session managers) whose terminal closes before the app's own handler
is in place, or one whose terminal is not its controlling terminal (a pty handed over by a web
terminal or an editor), gets no signal at all. Textual's input thread then reads end-of-file
from the dead terminal in a busy loop for ever (a whole CPU) and the app never quits. So the
driver also watches the terminal itself for a hang-up and tells the app (`TerminalLost`).
"""

from __future__ import annotations

import select
import threading
from collections.abc import Callable

from textual.drivers.linux_driver import LinuxDriver

from tui_news.ui.compat import hand_over, writer_thread
from tui_news.ui.messages import TerminalLost

#: How long one attempt to queue a write waits before checking that the writer is still alive.
PUT_WAIT = 0.25
#: How often (ms) the hang-up watch looks up to see whether it should stop.
HANGUP_POLL_MS = 500


def watch_for_hangup(fd: int, stop: threading.Event, on_hangup: Callable[[], None]) -> None:
    """Call `on_hangup` once if terminal `fd` hangs up (its other end closes) before `stop`.

    Asks for no events: poll reports a hang-up, an error or a closed descriptor regardless, so
    typing does not wake it. One wake-up each HANGUP_POLL_MS to see `stop`.
    """
    poller = select.poll()
    poller.register(fd, 0)
    while not stop.is_set():
        if poller.poll(HANGUP_POLL_MS):
            if not stop.is_set():
                on_hangup()
            return


class TerminalDriver(LinuxDriver):
    _hangup_stop: threading.Event | None = None

    def start_application_mode(self) -> None:
        super().start_application_mode()  # type: ignore[no-untyped-call]
        # Not only when `isatty`: a terminal that has already hung up is no longer a tty.
        stop = self._hangup_stop = threading.Event()
        threading.Thread(
            target=watch_for_hangup,
            args=(self.fileno, stop, self._terminal_lost),
            name="tui-news-hangup",
            daemon=True,
        ).start()

    def stop_application_mode(self) -> None:
        if self._hangup_stop is not None:
            self._hangup_stop.set()
        super().stop_application_mode()

    def _terminal_lost(self) -> None:
        self._app.post_message(TerminalLost())

    def write(self, data: str) -> None:
        thread = writer_thread(self)
        assert thread is not None, "Driver must be in application mode"
        hand_over(thread, data, PUT_WAIT)

    def close(self) -> None:
        thread = writer_thread(self)
        if thread is not None and hand_over(thread, None, PUT_WAIT):
            thread.join()
