"""Who is asking: sessions (cookie) and API tokens (``Authorization: Bearer``), CSRF
checks, login rate limiting and the security headers, as one ASGI middleware.

Every request except ``/health``, ``/login`` and the vendored ``/static`` files must carry a
valid session or token; otherwise pages redirect to the login form and the API answers 401.
Every state-changing request made with the session cookie must carry the session's CSRF
token (form field ``csrf_token`` or header ``X-CSRF-Token``); token-authenticated scripts
send no cookie and need none.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any, Literal
from urllib.parse import parse_qs, quote

from episignal.serve.db import Database
from episignal.store.accounts import Role, Session, User

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SESSION_COOKIE = "episignal_session"
LOGIN_COOKIE = "episignal_login"  # double-submit CSRF token of the login form
PUBLIC_PATHS = frozenset({"/health", "/login"})
PUBLIC_PREFIXES = ("/static/",)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_FORM_BYTES = 1_000_000
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


@dataclass(frozen=True, slots=True)
class Principal:
    user: User
    via: Literal["session", "token"]
    session: Session | None = None
    session_token: str | None = None

    @property
    def csrf_token(self) -> str:
        return self.session.csrf_token if self.session is not None else ""

    def can(self, role: Role) -> bool:
        return self.user.can(role)


class LoginLimiter:
    """At most ``attempts`` failed logins per ``window_s`` per client address and per user
    name (in this process); a success clears the name's count."""

    def __init__(self, attempts: int = 5, window_s: float = 300.0) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, *keys: str) -> float:
        """Seconds until another attempt is allowed (0 when it is now)."""
        now = time.monotonic()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.attempts:
                    wait = max(wait, times[0] + self.window_s - now)
        return wait

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window_s:
            times.popleft()
        return times


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def wants_json(scope: Scope) -> bool:
    if scope["path"].startswith("/api/") or scope["path"] == "/openapi.json":
        return True
    accept = header(scope, b"accept")
    return "application/json" in accept and "text/html" not in accept


def header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers") or []:
        if key == name:
            return bytes(value).decode("latin-1")
    return ""


def cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header(scope, b"cookie"))
    except Exception:  # a malformed Cookie header is treated as no cookie
        return {}
    return {k: m.value for k, m in jar.items()}


def identify(db: Database, scope: Scope) -> Principal | None:
    """The principal behind a request's bearer token or session cookie, if any."""
    bearer = header(scope, b"authorization")
    if bearer[:7].lower() == "bearer ":
        user = db.accounts().token_user(bearer[7:].strip())
        return None if user is None else Principal(user, "token")
    token = cookies(scope).get(SESSION_COOKIE)
    if not token:
        return None
    session = db.accounts().session(token)
    return None if session is None else Principal(session.user, "session", session, token)


class AuthMiddleware:
    """Refuses anonymous requests, checks CSRF tokens, adds the security headers."""

    def __init__(self, app: ASGIApp, db: Database) -> None:
        self.app = app
        self.db = db

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = with_security_headers(send, scope["path"])
        if is_public(scope["path"]):
            await self.app(scope, receive, send)
            return
        # On the event loop, not in the thread pool: one indexed lookup by the token's
        # hash (tens of microseconds; WAL readers never wait for the writer) costs less
        # than a hop to a request thread, which under load queues for a thread and the GIL.
        principal = identify(self.db, scope)
        if principal is None:
            await refuse_anonymous(scope, send)
            return
        if scope["method"] in UNSAFE_METHODS and principal.via == "session":
            ok, receive = await csrf_ok(scope, receive, principal.csrf_token)
            if not ok:
                await plain(send, 403, "missing or wrong CSRF token; reload the page and retry")
                return
        scope.setdefault("state", {})["principal"] = principal
        await self.app(scope, receive, send)


def with_security_headers(send: Send, path: str) -> Send:
    """Add the security headers, and ``Server-Timing: app;dur=MS`` (the time from the
    request to the start of the response, in this process: what a client waits beyond it
    is the network and the queue before the server took the request)."""
    started = time.perf_counter()

    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers") or [])
            headers.extend(SECURITY_HEADERS)
            if not path.startswith("/static/"):
                headers.append((b"cache-control", b"no-store"))
            spent = (time.perf_counter() - started) * 1000
            headers.append((b"server-timing", f"app;dur={spent:.1f}".encode()))
            message["headers"] = headers
        await send(message)

    return sender


async def refuse_anonymous(scope: Scope, send: Send) -> None:
    if wants_json(scope):
        await plain(send, 401, "login required", json_body=True, bearer=True)
        return
    target = scope["path"] + (
        ("?" + scope["query_string"].decode()) if scope["query_string"] else ""
    )
    location = "/login?next=" + quote(target, safe="")
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def plain(
    send: Send, status: int, text: str, *, json_body: bool = False, bearer: bool = False
) -> None:
    body = json.dumps({"detail": text}).encode() if json_body else text.encode()
    kind = b"application/json" if json_body else b"text/plain; charset=utf-8"
    headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode())]
    if bearer:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def csrf_ok(scope: Scope, receive: Receive, expected: str) -> tuple[bool, Receive]:
    """Whether the request carries ``expected`` (header, else urlencoded form field), and
    a ``receive`` that replays the body the check may have read."""
    sent = header(scope, b"x-csrf-token")
    if sent:
        return secrets.compare_digest(sent, expected), receive
    if not header(scope, b"content-type").startswith("application/x-www-form-urlencoded"):
        return False, receive
    body = await read_body(receive)
    if body is None:
        return False, receive
    fields = parse_qs(body.decode("utf-8", "replace"))
    given = (fields.get("csrf_token") or [""])[0]
    return secrets.compare_digest(given, expected), replay(body)


async def read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_FORM_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


def replay(body: bytes) -> Receive:
    done = False

    async def receive() -> Message:
        nonlocal done
        if done:
            return {"type": "http.disconnect"}
        done = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive
