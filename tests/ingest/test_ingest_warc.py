"""WARC and WARC.gz: HTML responses become items; other records are skipped or passed over."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from ingest_helpers import Response, good, page, problems, write_warc

from episignal.ingest import read_sources

CHOLERA = page("Cholera in the delta", "Officials counted 212 cholera cases.")
MEASLES = page("Measles drive", "Clinics opened for a measles drive.")


@pytest.mark.parametrize("name, compressed", [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_responses_become_items(tmp_path: Path, name: str, compressed: bool) -> None:
    src = write_warc(
        tmp_path / name,
        [
            Response(
                "https://www.deltanews.example/cholera",
                CHOLERA,
                headers=[("Last-Modified", "Sat, 11 Feb 2023 10:00:00 GMT")],
            ),
            Response("https://deltanews.example/measles", MEASLES, content_type=None),
        ],
        gzip=compressed,
    )
    first, second = read_sources([str(src)])
    assert first.id == first.url == "https://www.deltanews.example/cholera"
    assert first.origin == f"{src}#3"  # warcinfo and request records come first
    assert (first.content, first.format) == (CHOLERA, "html")
    assert first.source == "deltanews.example"
    assert first.published == dt.date(2023, 2, 11)  # from Last-Modified, not the crawl date
    assert second.published is None  # no Last-Modified: the crawl date is not a publication date
    assert second.content == MEASLES  # no content type, but the payload sniffs as HTML


def test_non_html_and_non_200_responses_are_skipped_with_reasons(tmp_path: Path) -> None:
    src = write_warc(
        tmp_path / "mixed.warc.gz",
        [
            Response(
                "https://x.example/missing", b"<html><body>gone</body></html>", "404 Not Found"
            ),
            Response("https://x.example/logo.png", b"\x89PNG....", content_type="image/png"),
            Response("https://x.example/moved", b"", "301 Moved Permanently"),
            Response("https://x.example/ok", CHOLERA),
        ],
    )
    items = list(read_sources([str(src)]))
    assert problems(items) == [
        ("https://x.example/missing", "HTTP status 404, not 200"),
        ("https://x.example/logo.png", "not HTML: image/png"),
        ("https://x.example/moved", "HTTP status 301, not 200"),
    ]
    assert [i.id for i in good(items)] == ["https://x.example/ok"]


def test_response_without_a_target_uri_is_an_error_not_a_crash(tmp_path: Path) -> None:
    # warcio cannot parse a response record without WARC-Target-URI (the standard requires it)
    src = write_warc(tmp_path / "anon.warc.gz", [Response("", CHOLERA)])
    (item,) = read_sources([str(src)])
    assert item.id == str(src) and (item.error or "").startswith("truncated or corrupt WARC")


def test_oversized_payload_is_skipped(tmp_path: Path) -> None:
    src = write_warc(
        tmp_path / "big.warc.gz",
        [
            Response("https://x.example/big", page("Big", "word " * 500)),
            Response("https://x.example/small", CHOLERA),
        ],
    )
    items = list(read_sources([str(src)], max_bytes=1000))
    ((item_id, reason),) = problems(items)
    assert item_id == "https://x.example/big" and reason.startswith("too large: ")
    assert reason.endswith(" bytes > 1000")
    assert [i.id for i in good(items)] == ["https://x.example/small"]


def test_truncated_warc_gz_yields_what_was_readable_then_an_error(tmp_path: Path) -> None:
    pages = [
        Response(f"https://x.example/{n}", page(f"Story {n}", "text " * 200)) for n in range(4)
    ]
    whole = write_warc(tmp_path / "whole.warc.gz", pages).read_bytes()
    src = tmp_path / "cut.warc.gz"
    src.write_bytes(whole[: len(whole) - 300])  # the last record's gzip member is cut short
    after = tmp_path / "after.txt"
    after.write_bytes(b"read after the broken archive")
    items = list(read_sources([str(src), str(after)]))
    assert [i.id for i in good(items)[:3]] == [f"https://x.example/{n}" for n in range(3)]
    ((item_id, reason),) = problems(items)
    assert item_id == str(src)
    assert reason.startswith("truncated or corrupt WARC after")
    assert items[-1].content == b"read after the broken archive"


def test_gzip_that_is_not_a_warc_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "fake.warc.gz"
    src.write_bytes(gzip.compress(b"just some compressed words, not an archive\n" * 10))
    (item,) = read_sources([str(src)])
    assert item.error is not None and "WARC" in item.error, item


def test_garbage_named_warc_is_an_error(tmp_path: Path) -> None:
    src = tmp_path / "junk.warc"
    src.write_bytes(b"\x00\x01\x02 definitely not a WARC file \xff\xfe" * 50)
    (item,) = read_sources([str(src)])
    assert item.error == "not a WARC archive: no WARC record header"


def test_warc_found_in_a_folder_by_content(tmp_path: Path) -> None:
    write_warc(tmp_path / "crawl-0001", [Response("https://x.example/a", CHOLERA)])
    (item,) = read_sources([str(tmp_path)])
    assert item.id == "https://x.example/a"


@pytest.mark.parametrize("compressed", [True, False])
def test_cutting_an_archive_anywhere_never_passes_off_a_partial_page(
    tmp_path: Path, compressed: bool
) -> None:
    pages = [
        Response(f"https://x.example/{n}", page(f"Story {n}", "words " * 30)) for n in range(2)
    ]
    whole = write_warc(tmp_path / "whole", pages, gzip=compressed).read_bytes()
    bodies = {r.uri: r.body for r in pages}
    src = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    silent_losses = []
    for end in range(len(whole) - 1, 0, -7):
        src.write_bytes(whole[:end])
        items = list(read_sources([str(src)]))
        for item in good(items):
            assert item.content == bodies[item.id], f"partial page passed off at byte {end}"
        if len(good(items)) < len(pages) and not any(i.error for i in items):
            silent_losses.append(end)
    # an archive cut exactly between two records looks like a shorter, valid archive
    for end in silent_losses:
        rest = whole[end:]
        assert (
            rest.startswith(b"\x1f\x8b")
            if compressed
            else rest.lstrip(b"\r\n").startswith(b"WARC/")
        )
