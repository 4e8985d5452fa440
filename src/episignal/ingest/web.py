"""http(s) URLs -> RawItems (httpx): timeouts, retries with backoff, a size cap, our user agent."""

from __future__ import annotations

import email.utils
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from episignal import __version__
from episignal.document import RawItem
from episignal.ingest.formats import items_from_bytes
from episignal.ingest.items import CONTAINER_FACTOR, error_item, host_of, skip_item, too_large
from episignal.ingest.sniff import Kind, binary_reason, is_feed, is_html, sniff

log = logging.getLogger(__name__)

USER_AGENT = f"episignal/{__version__} (+https://github.com/episignal/episignal)"
TIMEOUT = httpx.Timeout(20.0, connect=10.0)
RETRIES = 3  # further attempts after the first
BACKOFF = 0.5  # seconds before the first retry; doubled each time
MAX_WAIT = 30.0  # never wait longer than this between attempts, whatever Retry-After says

_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")
_XML_TYPES = ("application/xml", "text/xml", *_FEED_TYPES)
_JSON_TYPES = ("application/json", "application/x-ndjson", "application/jsonl")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchError(Exception):
    """The URL gave no usable body: ``skip`` tells a refusal (too large) from a failure."""

    def __init__(self, reason: str, *, skip: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.skip = skip


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    mime: str  # media type without parameters, lower case; "" when not given
    body: bytes


class Fetcher:
    """Fetches URLs with one pooled client; the transport and the sleep are injectable."""

    def __init__(
        self,
        *,
        transport: httpx.BaseTransport | None = None,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self._transport = transport
        self._client: httpx.Client | None = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:  # opened on first use: most scans fetch nothing
            self._client = httpx.Client(
                transport=self._transport,
                timeout=TIMEOUT,
                follow_redirects=True,
                headers={"User-Agent": USER_AGENT},
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def fetch(self, url: str, *, max_bytes: int) -> Fetched:
        """GET ``url``, retrying connection failures, 5xx and 429 with exponential backoff."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                return self._get(url, max_bytes=max_bytes)
            except _TRANSIENT as e:
                if last:
                    raise FetchError(_failure(e)) from e
                wait = self.backoff * 2**attempt
            except (httpx.HTTPError, httpx.InvalidURL, ValueError) as e:  # URL, protocol, decoding
                raise FetchError(_failure(e)) from e
            except _Retryable as e:
                if last:
                    raise FetchError(e.reason) from None
                wait = max(self.backoff * 2**attempt, e.retry_after or 0.0)
            log.info("retrying %s in %.1f s (attempt %d)", url, wait, attempt + 2)
            self.sleep(min(wait, MAX_WAIT))
        raise AssertionError("unreachable")  # the loop returns or raises on its last attempt

    def _get(self, url: str, *, max_bytes: int) -> Fetched:
        with self.client.stream("GET", url) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                raise _Retryable(
                    f"HTTP {status} {response.reason_phrase}".strip(),
                    _retry_after(response.headers.get("Retry-After")),
                )
            if status >= 400:
                raise FetchError(f"HTTP {status} {response.reason_phrase}".strip())
            mime = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            cap = max_bytes * CONTAINER_FACTOR if _is_container(mime, url) else max_bytes
            declared = _int_or_none(response.headers.get("Content-Length"))
            if (
                declared is not None
                and declared > cap
                and "Content-Encoding" not in response.headers
            ):
                raise FetchError(too_large(declared, cap), skip=True)
            return Fetched(str(response.url), mime, _read_capped(response, cap))


# Failures worth another try: the network or the server may recover.
_TRANSIENT = (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)


def _failure(error: Exception) -> str:
    return f"cannot fetch: {type(error).__name__}: {error}"


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


def _read_capped(response: httpx.Response, cap: int) -> bytes:
    """The decoded body, stopping as soon as it passes ``cap`` bytes."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > cap:
            raise FetchError(too_large(f"{size}+", cap), skip=True)
        chunks.append(chunk)
    return b"".join(chunks)


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta seconds or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _suffix(url: str) -> str:
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""


def _is_container(mime: str, url: str) -> bool:
    return (
        mime in _XML_TYPES or mime in _JSON_TYPES or _suffix(url) in ("xml", "rss", "atom", "json")
    )


def url_items(fetcher: Fetcher, url: str, *, max_bytes: int) -> Iterator[RawItem]:
    """The document (or the feed entries) at ``url``; a failure is one error item."""
    problem = url_problem(url)
    if problem is not None:
        yield error_item(url, url, f"invalid URL: {problem}")
        return
    site = host_of(url)
    try:
        fetched = fetcher.fetch(url, max_bytes=max_bytes)
    except FetchError as e:
        make = skip_item if e.skip else error_item
        yield make(url, url, e.reason, url=url, source=site)
        return
    kind = kind_of(fetched)
    if kind is None:
        reason = f"unsupported content type: {fetched.mime or 'none given'}"
        yield skip_item(url, url, reason, url=fetched.url, source=site)
        return
    yield from items_from_bytes(
        fetched.body, kind, url, max_bytes=max_bytes, url=fetched.url, site=site
    )


def url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched as it is written, or None."""
    try:
        host = urlsplit(url).hostname
    except ValueError as e:
        return str(e)
    return None if host else "no host name"


def kind_of(fetched: Fetched) -> Kind | None:
    """What the body is: its sniffed content first, then its media type and URL suffix."""
    sniffed = sniff(fetched.body)
    if sniffed is not None:
        return sniffed
    mime, suffix = fetched.mime, _suffix(fetched.url)
    if mime in _JSON_TYPES or suffix in ("json", "jsonl"):
        return "jsonl" if mime != "application/json" and suffix != "json" else "json"
    if mime in _FEED_TYPES or (mime in _XML_TYPES and is_feed(fetched.body)):
        return "feed"
    if mime in _HTML_TYPES or is_html(fetched.body):
        return "html"
    if mime == "text/plain" or (not mime and binary_reason(fetched.body) is None):
        return "text"
    return None
