"""Shared by the reliability tests: small stores, the hostile corpus as a store, and the real app
run under a pseudo-terminal (`TerminalApp`) so that its exact output bytes can be checked."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tui_news.store import ArticleStore

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_DIR = ROOT / "tests" / "hostile"


def load_make_corpus() -> ModuleType:
    """tests/hostile/make_corpus.py, the generator of the hostile seed files and expectations."""
    spec = importlib.util.spec_from_file_location(
        "reliability_make_corpus", HOSTILE_DIR / "make_corpus.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_corpus = load_make_corpus()


def long_article(title: str, marker: str, paragraphs: int = 30) -> str:
    """A scraped page long enough to scroll through several screens at 80×24."""
    body = [
        f"Paragraph {n} about {marker}: the committee met again and went through the figures "
        "line by line, and the members asked for the report to be published in full."
        for n in range(1, paragraphs + 1)
    ]
    return "\n\n".join([title, *body]) + "\n"


def write_articles(folder: Path, titles: dict[str, str]) -> dict[str, str]:
    """One file per title (file name -> title); returns title -> marker."""
    folder.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}
    for name, title in titles.items():
        marker = f"m{Path(name).stem}"
        (folder / name).write_text(long_article(title, marker), encoding="utf-8")
        made[title] = marker
    return made


@dataclass
class SmallStore:
    db: Path
    folder: Path
    titles: dict[str, str]


@pytest.fixture
def small_store(tmp_path: Path) -> SmallStore:
    """Three long articles loaded from one folder (no bundled seeds)."""
    folder = tmp_path / "news"
    titles = write_articles(
        folder,
        {
            "alpha.txt": "Alpha Harbour Report Reaches The Council",
            "beta.txt": "Beta Railway Report Reaches The Council",
            "gamma.txt": "Gamma Library Report Reaches The Council",
        },
    )
    db = tmp_path / "store" / "news.json"
    ArticleStore(db).load([folder])
    return SmallStore(db, folder, titles)


@dataclass
class HostileStore:
    db: Path
    folder: Path
    cases: dict[str, dict[str, Any]]


@pytest.fixture(scope="session")
def hostile_master(tmp_path_factory: pytest.TempPathFactory) -> HostileStore:
    """The hostile corpus loaded once; copy it before changing it.

    Without the two size cases (the 50 MB file and the 1 MB line, which tests/hostile covers):
    they test speed, not what reaches the screen, and the 1 MB line takes seconds to lay out.
    """
    base = tmp_path_factory.mktemp("hostile-master")
    folder = base / "corpus"
    cases = make_corpus.write_hostile_corpus(folder, big_file=False)
    cases.pop("shape/one-mb-line.txt")["path"].unlink()
    db = base / "store" / "news.json"
    ArticleStore(db).load([folder])
    return HostileStore(db, folder, cases)


@pytest.fixture
def hostile_store(hostile_master: HostileStore, tmp_path: Path) -> HostileStore:
    """A private copy of the hostile store (the app writes marks into it)."""
    target = tmp_path / "store"
    shutil.copytree(hostile_master.db.parent, target, symlinks=True)
    return HostileStore(
        target / hostile_master.db.name, hostile_master.folder, hostile_master.cases
    )


# --- the app under a pseudo-terminal ---------------------------------------------------------


class TerminalApp:
    """`python -m tui_news --db DB` with a pty as its terminal; every byte it writes is kept."""

    def __init__(self, db: Path, *, size: tuple[int, int] = (80, 24), home: Path) -> None:
        self.db = db
        master, slave = os.openpty()
        columns, rows = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("TEXTUAL", "TUI_NEWS", "PYTEST")) and key != "NO_COLOR"
        }
        env.update(
            TERM="xterm-256color",
            PYTHONPATH=str(ROOT),
            XDG_CONFIG_HOME=str(home / "config"),
            XDG_DATA_HOME=str(home / "data"),
            LANG="C.UTF-8",
            LC_ALL="C.UTF-8",
        )
        env.pop("COLUMNS", None)
        env.pop("LINES", None)
        self.master = master
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui_news", "--db", str(db)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=str(home),
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._buffer = bytearray()
        self._lock = threading.Lock()
        self._stop_reading = threading.Event()
        self._last_output = time.monotonic()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        # Waits in select, not in read: a descriptor closed under a blocked read stays open
        # until the read returns, so `hang_up` could not take effect while the app is quiet.
        while not self._stop_reading.is_set():
            try:
                ready, _, _ = select.select([self.master], [], [], 0.05)
                if not ready:
                    continue
                chunk = os.read(self.master, 65536)
            except (OSError, ValueError):
                return  # EIO: every slave end is closed (the app has gone)
            if not chunk:
                return
            with self._lock:
                self._buffer += chunk
                self._last_output = time.monotonic()

    @property
    def output(self) -> bytes:
        with self._lock:
            return bytes(self._buffer)

    def mark(self) -> int:
        """How many bytes have been written so far (to look only at what comes after)."""
        with self._lock:
            return len(self._buffer)

    def wait_for(self, needle: bytes, *, since: int = 0, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.output[since:]:
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"the app exited ({self.proc.returncode}) before showing {needle!r}; "
                    f"it wrote: {self.output[-2000:]!r}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{needle!r} did not appear within {timeout}s; last output: {self.output[-1500:]!r}"
                )
            time.sleep(0.02)

    def wait_quiet(self, quiet: float = 0.25, timeout: float = 10.0) -> None:
        """Until nothing has been written for `quiet` seconds (the screen is drawn)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                idle = time.monotonic() - self._last_output
            if idle >= quiet or self.proc.poll() is not None:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the app kept writing for {timeout}s")
            time.sleep(0.02)

    def send(self, data: str | bytes, *, quiet: float = 0.15) -> None:
        os.write(self.master, data.encode() if isinstance(data, str) else data)
        time.sleep(0.05)
        self.wait_quiet(quiet)

    def type(self, text: str) -> None:
        for char in text:
            os.write(self.master, char.encode())
            time.sleep(0.01)
        self.wait_quiet()

    def escape(self) -> None:
        # A lone ESC is told from the start of a sequence by the pause that follows it.
        os.write(self.master, b"\x1b")
        time.sleep(0.3)
        self.wait_quiet()

    def kill(self, sig: int) -> None:
        os.kill(self.proc.pid, sig)

    def hang_up(self) -> None:
        """Close the terminal's other end, as sshd or a closed window does. The app was started
        in a session of its own without this pty as its controlling terminal, so no SIGHUP
        comes with it: the app has to notice by itself."""
        self._close_master()

    def _close_master(self) -> None:
        self._stop_reading.set()
        self._reader.join(timeout=5)
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1

    def wait_exit(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    def close(self) -> None:
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
        self._close_master()


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[..., TerminalApp]]:
    """`terminal(db)` starts the app under a pty; every one started is killed at teardown."""
    started: list[TerminalApp] = []

    def start(db: Path, **kwargs: Any) -> TerminalApp:
        home = tmp_path / f"home{len(started)}"
        home.mkdir()
        app = TerminalApp(db, home=home, **kwargs)
        started.append(app)
        return app

    yield start
    for app in started:
        app.close()
