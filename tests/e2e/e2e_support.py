"""Helpers for the end-to-end tests: tools, polling, the fixture articles, and a tmux driver.

The tests run `tui-news` as a user does: installed (not editable) in its own virtual
environment, in a real terminal (tmux), over a real SSH session (OpenSSH), or in a real browser
(headless Chromium). Nothing here sleeps for a fixed time: every wait polls a condition against
a deadline, and every subprocess has a timeout.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent  # the repository root, found from this file, never hard-coded

T = TypeVar("T")

SEED_TITLE = (
    "Backchannel Diplomacy: U.S. and Iran Hold Direct Talks Amid Escalating Israel-Iran War"
)
#: The shell prompt inside test panes: unique enough that the app never draws it.
PROMPT = "E2E-PROMPT$ "
#: Each step of a test waits at most this long for the screen to show what it should.
STEP_TIMEOUT = 15.0


@dataclass(frozen=True)
class InstalledApp:
    """tui-news installed in a virtual environment of its own."""

    venv: Path

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def tui_news(self) -> Path:
        return self.venv / "bin" / "tui-news"


@dataclass(frozen=True)
class Workspace:
    """A test's own home folder and store."""

    home: Path
    db: Path


# --- tools -------------------------------------------------------------------------------------


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


def need_tool(name: str, package: str) -> str:
    """The path of a system tool; a missing one skips the test, or fails it when CI=true."""
    found = (name if os.access(name, os.X_OK) else None) if "/" in name else shutil.which(name)
    if found is None:
        reason = (
            f"{name} is not installed (Debian package {package!r}; "
            f"`sudo bash .ci/system-packages` installs every tool the e2e tests need)"
        )
        if in_ci():
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    return found


