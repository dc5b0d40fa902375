"""The installed app over a real SSH session: OpenSSH's sshd on 127.0.0.1, ssh -tt in tmux.

The test starts its own sshd on a free loopback port with a throwaway host key and user key, a
minimal config in a temp folder, and logs in as the current user with `ssh -tt` from a tmux
pane, running `TERM=xterm-256color tui-news --db STORE` as the remote command, the way people
use the app on a server. Then the same keys as in the tmux tests: navigate, search, quit; and
a dropped connection (the ssh client killed) must not lose the reading position.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shlex
import signal
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_support import (
    FERRY_PARAGRAPHS,
    FERRY_TITLE,
    MARKET_TITLE,
    SEED_TITLE,
    InstalledApp,
    Tmux,
    Workspace,
    app_processes,
    clean_env,
    first_line,
    free_port,
    list_visible,
    need_tool,
    port_open,
    reader_visible,
    row_of,
    run,
    starred_titles,
    wait_for,
)

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class SshServer:
    port: int
    user: str
    key: Path
    ssh: str
    log: Path

    def command(self, remote: str) -> str:
        """The ssh command line a user types, running `remote` on a pseudo-terminal."""
        options = [
            "-tt",
            "-F",
            "/dev/null",
            "-i",
            str(self.key),
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "BatchMode=yes",
            "-o",
            "StrictHostKeyChecking=no",
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "LogLevel=ERROR",
            "-o",
            "ConnectTimeout=10",
            "-p",
            str(self.port),
        ]
        return shlex.join([self.ssh, *options, f"{self.user}@127.0.0.1", remote])


def _sshd_config(folder: Path, port: int, user: str) -> Path:
    config = folder / "sshd_config"
    config.write_text(
        f"""\
