"""Who may use `tui-news serve`: which addresses, pages and tokens it accepts, and how many sessions.

textual-serve (aiohttp) starts one `tui-news` process per websocket and checks nothing about who
asks, so a page on any site open in the user's browser could connect to it, and a DNS name that
an attacker points at 127.0.0.1 could reach it too. `ServeGuard` is an aiohttp middleware on
every request:

- `Host` must name the served address (`--host`/`--port`, `--public-url`, and 127.0.0.1,
  localhost and ::1 at the port when the server listens on loopback or every interface);
- `Origin`, when a request carries one, must be one of those addresses; a websocket or a
  request that changes state (not GET/HEAD/OPTIONS) with no Origin is not from a page: it is
  let in on loopback only;
- with a token (`--token`, or generated when not on loopback) every request carries it, in the
  `token` query parameter or the cookie the first page load sets (HttpOnly, SameSite=Strict);
- at most `max_sessions` websockets at a time; the next is closed with code 1013 and a reason,
  and the page says so while all sessions are taken.

Refusals are 403 (503 when full) with a plain-text reason, and a log line.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from aiohttp import web
from textual_serve.server import Server

log = logging.getLogger("tui-news.serve")

#: `--host` values that mean every interface (never loopback only).
EVERY_INTERFACE = frozenset({"", "0", "0.0.0.0", "::", "*"})
TOKEN_PARAM = "token"
TOKEN_COOKIE = "tui_news_token"
DEFAULT_MAX_SESSIONS = 4
#: Websocket close code "try again later" (RFC 6455 registry).
CLOSE_TRY_AGAIN_LATER = 1013
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
DEFAULT_PORTS = {"http": 80, "https": 443}

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def is_every_interface(host: str) -> bool:
    return host.strip() in EVERY_INTERFACE


def is_loopback(host: str) -> bool:
    """True for localhost and loopback address literals; any other name may resolve elsewhere."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def serves_loopback_only(host: str, public_url: str) -> bool:
    """Listening on loopback and reached there: a public URL elsewhere means a proxy or tunnel."""
    public = urlsplit(public_url).hostname or ""
    return is_loopback(host) and not is_every_interface(host) and is_loopback(public)


def bind_address(host: str) -> str:
    """The address to listen on: `*` is every interface, spelt as asyncio spells it ("")."""
    return "" if host.strip() == "*" else host.strip()


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


@dataclass(frozen=True)
class ServePolicy:
    """What the guard accepts; built by `make_policy` from the command's options."""

    hosts: frozenset[str]  # Host header values, lower case, port left out only where default
    origins: frozenset[str]  # Origin header values, lower case
    loopback: bool  # listening on this machine only
    token: str | None
    max_sessions: int
    secure_cookie: bool


def make_policy(
    host: str,
    port: int,
    public_url: str,
    *,
    token: str | None,
    max_sessions: int = DEFAULT_MAX_SESSIONS,
    loopback: bool | None = None,
) -> ServePolicy:
    """The policy for a server listening on `host`:`port` and reached at `public_url`.

    `loopback` defaults to `serves_loopback_only`; tests serving on 127.0.0.1 pass False to get the
    rules of a public server.
    """
    public = urlsplit(public_url)
    if loopback is None:
        loopback = serves_loopback_only(host, public_url)
    scheme = public.scheme.lower() or "http"
    addresses: list[tuple[str, str, int]] = []
    if public.hostname:
        addresses.append((scheme, public.hostname, public.port or DEFAULT_PORTS.get(scheme, 80)))
    if is_every_interface(host) or is_loopback(host):
        addresses += [("http", name, port) for name in LOOPBACK_NAMES]
    if not is_every_interface(host):
        addresses.append(("http", host.strip().strip("[]"), port))
    hosts: set[str] = set()
    origins: set[str] = set()
    for address_scheme, name, address_port in addresses:
        shown = _bracketed(name.lower())
        default = address_port == DEFAULT_PORTS.get(address_scheme)
        hosts.add(f"{shown}:{address_port}")
        if default:
            hosts.add(shown)
        origins.add(f"{address_scheme}://{shown}" + ("" if default else f":{address_port}"))
    return ServePolicy(
        hosts=frozenset(hosts),
        origins=frozenset(origins),
        loopback=loopback,
        token=token,
        max_sessions=max_sessions,
        secure_cookie=scheme == "https",
    )


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _token_matches(supplied: str | None, token: str) -> bool:
    if supplied is None:
        return False
    # Bytes: compare_digest refuses str with non-ASCII characters, which a client may send.
    return hmac.compare_digest(supplied.encode("utf-8", "replace"), token.encode("utf-8"))


