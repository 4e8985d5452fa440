"""Standard input: JSONL when every non-blank line is an object, else one document."""

from __future__ import annotations

import io
import subprocess
import sys

from ingest_helpers import ATOM, page, problems

from episignal.document import RawItem
from episignal.ingest import SourceReader
from episignal.ingest.items import content_id


def read_stdin(data: bytes, max_bytes: int = 5_000_000) -> list[RawItem]:
    return list(SourceReader(stdin=io.BytesIO(data), max_bytes=max_bytes).read(["-"]))


def test_jsonl_on_stdin_gives_one_item_per_record() -> None:
    items = read_stdin(
        b'{"id": "a", "text": "one"}\n\n  {"text": "two", "published": "2022-05-16"}  \n'
    )
    assert [(i.id, i.content, i.origin) for i in items] == [
        ("a", "one", "stdin#1"),
        (content_id("stdin", "two"), "two", "stdin#3"),
    ]
    assert str(items[1].published) == "2022-05-16"


def test_a_line_that_only_looks_like_an_object_is_an_error_for_that_line() -> None:
    items = read_stdin(b'{"text": "good"}\n{"text": oops}\n{"text": "also good"}\n')
    assert [i.content for i in items if not i.error] == ["good", "also good"]
    assert problems(items)[0][0] == "stdin#2"


def test_plain_text_on_stdin_is_one_document() -> None:
    data = b'Officials said {"quoted": 1} cases\n{"text": "x"}\nwere found.\n'
    (item,) = read_stdin(data)
    assert (item.id, item.origin, item.format, item.content) == (
        content_id("stdin", data),
        "stdin",
        "text",
        data,
    )


def test_html_and_feeds_on_stdin_are_recognised() -> None:
    (html,) = read_stdin(page("T", "Cholera in the port."))
    assert html.format == "html" and isinstance(html.content, bytes)
    entries = read_stdin(ATOM)
    assert [e.source for e in entries] == ["Valley Bulletin", "Valley Bulletin"]


def test_empty_and_oversized_stdin_are_skipped() -> None:
    assert [i.skip_reason for i in read_stdin(b"")] == ["empty"]
    assert [i.skip_reason for i in read_stdin(b"x" * 50, max_bytes=10)] == [
        "too large: 50 bytes > 10"
    ]


def test_oversized_jsonl_record_on_stdin_is_skipped_alone() -> None:
    data = b'{"text": "small"}\n{"text": "' + b"y" * 100 + b'"}\n{"text": "small too"}\n'
    items = read_stdin(data, max_bytes=50)
    assert [i.content for i in items if not i.skip_reason] == ["small", "small too"]
    assert problems(items) == [("stdin#2", "too large: 113 bytes > 50")]


def test_binary_junk_on_stdin_is_an_error() -> None:
    (item,) = read_stdin(bytes(range(256)) * 4)
    assert (item.error or "").startswith("binary content")


def test_dash_reads_the_real_stdin() -> None:
    code = (
        "from episignal.ingest import read_sources\n"
        "for i in read_sources(['-']): print(i.id, i.content)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        input=b'{"id": "k1", "text": "piped"}\n',
        capture_output=True,
        check=True,
    )
    assert out.stdout.decode().strip() == "k1 piped"