Port {port}
ListenAddress 127.0.0.1
AddressFamily inet
HostKey {folder / "host_key"}
PidFile {folder / "sshd.pid"}
AuthorizedKeysFile {folder / "authorized_keys"}
StrictModes no
UsePAM no
# Root logs in with the throwaway key only (CI runs as root); no passwords at all.
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers {user}
AllowTcpForwarding no
AllowAgentForwarding no
X11Forwarding no
PermitTTY yes
PermitUserEnvironment no
PrintMotd no
PrintLastLog no
LogLevel VERBOSE
""",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SshServer]:
    sshd_binary = need_tool("/usr/sbin/sshd", "openssh-server")
    ssh = need_tool("ssh", "openssh-client")
    keygen = need_tool("ssh-keygen", "openssh-client")
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "user_key"):
        run(
            [
                keygen,
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                f"tui-news-e2e-{name}",
                "-f",
                folder / name,
            ]
        )
    (folder / "authorized_keys").write_text(
        (folder / "user_key.pub").read_text(encoding="utf-8"), encoding="utf-8"
    )
    user = pwd.getpwuid(os.getuid()).pw_name
    port = free_port()
    config = _sshd_config(folder, port, user)
    # The privilege separation folder sshd insists on (root only; CI runs as root).
    with contextlib.suppress(PermissionError):
        Path("/run/sshd").mkdir(mode=0o755, parents=True, exist_ok=True)
    run([sshd_binary, "-t", "-f", config], timeout=20)  # the config is valid
    log = folder / "sshd.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sshd_binary, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: port_open(port) or process.poll() is not None,
            what=f"sshd to listen on 127.0.0.1:{port}",
            timeout=20,
            describe=lambda: log.read_text(errors="replace"),
        )
        assert process.poll() is None, "sshd exited:\n" + log.read_text(errors="replace")
        yield SshServer(port, user, folder / "user_key", ssh, log)
    finally:
        # sshd and every session it forked are in its process group.
        with_group(process, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with_group(process, signal.SIGKILL)
            process.wait(timeout=10)


def with_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


@dataclass
class Session:
    tmux: Tmux
    workspace: Workspace
    app: InstalledApp
    sshd: SshServer

    def login(self) -> None:
        remote = shlex.join(
            [
                "env",
                "TERM=xterm-256color",
                f"TUI_NEWS_CONFIG={self.workspace.home / 'no-config.toml'}",
                str(self.app.tui_news),
                "--db",
                str(self.workspace.db),
            ]
        )
        self.tmux.run_line(self.sshd.command(remote) + '; echo "ssh-exit=$?"')
        self.tmux.wait(list_visible, "the article list over ssh", timeout=30)

    def describe(self) -> str:
        return self.tmux.describe() + "\nsshd log:\n" + self.sshd.log.read_text(errors="replace")


@pytest.fixture
def session(
    sshd: SshServer,
    tmux_factory: Callable[..., Tmux],
    installed_app: InstalledApp,
    workspace: Workspace,
) -> Iterator[Session]:
    tmux = tmux_factory()
    tmux.start(clean_env(workspace.home, TERM="xterm-256color"))
    yield Session(tmux, workspace, installed_app, sshd)
    for pid in app_processes(workspace.db):  # only our own, found by our store's path
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def test_navigate_star_search_and_quit_over_ssh(session: Session) -> None:
    session.login()
    tmux = session.tmux
    tmux.send("Enter")
    tmux.wait(lambda s: reader_visible(s, FERRY_TITLE[:30], 1), "the first article")
    tmux.send("G")
    tmux.wait(lambda s: f"Ferry paragraph {FERRY_PARAGRAPHS:02d}:" in s, "the end of it")
    tmux.send("n")
    tmux.wait(lambda s: reader_visible(s, MARKET_TITLE, 2), "the next article")
    tmux.send("s")
    tmux.wait(lambda s: "★ starred" in first_line(s), "the star")
    tmux.send("Escape")
    screen = tmux.wait(lambda s: list_visible(s) and "★" in s, "the list with the star")
    assert "★" in row_of(screen, MARKET_TITLE)

    tmux.send("/")
    tmux.wait(lambda s: first_line(s).strip() == "Search", "the search screen")
    for character in "witkof":
        tmux.send(character)
    tmux.wait(lambda s: "1 result" in s and SEED_TITLE[:40] in s, "the seed article found")
    tmux.send("Enter")
    tmux.wait(lambda s: reader_visible(s, "Backchannel Diplomacy", 1), "the seed article")
    tmux.send("Escape")
    tmux.wait(lambda s: first_line(s).strip() == "Search", "search again")
    tmux.send("Escape")
    tmux.wait(list_visible, "the list")

    tmux.send("q")
    screen = tmux.wait_for_prompt()
    assert "ssh-exit=0" in screen, screen
    assert tmux.flag("alternate_on") == "0"
    assert tmux.flag("mouse_any_flag") == "0"
    assert tmux.flag("cursor_flag") == "1"
    assert "4 shown" not in screen
    assert starred_titles(
        session.app.tui_news, session.workspace.db, clean_env(session.workspace.home)
    ) == {MARKET_TITLE}
    wait_for(
        lambda: not app_processes(session.workspace.db), what="the remote app to end", timeout=10
    )


def test_dropped_connection_keeps_the_reading_position(
    session: Session, tmux_factory: Callable[..., Tmux]
) -> None:
    """Kill the ssh client mid-article: the remote app gets SIGHUP, saves, and exits."""
    session.login()
    tmux = session.tmux
    tmux.send("Enter")
    tmux.wait(lambda s: reader_visible(s, FERRY_TITLE[:30], 1), "the first article")
    tmux.send("G")
    tmux.wait(lambda s: f"Ferry paragraph {FERRY_PARAGRAPHS:02d}:" in s, "the end of it")
    assert app_processes(session.workspace.db), "the remote app should be running"

    shell = int(tmux.flag("pane_pid"))
    children = Path(f"/proc/{shell}/task/{shell}/children").read_text().split()
    assert len(children) == 1, children  # the ssh client, started by the pane's shell
    os.kill(int(children[0]), signal.SIGKILL)  # the network is gone, as far as sshd knows
    # The local terminal is left as the app drew it (nobody can restore it): only the shell's
    # report shows that ssh ended.
    tmux.wait_text("ssh-exit=137")
    wait_for(
        lambda: not app_processes(session.workspace.db),
        what="the remote app to exit after the connection dropped",
        timeout=15,
        describe=session.describe,
    )

    again = tmux_factory()  # a new terminal, as after a reconnect
    again.start(clean_env(session.workspace.home, TERM="xterm-256color"))
    second = Session(again, session.workspace, session.app, session.sshd)
    second.login()
    again.send("Enter")
    last = f"Ferry paragraph {FERRY_PARAGRAPHS:02d}:"
    screen = again.wait(
        lambda s: reader_visible(s, last, 1),
        "the article reopened where it was left (the reading position was saved on SIGHUP)",
    )
    assert "Ferry paragraph 01:" not in screen