def run(
    args: Sequence[str | Path],
    *,
    timeout: float = 60,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run a command with a timeout; on failure the error shows its output."""
    result = subprocess.run(
        [str(a) for a in args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"{' '.join(map(str, args))} exited {result.returncode}\n"
            f"stdout:\n{result.stdout[-4000:]}\nstderr:\n{result.stderr[-4000:]}"
        )
    return result


def app_processes(db: Path) -> list[int]:
    """Pids of running tui-news processes on this test's own store (its path is unique)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if str(db).encode() in argv and any(b"tui-news" in part for part in argv):
            pids.append(int(entry.name))
    return pids


def wait_for(
    probe: Callable[[], T | None],
    *,
    what: str,
    timeout: float = STEP_TIMEOUT,
    interval: float = 0.03,
    describe: Callable[[], str] | None = None,
) -> T:
    """Poll `probe` until it returns something truthy; fail with `what` (and a description)."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() >= deadline:
            detail = f"\n{describe()}" if describe is not None else ""
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}{detail}")
        time.sleep(interval)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the caller binds it at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A small, fixed environment like a fresh login: no COLORTERM, no user config, UTF-8."""
    env = {
        "HOME": str(home),
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "TUI_NEWS_CONFIG": str(home / "no-config.toml"),
    }
    env.update(extra)
    return env


# --- the fixture articles ------------------------------------------------------------------

#: Titles in the list's default order (newest first; the undated seed comes last).
FERRY_TITLE = "Night Ferry to Quillon Island Resumes After Forty Years"
MARKET_TITLE = "Lanternfish Market Opens in Old Tram Depot"
CHOIR_TITLE = "Tideworth Choir Wins Regional Cup"
LIST_ORDER = (FERRY_TITLE, MARKET_TITLE, CHOIR_TITLE, SEED_TITLE)
FERRY_PARAGRAPHS = 40


def ferry_paragraph(number: int) -> str:
    return (
        f"Ferry paragraph {number:02d}: the crossing to Quillon takes ninety minutes and the "
        "crew of the Marigold Wren keep the lamps lit until the last passenger is ashore."
    )


def write_articles(folder: Path) -> Path:
    """Three fictional articles in three formats: long Markdown, a scraped page, JSON."""
    local = folder / "local"
    local.mkdir(parents=True)
    ferry = "\n\n".join(ferry_paragraph(n) for n in range(1, FERRY_PARAGRAPHS + 1))
    (local / "ferry.md").write_text(
        "---\n"
        f"title: {FERRY_TITLE}\n"
        "date: 2025-03-03\n"
        "author: Ines Marlowe\n"
        "category: local\n"
        "source: Quillon Courier\n"
        "tags: [ferries, islands]\n"
        "---\n\n"
        f"{ferry}\n",
        encoding="utf-8",
    )
    (local / "market.txt").write_text(
        "Business\n\n"
        f"{MARKET_TITLE}\n\n"
        "Forty stalls fill the tram depot that closed in 1968.\n\n"
        "By Arno Pellweather\n\n"
        "Published: 2 March 2025\n\n"
        "The Lanternfish market opened on Sunday with forty stalls selling bread, lamps and "
        "second-hand maps of the old tram routes.\n\n"
        "Organisers said the depot's iron roof had been repaired by volunteers over two "
        "winters, and that the market will open every weekend until October.\n",
        encoding="utf-8",
    )
    (local / "choir.json").write_text(
        json.dumps(
            {
                "title": CHOIR_TITLE,
                "published": "2025-03-01T18:00:00+00:00",
                "category": "culture",
                "source": "Tideworth Gazette",
                "byline": "Sela Okonkwo-Barr",
                "tags": ["music"],
                "blocks": [
                    {
                        "kind": "paragraph",
                        "text": "The Tideworth Choir sang three songs about the sea.",
                    },
                    {"kind": "paragraph", "text": "The cup will be shown in the town library."},
                ],
            }
        ),
        encoding="utf-8",
    )
    return folder


def build_store(tui_news: Path, articles: Path, db: Path, env: Mapping[str, str]) -> None:
    """The store a user has after a first run (bundled seed) and `tui-news load FOLDER`."""
    # The first run of the app builds it from the bundled seeds (`list` makes no store): the
    # installed package's own `open_store` does exactly that.
    build = "import sys, pathlib, tui_news.store as s; s.open_store(pathlib.Path(sys.argv[1]))"
    run([tui_news.parent / "python", "-c", build, db], env=env)
    run([tui_news, "load", articles, "--db", db], env=env)
    listed = json.loads(run([tui_news, "list", "--db", db, "--json"], env=env).stdout)
    titles = tuple(row["title"] for row in listed)
    assert titles == LIST_ORDER, titles


def starred_titles(tui_news: Path, db: Path, env: Mapping[str, str]) -> set[str]:
    listed = json.loads(run([tui_news, "list", "--db", db, "--json"], env=env).stdout)
    return {row["title"] for row in listed if row["starred"]}


# --- tmux --------------------------------------------------------------------------------------


class Tmux:
    """One private tmux server (`-L`, `-f /dev/null`) with one window, driven like a person.

    The pane runs `bash --norc --noprofile` with PS1 set to `PROMPT` in a clean environment;
    commands are typed into it with send-keys, and the screen is read with capture-pane.
    """

    def __init__(self, tmux: str, workdir: Path, *, width: int = 80, height: int = 24) -> None:
        self.binary = tmux
        self.socket = f"tui-news-e2e-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.workdir = workdir
        self.width = width
        self.height = height
        self.target = "e2e:0.0"
        self.started = False

    def _env(self) -> dict[str, str]:
        return clean_env(self.workdir, TERM="xterm-256color")

    def cmd(self, *args: str, timeout: float = 10) -> str:
        result = run(
            [self.binary, "-u", "-L", self.socket, "-f", "/dev/null", *args],
            timeout=timeout,
            env=self._env(),
            cwd=self.workdir,
        )
        return result.stdout

    def start(self, shell_env: Mapping[str, str]) -> None:
        """Start the server and a shell in an exact environment (`env -i`); wait for its prompt."""
        assignments = [f"{key}={value}" for key, value in {**shell_env, "PS1": PROMPT}.items()]
        self.cmd(
            "new-session",
            "-d",
            "-s",
            "e2e",
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            "env",
            "-i",
            *assignments,
            "bash",
            "--norc",
            "--noprofile",
        )
        self.started = True
        # escape-time is how long tmux waits after an ESC from a client before it passes it
        # on; 500 ms by default. Our keys come from send-keys (no client), but set it as users
        # should, and keep the pane open if the shell dies so its last screen can be read.
        self.cmd("set-option", "-s", "escape-time", "10")
        self.cmd("set-option", "-g", "remain-on-exit", "on")
        self.wait_for_prompt()

    def kill(self) -> None:
        """Kill the server and remove its socket file (tmux leaves it behind)."""
        if not self.started:
            return
        self.started = False
        base = [self.binary, "-L", self.socket, "-f", "/dev/null"]
        found = run(
            [*base, "display-message", "-p", "#{socket_path}"], env=self._env(), check=False
        )
        run([*base, "kill-server"], timeout=10, env=self._env(), check=False)
        path = Path(found.stdout.strip())
        if found.returncode == 0 and path.name == self.socket:
            path.unlink(missing_ok=True)

    def send(self, *keys: str) -> None:
        """Named keys (Enter, Escape, C-p) or single characters, as tmux key names."""
        self.cmd("send-keys", "-t", self.target, *keys)

    def type(self, text: str) -> None:
        """Literal text, as typed."""
        self.cmd("send-keys", "-t", self.target, "-l", text)

    def run_line(self, line: str) -> None:
        self.type(line)
        self.send("Enter")

    def screen(self, *, escapes: bool = False) -> str:
        args = ["capture-pane", "-p", "-t", self.target]
        if escapes:
            args.append("-e")
        return self.cmd(*args)

    def lines(self) -> list[str]:
        return self.screen().split("\n")

    def flag(self, name: str) -> str:
        return self.cmd("display-message", "-p", "-t", self.target, f"#{{{name}}}").strip()

    def resize(self, width: int, height: int) -> None:
        self.cmd("resize-window", "-t", "e2e:0", "-x", str(width), "-y", str(height))

    def describe(self) -> str:
        try:
            size = self.flag("pane_width") + "x" + self.flag("pane_height")
            return f"screen ({size}):\n" + self.screen()
        except (AssertionError, subprocess.TimeoutExpired) as error:
            return f"(could not read the screen: {error})"

    def wait(self, check: Callable[[str], bool], what: str, timeout: float = STEP_TIMEOUT) -> str:
        """Poll the screen until `check(screen)`; return that screen."""

        def probe() -> str | None:
            screen = self.screen()
            return screen if check(screen) else None

        return wait_for(probe, what=what, timeout=timeout, describe=self.describe)

    def wait_text(self, text: str, timeout: float = STEP_TIMEOUT) -> str:
        return self.wait(lambda screen: text in screen, f"{text!r} on screen", timeout)

    def wait_for_prompt(self, timeout: float = STEP_TIMEOUT) -> str:
        """The shell prompt is the last non-empty line (the cursor sits after it)."""

        def ready(screen: str) -> bool:
            filled = [line for line in screen.split("\n") if line.strip()]
            return bool(filled) and filled[-1].rstrip() == PROMPT.rstrip()

        return self.wait(ready, "the shell prompt", timeout)


# --- what the app shows ------------------------------------------------------------------

LIST_HEADER = re.compile(r"^ tui-news {2}(\d+) shown · (\d+) total · (\d+) unread")
READER_HEADER = re.compile(r"^ tui-news {2}article (\d+) of (\d+)")


def first_line(screen: str) -> str:
    return screen.split("\n", 1)[0]


def list_visible(screen: str, rows: int = len(LIST_ORDER)) -> bool:
    """The list screen with its rows drawn (not just the header of an empty store)."""
    match = LIST_HEADER.match(first_line(screen))
    return bool(match) and int(match.group(1)) == rows and FERRY_TITLE[:30] in screen


def reader_visible(screen: str, title_start: str, index: int | None = None) -> bool:
    match = READER_HEADER.match(first_line(screen))
    if not match or title_start not in screen:
        return False
    return index is None or int(match.group(1)) == index


def row_of(screen: str, title: str) -> str:
    """The list row that shows `title` (titles may be cut with an ellipsis)."""
    prefix = title[:30]
    for line in screen.split("\n"):
        if prefix in line:
            return line
    raise AssertionError(f"no row for {title!r} in:\n{screen}")


# --- colours -----------------------------------------------------------------------------------

SGR = re.compile(r"\x1b\[([0-9;:]*)m")


def colours_used(screen_with_escapes: str) -> set[tuple[str, ...]]:
    """Every colour in capture-pane -e output: ("256", n) or ("rgb", r, g, b) or ("basic", n)."""
    found: set[tuple[str, ...]] = set()
    for params in SGR.findall(screen_with_escapes):
        parts = [p for p in re.split(r"[;:]", params) if p != ""] or ["0"]
        i = 0
        while i < len(parts):
            code = int(parts[i])
            if code in (38, 48, 58) and i + 1 < len(parts):
                if parts[i + 1] == "5" and i + 2 < len(parts):
                    found.add(("256", parts[i + 2]))
                    i += 3
                    continue
                if parts[i + 1] == "2" and i + 4 < len(parts):
                    found.add(("rgb", *parts[i + 2 : i + 5]))
                    i += 5
                    continue
            if 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.add(("basic", str(code)))
            i += 1
    return found


def is_grey(colour: tuple[str, ...]) -> bool:
    kind = colour[0]
    if kind == "256":
        n = int(colour[1])
        return n >= 232 or n in (0, 7, 8, 15, 16, 231)
    if kind == "rgb":
        return len(set(colour[1:])) == 1
    return colour[1] in ("30", "37", "90", "97", "40", "47", "100", "107")
