"""Safe, polite fetching: addresses, schemes, redirects, robots.txt, caps, per-host limits."""

from __future__ import annotations

import dataclasses
import gzip
import threading
import time
import zlib

import pytest

from episignal.watch.fetch import CappedDecoder, FetchFailure, SafeFetcher, Validators
from episignal.watch.safety import address_problem
from tests.watch.conftest import FAST_FETCH
from tests.watch.servers import FeedServer, Route


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "a loopback"),
        ("::1", "a loopback"),
        ("::ffff:127.0.0.1", "a loopback"),
        ("10.1.2.3", "a private"),
        ("172.16.0.1", "a private"),
        ("192.168.1.1", "a private"),
        ("169.254.169.254", "a cloud metadata"),
        ("fd00:ec2::254", "a cloud metadata"),
        ("169.254.10.10", "a link-local"),
        ("fe80::1", "a link-local"),
        ("0.0.0.0", "an unspecified"),
        ("224.0.0.1", "a multicast"),
        ("100.64.0.1", "a reserved"),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_problem(address: str, why: str | None) -> None:
    assert address_problem(address) == why


def fetcher(server: FeedServer | None = None, **changes: object) -> SafeFetcher:
    settings = dataclasses.replace(FAST_FETCH, **changes)  # type: ignore[arg-type]
    return SafeFetcher(settings)


def test_a_name_that_resolves_to_a_private_address_is_refused_before_connecting() -> None:
    resolved: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        resolved.append(host)
        return {"intranet.example": ["10.1.2.3"], "mixed.example": ["8.8.8.8", "127.0.0.1"]}[host]

    f = SafeFetcher(dataclasses.replace(FAST_FETCH, robots=False), resolver=resolver)
    with pytest.raises(
        FetchFailure,
        match=r"refused intranet\.example: it resolves to a private address 10\.1\.2\.3",
    ) as e:
        f.get("http://intranet.example/feed", allow_private=False)
    assert e.value.refused
    # One private answer among public ones refuses them all (and nothing is connected to).
    with pytest.raises(FetchFailure, match=r"loopback address 127\.0\.0\.1"):
        f.get("http://mixed.example/feed", allow_private=False)
    assert resolved == ["intranet.example", "mixed.example"]


def test_loopback_is_refused_unless_the_source_allows_private(server: FeedServer) -> None:
    server.routes["/x"] = Route(b"hello", content_type="text/plain")
    f = fetcher()
    with pytest.raises(FetchFailure, match=r"loopback address 127\.0\.0\.1"):
        f.get(server.url("/x"), allow_private=False)
    assert server.requests == []
    assert f.get(server.url("/x"), allow_private=True).body == b"hello"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://a.example/x", "gopher://a.example/"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(FetchFailure, match="only http and https"):
        fetcher().get(url, allow_private=True)


