"""Local servers for the watcher's tests, on 127.0.0.1 only, every loop bounded.

``FeedServer`` serves what a test puts in ``routes`` (changed between polls at will) and
can misbehave on demand: 500s, a drip of one byte at a time, 50 MB bodies, gzip bombs,
redirect loops, redirects to other addresses. ``requests`` records what was asked.
``HookServer`` receives webhook POSTs, failing the first ``fail_first`` of them.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

DRIP_MAX_BYTES = 200  # a drip stops after this many bytes whatever happens
HUGE_BYTES = 50 * 1024 * 1024


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    behaviour: str = "normal"  # normal, drip, huge, gzip-bomb, hang
    delay: float = 0.0


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes = b""
    at: float = field(default_factory=time.time)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: FeedServer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hangs up (timeouts, kill -9) is what these tests do on purpose


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes: without this, Nagle's algorithm and
        # the client's delayed ACK add 40 ms to every response.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        owner.record(Seen("GET", self.path, dict(self.headers)))
        route = owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            self._plain(404, b"not found")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            self.send_response(304)
            self.send_header("ETag", route.etag)
            self.end_headers()
            return
        handler = getattr(self, "_" + route.behaviour.replace("-", "_"))
        handler(route)

    def do_POST(self) -> None:
        owner = self.server.owner
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if len(body) < length:
            # The sender died mid-request (the kill -9 tests): a receiver never acts on a
            # truncated body, so it is not recorded as a delivery.
            self.close_connection = True
            return
        time.sleep(owner.post_delay)
        owner.record(Seen("POST", self.path, dict(self.headers), body))
        status = owner.post_status()
        self._plain(status, b"ok" if status < 300 else b"failing on purpose")

    def _plain(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _head(self, route: Route, length: int | None) -> None:
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        for key, value in route.headers.items():
            self.send_header(key, value)
        if length is not None:
            self.send_header("Content-Length", str(length))
        self.end_headers()

    def _normal(self, route: Route) -> None:
        self._head(route, len(route.body))
        self.wfile.write(route.body)

    def _drip(self, route: Route) -> None:
        self._head(route, DRIP_MAX_BYTES)
        try:
            for _ in range(DRIP_MAX_BYTES):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
        except OSError:
            return  # the client hung up: what a watcher should do

    def _huge(self, route: Route) -> None:
        self._head(route, None)  # no length: the client must count
        chunk = b"<p>filler</p>" * 5000
        sent = 0
        try:
            while sent < HUGE_BYTES:
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:
            return

    def _gzip_bomb(self, route: Route) -> None:
        body = self.server.owner.bomb()
        route.headers["Content-Encoding"] = "gzip"
        self._head(route, len(body))
        self.wfile.write(body)

    def _hang(self, route: Route) -> None:
        self._head(route, 100)
        time.sleep(3.0)  # longer than the tests' read timeout, bounded all the same


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.fail_first = 0
        self.post_delay = 0.0
        self._lock = threading.Lock()
        self._bomb: bytes | None = None
        self._server = _Server(self)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def post_status(self) -> int:
        with self._lock:
            posts = sum(1 for r in self.requests if r.method == "POST")
        return 500 if posts <= self.fail_first else 200

    def hits(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def posts(self) -> list[dict[str, Any]]:
        with self._lock:
            return [json.loads(r.body) for r in self.requests if r.method == "POST"]

    def bomb(self) -> bytes:
        if self._bomb is None:  # 20 MB of zeros in 20 KB
            self._bomb = gzip.compress(b"\0" * (20 * 1024 * 1024), compresslevel=1)
        return self._bomb

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


# --------------------------------------------------------------------------- content


def rss(items: list[dict[str, str]], title: str = "Health Wire") -> bytes:
    """An RSS 2.0 feed of ``items`` ({guid, link, title, date, summary})."""
    entries = "".join(
        "<item>"
        f"<title>{i['title']}</title>"
        + (f"<link>{i['link']}</link>" if i.get("link") else "")
        + (f"<guid>{i['guid']}</guid>" if i.get("guid") else "")
        + f"<pubDate>{i.get('date', 'Thu, 03 Mar 2022 10:00:00 GMT')}</pubDate>"
        f"<description>{i.get('summary', '')}</description>"
        "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://127.0.0.1/</link><description>d</description>"
        f"{entries}</channel></rss>"
    ).encode()


def article(title: str, *paragraphs: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    filler = (
        "<p>Health workers are tracing contacts in several villages, and the ministry asked "
        "residents to report any fever to the nearest clinic without delay.</p>"
    )
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"{body}{filler}</article></body></html>"
    ).encode()


OUTBREAKS = (
    ("cholera", "Haiti"),
    ("measles", "Nigeria"),
    ("dengue", "Brazil"),
    ("Ebola virus disease", "Uganda"),
    ("Marburg virus disease", "Ghana"),
    ("mpox", "the Democratic Republic of the Congo"),
    ("yellow fever", "Peru"),
    ("Lassa fever", "Liberia"),
    ("diphtheria", "Yemen"),
    ("poliomyelitis", "Pakistan"),
    ("meningitis", "Chad"),
    ("anthrax", "Kenya"),
)


def outbreak_article(n: int) -> bytes:
    """The n-th of twelve made-up reports, each about its own disease and country."""
    disease, country = OUTBREAKS[n % len(OUTBREAKS)]
    return article(
        f"{disease} in {country}",
        f"3 March 2022 - The health ministry of {country} said on Thursday that {10 + n * 7} cases of "
        f"{disease} had been confirmed since the start of the year, including {2 + n} deaths.",
    )
