"""`tui-news serve` (textual-serve) in a real browser: headless Chromium over its DevTools protocol.

textual-serve draws the app into an xterm.js canvas, so the screen text is read from xterm's
own buffer: a script added before the page's scripts run notes the page's `Terminal` object as
textual-serve's client stores it (`this.terminal = new Terminal(...)`), and the test reads its
buffer with `Runtime.evaluate`. Keys are real key events (`Input.dispatchKeyEvent`) into the
focused terminal. The DevTools websocket is spoken with aiohttp, which tui-news already
installs (textual-serve depends on it). Only loopback addresses are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import itertools
import json
import os
import signal
import subprocess
import urllib.request
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from e2e_support import (
    FERRY_TITLE,
    MARKET_TITLE,
    SEED_TITLE,
    InstalledApp,
    Workspace,
    clean_env,
    first_line,
    free_port,
    list_visible,
    need_tool,
    port_open,
    reader_visible,
    wait_for,
)

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",  # chromium picks a free port and writes DevToolsActivePort
    "--window-size=1100,800",
    # No name resolves but 127.0.0.1 (the rules apply to address literals too): the page's
    # only outside request, a web font in textual-serve's template, fails without leaving
    # this machine.
    # `rebound.example` stands for an attacker's name pointed at 127.0.0.1 (DNS rebinding).
    "--host-resolver-rules=MAP rebound.example 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# Runs before the page's own scripts: the first object given a `terminal` property that looks
# like an xterm.js Terminal is kept as window.__tuiNewsTerminal. The property is then made an
# ordinary own property of that object, so the page works as before.
HOOK = """
(() => {
  Object.defineProperty(Object.prototype, "terminal", {
    configurable: true,
    get() { return undefined; },
    set(value) {
      Object.defineProperty(this, "terminal", {
        value, writable: true, configurable: true, enumerable: true,
      });
      if (value && typeof value === "object" && "buffer" in value && !window.__tuiNewsTerminal) {
        window.__tuiNewsTerminal = value;
      }
    },
  });
})();
"""
SCREEN = """
(() => {
  const term = window.__tuiNewsTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
})()
"""

# key: (key, code, windowsVirtualKeyCode, text)
KEYS: dict[str, tuple[str, str, int, str]] = {
    "Enter": ("Enter", "Enter", 13, "\r"),
    "Escape": ("Escape", "Escape", 27, ""),
    "/": ("/", "Slash", 191, "/"),
}


def _listeners(port: int) -> list[str]:
    """The addresses of TCP sockets listening on `port` (from /proc/net, IPv4 and IPv6)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            rows = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            address, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            assert len(address) == width
            # The kernel prints each 32-bit word in host (little-endian) byte order.
            raw = b"".join(
                bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, len(address), 8)
            )
            found.append(str(ipaddress.ip_address(raw)))
    return found


def _is_loopback(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback


@dataclass
class Served:
    url: str
    port: int
    log: Path


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """End a process started with start_new_session=True and everything it started."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=10)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):  # its children, if it left any
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def serve(
    installed_app: InstalledApp, workspace: Workspace, tmp_path: Path
) -> Iterator[Callable[[list[str]], Served]]:
    """Start `tui-news serve --port PORT --db STORE [extra...]`; all are stopped at teardown."""
    started: list[subprocess.Popen[bytes]] = []

    def start(extra: list[str]) -> Served:
        port = free_port()
        log = tmp_path / f"serve-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [
                    str(installed_app.tui_news),
                    "serve",
                    "--port",
                    str(port),
                    "--db",
                    str(workspace.db),
                    *extra,
                ],
                env=clean_env(workspace.home, TERM="xterm-256color"),
                cwd=workspace.home,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        started.append(process)
        wait_for(
            lambda: bool(_listeners(port)) or process.poll() is not None,
            what=f"tui-news serve to listen on port {port}",
            timeout=30,
            describe=lambda: log.read_text(errors="replace"),
        )
        assert process.poll() is None, log.read_text(errors="replace")
        return Served(f"http://127.0.0.1:{port}/", port, log)

    yield start
    for process in started:
        kill_group(process)


def test_serve_listens_on_loopback_only_by_default(serve: Callable[[list[str]], Served]) -> None:
    served = serve([])  # no --host
    addresses = _listeners(served.port)
    assert addresses, "nothing listens"
    assert all(_is_loopback(a) for a in addresses), addresses
    assert port_open(served.port), "the page is reachable on 127.0.0.1"
    with urllib.request.urlopen(served.url, timeout=10) as response:
        page = response.read().decode("utf-8", errors="replace")
    assert "tui-news" in page and "textual-terminal" in page


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[str]:
    """Headless Chromium on a DevTools port of its own; yields the page target's websocket URL."""
    binary = need_tool(CHROMIUM, "chromium")
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    log = tmp_path / "chromium.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            env=clean_env(tmp_path),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        active = profile / "DevToolsActivePort"

        def devtools_port() -> int | None:
            if process.poll() is not None:
                raise AssertionError("chromium exited:\n" + log.read_text(errors="replace"))
            lines = active.read_text().splitlines() if active.exists() else []
            return int(lines[0]) if len(lines) >= 2 else None

        port = wait_for(devtools_port, what="chromium's DevTools port", timeout=30)

        def page_target() -> str | None:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=5) as r:
                targets = json.load(r)
            pages = [t for t in targets if t.get("type") == "page"]
            return str(pages[0]["webSocketDebuggerUrl"]) if pages else None

        yield wait_for(page_target, what="chromium's page", timeout=30)
    finally:
        kill_group(process)