class ServeGuard:
    """The middleware that applies a `ServePolicy` and counts the open sessions."""

    def __init__(self, policy: ServePolicy) -> None:
        self.policy = policy
        self.sessions = 0

    def refuse(self, request: web.Request, reason: str, status: int = 403) -> web.Response:
        log.warning(
            "tui-news: refused %s %r from %s: %s",
            request.method,
            request.path,
            request.remote,
            reason,
        )
        return web.Response(status=status, text=f"tui-news: {reason}\n")

    def check(self, request: web.Request, websocket: bool) -> str | None:
        """Why the request is refused, or None."""
        policy = self.policy
        host = request.headers.get("Host")
        if host is None or host.lower() not in policy.hosts:
            return f"Host {host!r} is not the address this server serves"
        origin = request.headers.get("Origin")
        if origin is not None:
            if origin.lower() not in policy.origins:
                return f"Origin {origin!r} is not a page of this server"
        elif (websocket or request.method not in SAFE_METHODS) and not policy.loopback:
            return "no Origin: only pages of this server may connect"
        if policy.token is not None and not (
            _token_matches(request.query.get(TOKEN_PARAM), policy.token)
            or _token_matches(request.cookies.get(TOKEN_COOKIE), policy.token)
        ):
            return "this server needs its token: open the URL `tui-news serve` printed (…/?token=…)"
        return None

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        websocket = request.headers.get("Upgrade", "").lower() == "websocket"
        reason = self.check(request, websocket)
        if reason is not None:
            return self.refuse(request, reason)
        if websocket:
            return await self.session(request, handler)
        if request.path == "/" and request.method == "GET":
            if self.sessions >= self.policy.max_sessions:
                return self.refuse(request, self.full_reason(), status=503)
            if TOKEN_PARAM in request.query and self.policy.token is not None:
                return self.remember_token(request)
        return await handler(request)

    def full_reason(self) -> str:
        limit = self.policy.max_sessions
        return (
            f"all {limit} sessions are in use (tui-news serve --max-sessions {limit}): "
            "close another tab and reload"
        )

    async def session(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if self.sessions >= self.policy.max_sessions:
            self.refuse(request, self.full_reason())
            refused = web.WebSocketResponse()
            await refused.prepare(request)
            await refused.close(code=CLOSE_TRY_AGAIN_LATER, message=self.full_reason().encode())
            return refused
        # Counted before the first await, so two upgrades at once cannot both take the last one.
        self.sessions += 1
        try:
            return await handler(request)  # returns when the session ends
        finally:
            self.sessions -= 1

    def remember_token(self, request: web.Request) -> web.Response:
        """Keep the token in a cookie and load the page again without it in the address."""
        query = {k: v for k, v in request.query.items() if k != TOKEN_PARAM}
        response = web.Response(
            status=303, headers={"Location": str(request.rel_url.with_query(query))}
        )
        assert self.policy.token is not None
        response.set_cookie(
            TOKEN_COOKIE,
            self.policy.token,
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.policy.secure_cookie,
        )
        return response


class GuardedServer(Server):
    """textual-serve's server with `ServeGuard` in front of every route."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str,
        policy: ServePolicy,
        title: str = "tui-news",
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.guard = ServeGuard(policy)

    def open_url(self) -> str:
        base = self.public_url.rstrip("/") + "/"
        token = self.guard.policy.token
        return base if token is None else f"{base}?{TOKEN_PARAM}={quote(token, safe='')}"

    async def make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard.middleware)
        return app

    # textual-serve (1.1) has no public hook for middleware: `serve` runs the app `_make_app`
    # builds, so the guard goes in there. tests/cli/test_serve_guard.py fails if `serve` stops
    # calling it (a request through `tui-news serve` would get past the guard).
    _make_app = make_app

    async def on_startup(self, app: web.Application) -> None:
        await super().on_startup(app)
        self.console.print(f"Open {self.open_url()}", markup=False, highlight=False)
