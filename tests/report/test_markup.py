"""Escaping, file names and number formats of the report."""

from __future__ import annotations

import re

import pytest

from episignal.report.markup import (
    doc_file,
    esc,
    event_file,
    file_stem,
    fmt_number,
    fmt_short,
    safe_href,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<script>x</script>", "&lt;script&gt;x&lt;/script&gt;"),
        ("a \"quoted\" & 'single'", "a &quot;quoted&quot; &amp; &#x27;single&#x27;"),
        (None, ""),
        (42, "42"),
    ],
)
def test_esc(raw: object, expected: str) -> None:
    assert esc(raw) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/a?b=1&c=2", "https://news.example/a?b=1&amp;c=2"),
        ("http://x.example/", "http://x.example/"),
        ("javascript:alert(1)", ""),
        ("  JavaScript:alert(1)", ""),
        ("data:text/html,<b>x</b>", ""),
        ("file:///etc/passwd", ""),
        (None, ""),
    ],
)
def test_safe_href_keeps_only_web_links(url: object, expected: str) -> None:
    assert safe_href(url) == expected


@pytest.mark.parametrize(
    "ident",
    [
        "feeds/a/2022-05-16.json",
        "https://relay.example/nk?id=7&x=<y>",
        "../../etc/passwd",
        "évènement",
        "",
        "a" * 500,
    ],
)
def test_file_stem_is_safe_and_short(ident: str) -> None:
    stem = file_stem("doc", ident)
    assert re.fullmatch(r"doc(-[a-z0-9-]+)?-[0-9a-f]{10}", stem), stem
    assert len(stem) <= 3 + 1 + 32 + 1 + 10


def test_file_names_differ_for_ids_that_slug_alike() -> None:
    assert doc_file("a/b") != doc_file("a-b")
    assert event_file("evt-1") == event_file("evt-1")
    assert event_file("x").startswith("event-") and doc_file("x").startswith("doc-")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2900000, "2,900,000"),
        (68, "68"),
        (0.5, "0.5"),
        (3.0, "3"),
        (None, ""),
        ("n/a", "n/a"),
        (True, "True"),
    ],
)
def test_fmt_number(value: object, expected: str) -> None:
    assert fmt_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2_900_000, "2.9M"),
        (392_000, "392k"),
        (1_250_000, "1.25M"),
        (80, "80"),
        (0, "0"),
        (2.5, "2.5"),
        (3e9, "3B"),
    ],
)
def test_fmt_short(value: float, expected: str) -> None:
    assert fmt_short(value) == expected
