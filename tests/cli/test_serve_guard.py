"""`tui-news serve` lets in its own pages only: the served Host and Origin, a token off loopback,
and `--max-sessions` sessions at a time.

A real server on 127.0.0.1 and a real client (aiohttp): `tui-news serve` itself in a process of
its own, or, for the rules of a server listening on every interface, the same `GuardedServer`
with the policy `tui-news serve --host 0.0.0.0` makes, bound to 127.0.0.1 only by the test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import inspect
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from textual_serve.server import Server

from tui_news.cli import build_parser
from tui_news.cli.serving import (
    CLOSE_TRY_AGAIN_LATER,
    TOKEN_COOKIE,
    GuardedServer,
    make_policy,
)

FOREIGN = "http://evil.example"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
        return True
    return False


@dataclass
class Served:
    port: int
    log: Path

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def refusals(self) -> str:
        return "\n".join(
            line for line in self.log.read_text(errors="replace").splitlines() if "refused" in line
        )


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "TUI_NEWS_CONFIG": str(home / "no-config.toml"),
        "TERM": "xterm-256color",
        "COLUMNS": "300",  # the log is not wrapped in the middle of a refusal
    }


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """`tui-news serve --port PORT --db STORE [extra...]` on 127.0.0.1; stopped at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> Served:
        port = free_port()
        log = tmp_path / f"serve-{port}.log"
        db = tmp_path / "store" / "news.json"
        command = [sys.executable, "-m", "tui_news", "serve", "--port", str(port), "--db", str(db)]
        with log.open("wb") as out:
            process = subprocess.Popen(
                [*command, *extra],
                env=_env(tmp_path),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        deadline = time.monotonic() + 30
        while not _listening(port):
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "tui-news serve did not listen"
            time.sleep(0.05)
        return Served(port, log)

    yield start
    for process in started:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
                break
        with contextlib.suppress(ProcessLookupError):  # the sessions it started, if any are left
            os.killpg(process.pid, signal.SIGKILL)


@contextlib.asynccontextmanager
async def client() -> AsyncIterator[aiohttp.ClientSession]:
    # unsafe: keep cookies from an address like 127.0.0.1, as a browser does.
    jar = aiohttp.CookieJar(unsafe=True)
    timeout = aiohttp.ClientTimeout(total=20)
    async with aiohttp.ClientSession(timeout=timeout, cookie_jar=jar) as session:
        yield session


async def _status_of_websocket(
    http: aiohttp.ClientSession, url: str, headers: dict[str, str]
) -> int:
    """The HTTP status a websocket upgrade gets (101 when it is accepted; it is closed at once)."""
    try:
        async with http.ws_connect(url, headers=headers) as ws:
            await ws.close()
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


async def test_a_page_of_another_site_cannot_open_a_session(
    serve: Callable[..., Served],
) -> None:
    served = serve()
    async with client() as http:
        url = f"ws://127.0.0.1:{served.port}/ws"
        assert await _status_of_websocket(http, url, {"Origin": FOREIGN}) == 403
        assert await _status_of_websocket(http, url, {"Origin": "null"}) == 403
        # Another port on this machine is another site too.
        other = f"http://127.0.0.1:{served.port + 1}"
        assert await _status_of_websocket(http, url, {"Origin": other}) == 403
    assert "Origin 'http://evil.example'" in served.refusals()


async def test_a_foreign_host_is_refused_so_dns_rebinding_gets_nothing(
    serve: Callable[..., Served],
) -> None:
    served = serve()
    rebound = f"evil.example:{served.port}"  # a name the attacker points at 127.0.0.1
    async with client() as http:
        async with http.get(f"{served.origin}/", headers={"Host": rebound}) as response:
            assert response.status == 403
            assert "<html" not in (await response.text()).lower()
        # The rebound page is same-origin with its own name: Origin and Host both its own.
        headers = {"Host": rebound, "Origin": f"http://{rebound}"}
        assert await _status_of_websocket(http, f"ws://127.0.0.1:{served.port}/ws", headers) == 403
        async with http.get(
            f"{served.origin}/static/js/textual.js", headers={"Host": rebound}
        ) as response:
            assert response.status == 403
    assert f"Host '{rebound}'" in served.refusals()


async def test_the_served_page_and_its_own_websocket_are_accepted(
    serve: Callable[..., Served],
) -> None:
    served = serve()
    async with client() as http:
        for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}"):
            async with http.get(f"{served.origin}/", headers={"Host": host}) as response:
                assert response.status == 200
                page = await response.text()
                assert "textual-terminal" in page
                assert f"ws://127.0.0.1:{served.port}/ws" in page
        async with http.ws_connect(
            f"ws://127.0.0.1:{served.port}/ws?width=80&height=24",
            headers={"Origin": served.origin},
        ) as ws:
            # The session's tui-news process draws its screen.
            message = await asyncio.wait_for(ws.receive(), timeout=20)
            assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), message
    assert served.refusals() == ""


async def test_sessions_beyond_max_sessions_are_refused_with_a_reason(
    serve: Callable[..., Served],
) -> None:
    served = serve("--max-sessions", "1")
    url = f"ws://127.0.0.1:{served.port}/ws"
    async with client() as http:
        # No Origin: not a browser page, let in on loopback.
        async with http.ws_connect(url) as first:
            async with http.ws_connect(url, headers={"Origin": served.origin}) as second:
                closed = await asyncio.wait_for(second.receive(), timeout=10)
                assert closed.type == aiohttp.WSMsgType.CLOSE
                assert closed.data == CLOSE_TRY_AGAIN_LATER
                assert "all 1 sessions are in use" in str(closed.extra)
            async with http.get(f"{served.origin}/") as response:
                assert response.status == 503
                assert "--max-sessions 1" in await response.text()
            await first.close()
        # The slot is free again once the first session has ended.
        deadline = time.monotonic() + 20
        while True:
            async with http.get(f"{served.origin}/") as response:
                if response.status == 200:
                    break
            assert time.monotonic() < deadline, "the first session's slot was never freed"
            await asyncio.sleep(0.1)
        assert await _status_of_websocket(http, url, {"Origin": served.origin}) == 101


