"""Unit checks of the helpers: sniffing, the binary check, dates, hosts."""

from __future__ import annotations

import datetime as dt
import gzip

import pytest
from ingest_helpers import ATOM, RSS, page

from episignal.ingest.items import host_of, parse_date
from episignal.ingest.sniff import binary_reason, is_feed, is_html, is_warc, sniff


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2022-05-16", dt.date(2022, 5, 16)),
        ("2022-05-16T23:30:00+09:00", dt.date(2022, 5, 16)),
        ("2022-05-16T23:30:00Z", dt.date(2022, 5, 16)),
        ("2022-05-16 08:00", dt.date(2022, 5, 16)),
        ("Mon, 16 May 2022 23:30:00 +0900", dt.date(2022, 5, 16)),
        (dt.datetime(2022, 5, 16, 23, 0), dt.date(2022, 5, 16)),
        ("16/05/2022", None),
        ("2022-13-45", None),
        ("", None),
        (20220516, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "url, host",
    [
        ("https://www.example.org/a", "example.org"),
        ("http://news.example.co.uk:8080/x", "news.example.co.uk"),
        ("not a url", None),
        (None, None),
        ("https://[::1/x", None),
    ],
)
def test_host_of(url: str | None, host: str | None) -> None:
    assert host_of(url) == host


def test_sniffing() -> None:
    assert sniff(RSS) == "feed" and sniff(ATOM) == "feed"
    assert is_feed(b"\xef\xbb\xbf<!-- generated --><?xml-stylesheet href='s.xsl'?><rss>")
    assert is_feed(b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">')
    assert not is_feed(page("Feeds", "An article that mentions <rss> tags."))
    assert sniff(page("T", "x")) == "html" and is_html(b"  <html><body>x</body></html>")
    assert not is_html(b"Plain prose that mentions an <html> tag later on.")
    assert is_warc(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")
    assert is_warc(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"))
    assert not is_warc(gzip.compress(b"plain text")) and not is_warc(b"\x1f\x8bjunk")
    assert sniff(b"Just words.") is None


def test_binary_check_tells_junk_from_text_in_any_encoding() -> None:
    for text in ("Cholera in Lusaka.", "Холера в Москве.", "上海 2022 年 霍乱", "Fièvre à Nîmes."):
        for encoding in ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            assert binary_reason((text * 20).encode(encoding)) is None, (text, encoding)
    assert binary_reason("Fièvre à Nîmes".encode("cp1252")) is None
    assert binary_reason(b"\x1b[1mbold\x1b[0m log line\f\n") is None
    assert (binary_reason(b"text\x00with a NUL") or "").startswith("binary content: 1 NUL")
    assert (binary_reason(bytes(range(1, 32)) * 10) or "").endswith("control characters")
    assert binary_reason(b"") is None
    junk = bytes((n * 7919) % 256 for n in range(4000))
    assert (binary_reason(junk) or "").startswith("binary content")
