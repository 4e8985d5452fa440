"""http(s) URLs through a mock transport: pages, feeds, retries, size cap, user agent."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator

import httpx
from ingest_helpers import RSS, page, problems

from episignal import __version__
from episignal.document import RawItem
from episignal.ingest import SourceReader
from episignal.ingest.items import content_id

Handler = Callable[[httpx.Request], httpx.Response]
PAGE = page("Dengue in the hills", "Clinics report 80 dengue cases.")


class Server:
    """A mock transport that records requests and the waits between retries."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)

    def read(self, *urls: str, max_bytes: int = 5_000_000) -> list[RawItem]:
        reader = SourceReader(
            transport=httpx.MockTransport(self._handle),
            max_bytes=max_bytes,
            sleep=self.sleeps.append,
        )
        return list(reader.read(list(urls)))


def html(
    body: bytes = PAGE, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(
        status, content=body, headers={"Content-Type": "text/html", **(headers or {})}
    )


def test_page_is_fetched_with_the_project_user_agent() -> None:
    server = Server(lambda r: html())
    (item,) = server.read("https://www.hillnews.example/dengue")
    assert (item.id, item.origin, item.url) == ("https://www.hillnews.example/dengue",) * 3
    assert (item.content, item.format, item.source) == (PAGE, "html", "hillnews.example")
    agent = server.requests[0].headers["User-Agent"]
    assert agent == f"episignal/{__version__} (+https://github.com/episignal/episignal)"


def test_redirect_gives_the_final_url_but_keeps_the_id() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/old":
            return httpx.Response(301, headers={"Location": "https://x.example/new"})
        return html()

    (item,) = Server(handler).read("https://x.example/old")
    assert (item.id, item.url) == ("https://x.example/old", "https://x.example/new")


def test_feed_url_yields_its_entries() -> None:
    server = Server(
        lambda r: httpx.Response(200, content=RSS, headers={"Content-Type": "application/rss+xml"})
    )
    items = server.read("https://harbourhealth.example/feed")
    assert [i.id for i in items] == [
        "hh-2023-0211",
        "https://harbourhealth.example/2023/02/measles-drive",
        content_id("https://harbourhealth.example/feed", items[2].content),
    ]
    assert items[0].published == dt.date(2023, 2, 11)
    assert items[0].source == "Harbour Health News"


def test_feed_served_as_text_xml_or_html_is_sniffed() -> None:
    server = Server(lambda r: html(RSS))
    assert len(server.read("https://x.example/rss")) == 3


def test_jsonl_and_plain_text_urls() -> None:
    body = b"".join(json.dumps({"text": t}).encode() + b"\n" for t in ("one", "two"))

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(".jsonl"):
            return httpx.Response(
                200, content=body, headers={"Content-Type": "application/octet-stream"}
            )
        return httpx.Response(200, content=b"plain words", headers={"Content-Type": "text/plain"})

    items = Server(handler).read("https://x.example/dump.jsonl", "https://x.example/note")
    assert [(i.id, i.content, i.format) for i in items] == [
        (content_id("https://x.example/dump.jsonl", "one"), "one", "text"),
        (content_id("https://x.example/dump.jsonl", "two"), "two", "text"),
        ("https://x.example/note", b"plain words", "text"),
    ]


def test_server_errors_and_429_are_retried_with_exponential_backoff() -> None:
    answers = iter([html(status=503), html(status=429), html(status=502), html()])
    server = Server(lambda r: next(answers))
    (item,) = server.read("https://x.example/a")
    assert item.error is None and item.content == PAGE
    assert len(server.requests) == 4
    assert server.sleeps == [0.5, 1.0, 2.0]


def test_retry_after_is_honoured_but_bounded() -> None:
    answers = iter(
        [
            html(status=429, headers={"Retry-After": "7"}),
            html(status=503, headers={"Retry-After": "9999"}),
            html(),
        ]
    )
    server = Server(lambda r: next(answers))
    server.read("https://x.example/a")
    assert server.sleeps == [7.0, 30.0]


def test_connect_errors_are_retried_then_reported() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    server = Server(refuse)
    (item,) = server.read("https://down.example/x")
    assert len(server.requests) == 4 and server.sleeps == [0.5, 1.0, 2.0]
    assert item.error == "cannot fetch: ConnectError: connection refused"
    assert item.id == item.origin == "https://down.example/x"


def test_persistent_server_error_becomes_an_error_item() -> None:
    server = Server(lambda r: html(status=500))
    (item,) = server.read("https://x.example/a")
    assert item.error == "HTTP 500 Internal Server Error"


def test_client_errors_are_not_retried() -> None:
    server = Server(lambda r: html(status=404))
    (item,) = server.read("https://x.example/missing")
    assert item.error == "HTTP 404 Not Found" and len(server.requests) == 1 and not server.sleeps


def test_declared_length_over_the_cap_is_skipped() -> None:
    server = Server(lambda r: html(b"x" * 2000))
    (item,) = server.read("https://x.example/big", max_bytes=1000)
    assert item.skip_reason == "too large: 2000 bytes > 1000"


def test_streamed_body_stops_at_the_cap() -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        for _ in range(1000):  # would be 1 MB if read to the end
            sent.append(1)
            yield b"<p>" + b"y" * 1021

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=chunks(), headers={"Content-Type": "text/html"})

    (item,) = Server(handler).read("https://x.example/endless", max_bytes=5000)
    assert item.skip_reason == "too large: 5120+ bytes > 5000"
    assert len(sent) < 10  # reading stopped right after the cap


def test_unsupported_content_type_is_skipped() -> None:
    server = Server(
        lambda r: httpx.Response(
            200, content=b"%PDF-1.7 \x00\x01", headers={"Content-Type": "application/pdf"}
        )
    )
    (item,) = server.read("https://x.example/report.pdf")
    assert item.skip_reason == "unsupported content type: application/pdf"


def test_failed_url_loses_no_other_source() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return html(status=404) if request.url.path == "/bad" else html()

    items = Server(handler).read("https://x.example/bad", "https://x.example/good")
    assert problems(items) == [("https://x.example/bad", "HTTP 404 Not Found")]
    assert items[1].content == PAGE


def test_invalid_urls_fail_at_once_without_retries() -> None:
    server = Server(lambda r: html())
    bad_port, no_host = server.read("https://[::1/x", "https://")
    assert (bad_port.error or "").startswith("invalid URL: Invalid IPv6 URL")
    assert no_host.error == "invalid URL: no host name"
    assert server.requests == [] and server.sleeps == []


def test_undecodable_body_is_an_error_item() -> None:
    server = Server(lambda r: html(b"not gzip at all", headers={"Content-Encoding": "gzip"}))
    (item,) = server.read("https://x.example/a")
    assert (item.error or "").startswith("cannot fetch: DecodingError")
    assert len(server.requests) == 1