def test_a_redirect_to_another_scheme_is_refused(server: FeedServer) -> None:
    server.routes["/r"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(FetchFailure, match="only http and https"):
        fetcher().get(server.url("/r"), allow_private=True)


def test_five_redirects_are_followed_and_a_sixth_is_not(server: FeedServer) -> None:
    for n in range(6):
        server.routes[f"/r{n}"] = Route(status=301, headers={"Location": f"/r{n + 1}"})
    server.routes["/r6"] = Route(b"end", content_type="text/plain")
    f = fetcher()
    assert f.get(server.url("/r1"), allow_private=True).url == server.url("/r6")
    with pytest.raises(FetchFailure, match="too many redirects"):
        f.get(server.url("/r0"), allow_private=True)


def test_conditional_requests_and_the_user_agent(server: FeedServer) -> None:
    server.routes["/feed"] = Route(
        b"<rss/>", etag='"abc"', last_modified="Wed, 02 Mar 2022 10:00:00 GMT"
    )
    f = fetcher()
    first = f.get(server.url("/feed"), allow_private=True)
    assert (first.status, first.etag, first.last_modified) == (
        200,
        '"abc"',
        "Wed, 02 Mar 2022 10:00:00 GMT",
    )
    again = f.get(
        server.url("/feed"),
        allow_private=True,
        validators=Validators(first.etag, first.last_modified),
    )
    assert again.not_modified and again.body == b""
    headers = server.hits("/feed")[-1].headers
    assert headers["If-None-Match"] == '"abc"'
    assert headers["If-Modified-Since"] == "Wed, 02 Mar 2022 10:00:00 GMT"
    assert headers["User-Agent"].startswith("episignal/")


def test_status_codes_say_whether_a_retry_may_help(server: FeedServer) -> None:
    server.routes["/gone"] = Route(b"", status=404)
    server.routes["/busy"] = Route(b"", status=503, headers={"Retry-After": "120"})
    f = fetcher()
    with pytest.raises(FetchFailure, match="HTTP 404") as e404:
        f.get(server.url("/gone"), allow_private=True)
    assert not e404.value.transient
    with pytest.raises(FetchFailure, match="HTTP 503") as e503:
        f.get(server.url("/busy"), allow_private=True)
    assert e503.value.transient and e503.value.retry_after == 120.0


def test_robots_txt_is_obeyed_and_fetched_once(server: FeedServer) -> None:
    server.routes["/robots.txt"] = Route(
        b"User-agent: episignal\nDisallow: /no-episignal/\n\nUser-agent: *\nDisallow: /private/\n",
        content_type="text/plain",
    )
    for path in ("/public", "/private/x", "/no-episignal/x"):
        server.routes[path] = Route(b"ok", content_type="text/plain")
    f = fetcher()
    with pytest.raises(FetchFailure, match=r"disallowed by robots\.txt"):
        f.get(server.url("/no-episignal/x"), allow_private=True)
    assert server.hits("/no-episignal/x") == []
    assert f.get(server.url("/public"), allow_private=True).body == b"ok"
    # Our own group replaces the * group (RFC 9309): /private/ is not closed to episignal.
    assert f.get(server.url("/private/x"), allow_private=True).body == b"ok"
    assert len(server.hits("/robots.txt")) == 1


def test_an_unreadable_robots_txt_disallows_until_it_can_be_read(server: FeedServer) -> None:
    server.routes["/robots.txt"] = Route(b"", status=500)
    server.routes["/page"] = Route(b"ok", content_type="text/plain")
    f = fetcher()
    with pytest.raises(FetchFailure, match=r"robots.txt cannot be read \(HTTP 500"):
        f.get(server.url("/page"), allow_private=True)
    server.routes["/robots.txt"] = Route(b"", status=404)
    assert f.get(server.url("/page"), allow_private=True).body == b"ok"


def test_crawl_delay_spaces_requests_to_a_host(server: FeedServer) -> None:
    server.routes["/robots.txt"] = Route(
        b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain"
    )
    server.routes["/p"] = Route(b"ok", content_type="text/plain")
    f = fetcher()
    f.get(server.url("/p"), allow_private=True)
    f.get(server.url("/p"), allow_private=True)
    first, second = server.hits("/p")
    assert second.at - first.at >= 0.95


def test_at_most_per_host_requests_run_at_once(server: FeedServer) -> None:
    server.routes["/slow"] = Route(b"ok", content_type="text/plain", delay=0.3)
    f = fetcher(per_host=2)
    f.get(server.url("/slow"), allow_private=True)  # robots.txt looked up once, first
    started = time.monotonic()
    threads = [
        threading.Thread(target=f.get, args=(server.url("/slow"),), kwargs={"allow_private": True})
        for _ in range(6)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert time.monotonic() - started >= 0.85  # 6 requests of 0.3 s, 2 at a time


def test_a_stop_interrupts_a_drip(server: FeedServer) -> None:
    server.routes["/drip"] = Route(behaviour="drip")
    f = fetcher(total_timeout_s=30.0)
    threading.Timer(0.5, f.stop.set).start()
    started = time.monotonic()
    with pytest.raises(FetchFailure, match="interrupted"):
        f.get(server.url("/drip"), allow_private=True)
    assert time.monotonic() - started < 5


def test_capped_decoder() -> None:
    payload = b"outbreak " * 1000
    two_members = gzip.compress(payload) + gzip.compress(payload)
    d = CappedDecoder("gzip", 100_000)
    assert d.feed(two_members[:50]) + d.feed(two_members[50:]) + d.flush() == payload * 2
    raw = zlib.compressobj(wbits=-15)
    raw_deflate = raw.compress(payload) + raw.flush()
    d = CappedDecoder("deflate", 100_000)
    assert d.feed(raw_deflate) + d.flush() == payload
    with pytest.raises(FetchFailure, match="too large"):
        CappedDecoder("gzip", 1000).feed(gzip.compress(b"\0" * 1_000_000))
    with pytest.raises(FetchFailure, match="unsupported content encoding: br"):
        CappedDecoder("br", 1000)
    with pytest.raises(FetchFailure, match="corrupt gzip"):
        CappedDecoder("gzip", 1000).feed(b"\x1f\x8bnot gzip at all")
