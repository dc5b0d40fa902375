"""The terminal driver: Textual's LinuxDriver, except that output never waits on a lost terminal.

Textual writes to the terminal through one writer thread and a queue of 30 writes. When the
terminal goes away (SSH dropped, tmux killed, window closed), the thread's next write fails and
the thread ends; the queue fills, and the next write waits forever for a thread that is gone.
That happens while quitting (restoring the terminal is 8+ writes): the process then sits for
ever, holding the store's lock, after its terminal has closed. Here a write to a dead writer
thread is dropped instead, and closing does not wait for it.
"""

from __future__ import annotations

from queue import Full

from textual.drivers._writer_thread import WriterThread
from textual.drivers.linux_driver import LinuxDriver

#: How long one attempt to queue a write waits before checking that the writer is still alive.
PUT_WAIT = 0.25


def hand_over(thread: WriterThread, data: str | None) -> bool:
    """Queue `data` for `thread`; False if the thread has ended and `data` was dropped."""
    queue = thread._queue
    while True:
        try:
            queue.put(data, timeout=PUT_WAIT)
            return True
        except Full:
            if not thread.is_alive():
                return False


class TerminalDriver(LinuxDriver):
    def write(self, data: str) -> None:
        thread = self._writer_thread
        assert thread is not None, "Driver must be in application mode"
        hand_over(thread, data)

    def close(self) -> None:
        thread = self._writer_thread
        if thread is not None and hand_over(thread, None):
            thread.join()
