"""Polite, bounded HTTP for the watcher.

One GET: http/https only; robots.txt obeyed; at most ``per_host`` requests to a host at a
time (and its Crawl-delay between them); redirects followed by hand, at most
``max_redirects``, each hop checked like the first; conditional requests (ETag,
Last-Modified); the body decompressed here, with the cap applied to what comes out of the
decompressor (a 1 KB gzip bomb is refused after ``max_bytes``, not after 1 GB); a total
deadline, so a server that drips a byte a second is cut off too. No retries here: a
failing source is retried by the scheduler, with back-off.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from episignal.errors import FetchError
from episignal.watch.robots import RobotsCache
from episignal.watch.safety import (
    GuardedTransport,
    Policy,
    Resolver,
    UnsafeAddress,
    address_problem,
    system_resolver,
)
from episignal.watch.settings import FetchSettings

log = logging.getLogger(__name__)

ROBOTS_MAX_BYTES = 512_000
_REDIRECTS = (301, 302, 303, 307, 308)


class FetchFailure(FetchError):
    """A fetch that failed: ``transient`` failures (5xx, 429, timeouts, network) are worth
    another try later; ``retry_after`` is the server's own wish, in seconds."""

    def __init__(
        self,
        reason: str,
        *,
        transient: bool = False,
        retry_after: float | None = None,
        refused: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient
        self.retry_after = retry_after
        self.refused = refused  # we would not connect (address or scheme), not the server

    def __str__(self) -> str:
        return self.reason


class Interrupted(FetchFailure):
    """The watcher is stopping: the fetch was abandoned."""

    def __init__(self) -> None:
        super().__init__("interrupted: the watcher is stopping", transient=True)


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int
    mime: str  # media type, lower case, without parameters
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out


class HostSlots:
    """At most ``per_host`` requests to one host at a time, ``delay`` seconds apart."""

    def __init__(self, per_host: int, stop: threading.Event) -> None:
        self.per_host = per_host
        self.stop = stop
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    @contextmanager
    def slot(self, host: str, delay: float = 0.0) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(self.per_host))
        while not semaphore.acquire(timeout=0.2):
            if self.stop.is_set():
                raise Interrupted()
        try:
            self._wait_turn(host, delay)
            yield
        finally:
            semaphore.release()

    def _wait_turn(self, host: str, delay: float) -> None:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next_start.get(host, now))
            self._next_start[host] = start + delay
        if start > now and self.stop.wait(start - now):
            raise Interrupted()