class DevTools:
    """A minimal Chrome DevTools Protocol client: commands by id, events ignored."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.ws.send_str(json.dumps({"id": number, "method": method, "params": params}))
        async with asyncio.timeout(20):
            while True:
                message = await self.ws.receive()
                if message.type != aiohttp.WSMsgType.TEXT:
                    raise AssertionError(f"DevTools connection: {message.type} {message.data}")
                data = json.loads(message.data)
                if data.get("id") == number:
                    if "error" in data:
                        raise AssertionError(f"{method}: {data['error']}")
                    result: dict[str, Any] = data["result"]
                    return result

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"JS error: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def screen(self) -> str:
        return str(await self.evaluate(SCREEN) or "")

    async def wait(self, check: Callable[[str], bool], what: str, timeout: float = 30) -> str:
        screen = ""
        try:
            async with asyncio.timeout(timeout):
                while True:
                    screen = await self.screen()
                    if check(screen):
                        return screen
                    await asyncio.sleep(0.05)
        except TimeoutError:
            state = await self.evaluate(
                "`${location.href} body.class=${document.body && document.body.className}"
                " terminal=${Boolean(window.__tuiNewsTerminal)}`"
            )
            raise AssertionError(
                f"timed out waiting for {what}; page: {state}; it shows:\n{screen}"
            ) from None

    async def press(self, key: str) -> None:
        if key in KEYS:
            name, code, keycode, text = KEYS[key]
        else:  # a lower-case letter
            assert len(key) == 1 and key.isalpha() and key.islower(), key
            name, code, keycode, text = key, f"Key{key.upper()}", ord(key.upper()), key
        down = {"key": name, "code": code, "windowsVirtualKeyCode": keycode}
        if text:
            await self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **down)
        else:
            await self.call("Input.dispatchKeyEvent", type="rawKeyDown", **down)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **down)


@contextlib.asynccontextmanager
async def devtools(url: str) -> AsyncIterator[DevTools]:
    async with (
        aiohttp.ClientSession() as http,
        http.ws_connect(url, max_msg_size=0, timeout=aiohttp.ClientWSTimeout(ws_close=5)) as ws,
    ):
        yield DevTools(ws)


async def test_the_app_in_a_browser(serve: Callable[[list[str]], Served], chromium: str) -> None:
    served = serve(["--host", "127.0.0.1"])
    async with devtools(chromium) as page:
        await page.call("Page.enable")
        await page.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
        await page.call("Page.navigate", url=served.url)
        await page.wait(list_visible, "the article list in the browser")
        # Keys go where a person's would: to the terminal, focused as a click would focus it.
        await page.evaluate("window.__tuiNewsTerminal.focus()")

        await page.press("Enter")
        await page.wait(lambda s: reader_visible(s, FERRY_TITLE[:30], 1), "the reader")
        await page.press("n")
        await page.wait(lambda s: reader_visible(s, MARKET_TITLE, 2), "the next article")
        await page.press("s")
        await page.wait(lambda s: "★ starred" in first_line(s), "the star")
        await page.press("Escape")
        await page.wait(lambda s: list_visible(s) and "★" in s, "the list with the star")

        await page.press("/")
        await page.wait(lambda s: first_line(s).strip() == "Search", "the search screen")
        for character in "witkof":
            await page.press(character)
        await page.wait(lambda s: "1 result" in s and SEED_TITLE[:40] in s, "the seed article")
        await page.press("Enter")
        await page.wait(lambda s: reader_visible(s, "Backchannel Diplomacy", 1), "the article")


ATTACK_PAGE = """<!DOCTYPE html><title>another site</title><script>
window.__attack = "pending";
const ws = new WebSocket("ws://127.0.0.1:PORT/ws?width=80&height=24");
ws.onopen = () => { window.__attack = "open"; };
ws.onclose = (e) => { if (window.__attack === "pending") window.__attack = "refused " + e.code; };
</script>"""


@contextlib.asynccontextmanager
async def another_site(served_port: int) -> AsyncIterator[str]:
    """A page on another origin (another port of 127.0.0.1) that opens the app's websocket."""

    async def page(request: web.Request) -> web.Response:
        html = ATTACK_PAGE.replace("PORT", str(served_port))
        return web.Response(text=html, content_type="text/html")

    app = web.Application()
    app.router.add_get("/", page)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        await runner.cleanup()


async def test_a_page_of_another_site_cannot_drive_the_app(
    serve: Callable[[list[str]], Served], chromium: str
) -> None:
    served = serve(["--host", "127.0.0.1"])
    async with devtools(chromium) as page, another_site(served.port) as attacker:
        await page.call("Page.enable")
        await page.call("Page.navigate", url=attacker)
        async with asyncio.timeout(20):
            while (state := await page.evaluate("window.__attack || 'pending'")) == "pending":
                await asyncio.sleep(0.05)
        assert state.startswith("refused"), state

        # A name rebound to 127.0.0.1 loads nothing from the server.
        await page.call("Page.navigate", url=f"http://rebound.example:{served.port}/")
        async with asyncio.timeout(20):
            while "rebound" not in (body := await page.evaluate("document.body.innerText")):
                await asyncio.sleep(0.05)
        assert "is not the address this server serves" in body
        assert not await page.evaluate("Boolean(document.querySelector('.textual-terminal'))")
    log = " ".join(served.log.read_text(errors="replace").split())  # the log wraps lines
    assert "refused" in log and "Origin 'http://127.0.0.1:" in log