@contextlib.asynccontextmanager
async def public_server(tmp_path: Path, token: str) -> AsyncIterator[str]:
    """The server `tui-news serve --host 0.0.0.0 --public-url URL --token TOKEN` makes, with
    the policy for every interface, listening on 127.0.0.1 only; yields URL."""
    port = free_port()
    public_url = f"http://127.0.0.1:{port}"
    policy = make_policy("0.0.0.0", port, public_url, token=token)
    assert not policy.loopback
    db = tmp_path / "store" / "news.json"
    command = f"{sys.executable} -m tui_news --db {db}"
    server = GuardedServer(command, host="0.0.0.0", port=port, public_url=public_url, policy=policy)
    runner = web.AppRunner(await server.make_app())
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield public_url
    finally:
        await runner.cleanup()


@pytest.fixture
def session_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in _env(tmp_path).items():
        monkeypatch.setenv(name, value)


@pytest.mark.usefixtures("session_env")
async def test_off_loopback_every_request_needs_the_token(tmp_path: Path) -> None:
    token = "s3cret-Token_value"
    async with public_server(tmp_path, token) as url, client() as http:
        origin = {"Origin": url}
        for path in ("/", f"/?token={token}x", "/?token=", "/static/js/textual.js"):
            async with http.get(url + path, allow_redirects=False) as response:
                assert response.status == 403, path
                assert "needs its token" in await response.text()
        ws_url = url.replace("http:", "ws:") + "/ws"
        assert await _status_of_websocket(http, ws_url, origin) == 403
        # With the token and no Origin: not a page of this server, and not on loopback.
        assert await _status_of_websocket(http, f"{ws_url}?token={token}", {}) == 403
        assert len(http.cookie_jar) == 0

        # The printed URL: the token goes into a cookie and out of the address bar.
        async with http.get(f"{url}/?token={token}&fontsize=18", allow_redirects=False) as r:
            assert r.status == 303
            assert r.headers["Location"] == "/?fontsize=18"
            cookie = r.cookies[TOKEN_COOKIE]
            assert cookie.value == token
            assert cookie["httponly"] is True
            assert cookie["samesite"] == "Strict"
        async with http.get(f"{url}/?fontsize=18") as response:  # the cookie, as a browser
            assert response.status == 200
            assert "textual-terminal" in await response.text()
        async with http.get(url + "/static/js/textual.js") as response:
            assert response.status == 200
        assert await _status_of_websocket(http, ws_url, origin) == 101
        assert await _status_of_websocket(http, ws_url, {"Origin": FOREIGN}) == 403


def _wired(args: list[str], monkeypatch: pytest.MonkeyPatch) -> GuardedServer:
    """The server `tui-news serve ARGS` would run (its blocking `serve` is not called)."""
    from tui_news.cli.app import cmd_serve

    made: list[GuardedServer] = []
    monkeypatch.setattr(GuardedServer, "serve", lambda self, debug=False: made.append(self))
    namespace: argparse.Namespace = build_parser().parse_args(["serve", *args])
    assert cmd_serve(namespace) == 0
    (server,) = made
    return server


@pytest.mark.parametrize("host", ["", "0", "0.0.0.0", "::", "*"])
def test_every_interface_is_never_loopback_and_gets_a_printed_token(
    host: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build_parser().parse_args(["serve", "--host", host]).host == host
    server = _wired(["--host", host, "--public-url", "http://192.0.2.10:8000"], monkeypatch)
    policy = server.guard.policy
    assert not policy.loopback
    assert policy.token is not None and len(policy.token) >= 24
    assert server.open_url() == f"http://192.0.2.10:8000/?token={policy.token}"
    assert server.host in ("", "0", "0.0.0.0", "::")  # `*` listens as asyncio spells it
    assert "token" in capsys.readouterr().err
    # Without --public-url the page would not know where to connect back to.
    from tui_news.cli.app import cmd_serve

    assert cmd_serve(build_parser().parse_args(["serve", "--host", host])) == 2


def test_loopback_needs_no_token_unless_one_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    server = _wired([], monkeypatch)
    assert server.guard.policy.loopback and server.guard.policy.token is None
    assert server.guard.policy.max_sessions == 4
    assert server.open_url() == "http://127.0.0.1:8000/"
    given = _wired(["--token", "mine", "--max-sessions", "2"], monkeypatch).guard.policy
    assert given.token == "mine" and given.max_sessions == 2
    # On loopback behind a proxy or tunnel that others reach: a token, and a Secure cookie.
    proxied = _wired(["--public-url", "https://news.example.com"], monkeypatch)
    assert not proxied.guard.policy.loopback and proxied.guard.policy.token is not None
    assert proxied.guard.policy.secure_cookie
    assert "news.example.com" in proxied.guard.policy.hosts
    assert "https://news.example.com" in proxied.guard.policy.origins


def test_textual_serve_still_builds_the_app_it_serves_with_make_app() -> None:
    # GuardedServer puts its guard in through this private textual-serve method (the only
    # hook there is); when textual-serve changes it, every request would skip the guard.
    assert callable(getattr(Server, "_make_app", None)), "textual-serve has no _make_app now"
    assert "self._make_app()" in inspect.getsource(Server.serve), (
        "textual-serve's Server.serve no longer builds its app with _make_app: "
        "move GuardedServer's hook (tui_news/cli/serving.py)"
    )