class SafeFetcher:
    """GETs (and webhook POSTs) under the rules above; safe to share between threads."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        stop: threading.Event | None = None,
        resolver: Resolver = system_resolver,
        policy: Policy = address_problem,
    ) -> None:
        self.settings = settings or FetchSettings()
        self.stop = stop or threading.Event()
        self.hosts = HostSlots(self.settings.per_host, self.stop)
        self.robots = RobotsCache(self._robots_body, self.settings)
        self._resolver = resolver
        self._policy = policy
        self._clients: dict[bool, httpx.Client] = {}
        self._lock = threading.Lock()

    def client(self, allow_private: bool) -> httpx.Client:
        with self._lock:
            if allow_private not in self._clients:
                s = self.settings
                self._clients[allow_private] = httpx.Client(
                    transport=GuardedTransport(
                        allow_private=allow_private,
                        resolver=self._resolver,
                        policy=self._policy,
                    ),
                    timeout=httpx.Timeout(s.read_timeout_s, connect=s.connect_timeout_s),
                    headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
                    follow_redirects=False,
                    trust_env=False,
                )
            return self._clients[allow_private]

    def close(self) -> None:
        with self._lock:
            for client in self._clients.values():
                client.close()
            self._clients.clear()

    # ----------------------------------------------------------------------- GET

    def get(
        self,
        url: str,
        *,
        allow_private: bool,
        max_bytes: int | None = None,
        validators: Validators | None = None,
        accept: str | None = None,
    ) -> Response:
        """GET ``url``: a 2xx body or a 304; anything else raises :class:`FetchFailure`."""
        cap = max_bytes or self.settings.max_bytes
        headers = (validators or Validators()).headers()
        if accept:
            headers["Accept"] = accept
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            check_scheme(current)
            delay = self._robots_delay(current, allow_private)
            with self.hosts.slot(_host_key(current), delay):
                deadline = time.monotonic() + self.settings.total_timeout_s
                response, target = self._request(current, headers, allow_private, cap, deadline)
            if target is None:
                return response
            current = target
        raise FetchFailure(f"too many redirects (more than {self.settings.max_redirects})")

    def _robots_delay(self, url: str, allow_private: bool) -> float:
        if not self.settings.robots:
            return 0.0
        verdict = self.robots.check(url, allow_private)
        if not verdict.allowed:
            raise FetchFailure(f"disallowed by robots.txt: {verdict.reason}")
        return verdict.crawl_delay

    def _request(
        self, url: str, headers: dict[str, str], allow_private: bool, cap: int, deadline: float
    ) -> tuple[Response, str | None]:
        """One request: the response, or the next URL when it is a redirect."""
        try:
            with self.client(allow_private).stream("GET", url, headers=headers) as r:
                if r.status_code in _REDIRECTS and r.headers.get("Location"):
                    return _empty(r), urljoin(url, r.headers["Location"])
                _check_status(r)
                if r.status_code == 304:
                    return _empty(r), None
                body = self._read(r, cap, deadline)
        except UnsafeAddress as exc:
            raise FetchFailure(str(exc), refused=True) from None
        except httpx.TimeoutException as exc:
            raise FetchFailure(f"timed out: {type(exc).__name__}", transient=True) from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise FetchFailure(f"network error: {_describe(exc)}", transient=True) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise FetchFailure(f"cannot fetch: {_describe(exc)}") from None
        return (
            Response(
                str(r.url),
                r.status_code,
                _mime(r),
                body,
                r.headers.get("ETag"),
                r.headers.get("Last-Modified"),
            ),
            None,
        )

    def _read(self, r: httpx.Response, cap: int, deadline: float) -> bytes:
        declared = _int_or_none(r.headers.get("Content-Length"))
        encoding = r.headers.get("Content-Encoding", "identity").strip().lower()
        if declared is not None and declared > cap and encoding == "identity":
            raise FetchFailure(f"too large: {declared} bytes declared > {cap}")
        decoder = CappedDecoder(encoding, cap)
        parts: list[bytes] = []
        for chunk in r.iter_raw():
            if self.stop.is_set():
                raise Interrupted()
            if time.monotonic() > deadline:
                total = self.settings.total_timeout_s
                raise FetchFailure(f"timed out: response took over {total:g} s", transient=True)
            parts.append(decoder.feed(chunk))
        parts.append(decoder.flush())
        return b"".join(parts)

    def _robots_body(self, url: str, allow_private: bool) -> tuple[int, bytes]:
        """robots.txt's status and body (redirects followed, capped); no robots check."""
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            check_scheme(current)
            with self.hosts.slot(_host_key(current)):
                deadline = time.monotonic() + self.settings.total_timeout_s
                try:
                    response, target = self._request(
                        current, {}, allow_private, ROBOTS_MAX_BYTES, deadline
                    )
                except FetchFailure as exc:
                    if exc.reason.startswith("HTTP 4"):
                        return 404, b""
                    raise
            if target is None:
                return response.status, response.body
            current = target
        raise FetchFailure("robots.txt: too many redirects")

    # ----------------------------------------------------------------------- POST

    def post_json(
        self,
        url: str,
        body: bytes,
        *,
        headers: dict[str, str],
        allow_private: bool,
        timeout_s: float,
    ) -> int:
        """POST a JSON body (webhooks); no redirects followed; returns the status code."""
        check_scheme(url)
        try:
            response = self.client(allow_private).post(
                url,
                content=body,
                headers={"Content-Type": "application/json", **headers},
                timeout=timeout_s,
            )
        except UnsafeAddress as exc:
            raise FetchFailure(str(exc), refused=True) from None
        except httpx.TimeoutException as exc:
            raise FetchFailure(f"timed out: {type(exc).__name__}", transient=True) from None
        except httpx.HTTPError as exc:
            raise FetchFailure(f"cannot post: {_describe(exc)}", transient=True) from None
        if response.status_code >= 300:
            transient = response.status_code >= 500 or response.status_code == 429
            raise FetchFailure(_status_text(response), transient=transient)
        return response.status_code


def check_scheme(url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchFailure(f"invalid URL {url!r}: {exc}") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchFailure(f"refused {url}: only http and https URLs are fetched", refused=True)
    if not parts.hostname:
        raise FetchFailure(f"invalid URL {url!r}: no host name")


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}"


def _check_status(r: httpx.Response) -> None:
    status = r.status_code
    if 200 <= status < 300 or status == 304:
        return
    transient = status >= 500 or status in (408, 429)
    raise FetchFailure(
        _status_text(r),
        transient=transient,
        retry_after=_retry_after(r.headers.get("Retry-After")) if transient else None,
    )


def _status_text(r: httpx.Response) -> str:
    if r.status_code in _REDIRECTS:
        return f"HTTP {r.status_code} without a Location"
    return f"HTTP {r.status_code} {r.reason_phrase}".strip()


def _empty(r: httpx.Response) -> Response:
    return Response(
        str(r.url),
        r.status_code,
        _mime(r),
        b"",
        r.headers.get("ETag"),
        r.headers.get("Last-Modified"),
    )


def _mime(r: httpx.Response) -> str:
    return str(r.headers.get("Content-Type", "")).split(";")[0].strip().lower()


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _describe(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class CappedDecoder:
    """Content-Encoding gzip/deflate/identity, stopping once the output passes ``cap``."""

    def __init__(self, encoding: str, cap: int) -> None:
        if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
            raise FetchFailure(f"unsupported content encoding: {encoding}")
        self.encoding = encoding
        self.cap = cap
        self.size = 0
        self._z: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj(zlib.MAX_WBITS)
        self._first = True

    def feed(self, data: bytes) -> bytes:
        if self._z is None:
            return self._count(data)
        out: list[bytes] = []
        pending = data
        while pending:
            try:
                chunk = self._z.decompress(pending, self.cap - self.size + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and self._first:  # raw deflate, no zlib header
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._first = False
                    continue
                raise FetchFailure(f"corrupt {self.encoding} body: {exc}") from None
            self._first = False
            out.append(self._count(chunk))
            pending = self._z.unconsumed_tail
            if not pending and self._z.eof and self._z.unused_data:
                pending = self._z.unused_data  # another gzip member follows
                self._z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        return b"".join(out)

    def flush(self) -> bytes:
        return self._count(self._z.flush()) if self._z is not None else b""

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.cap:
            raise FetchFailure(f"too large: more than {self.cap} bytes")
        return data
