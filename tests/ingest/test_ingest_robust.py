"""Hostile input at the reading boundary: impossible dates, deep JSON, surrogates, odd names."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest

from episignal.ingest import SourceReader, read_sources
from episignal.ingest.items import content_id, read_date
from tests.ingest.ingest_helpers import Response, good, problems, write_warc

STORY = "Health officials reported 42 new cholera cases in the river district on Monday."


def rss_with_date(date: str) -> bytes:
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Zero Times</title>
<item><guid>zero-1</guid><title>Cholera</title><pubDate>{date}</pubDate>
<description>{STORY}</description></item></channel></rss>""".encode()


def atom_with_date(date: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Zero Times</title><id>urn:z</id>
<updated>{date}</updated><entry><id>urn:z:1</id><title>Cholera</title>
<published>{date}</published><updated>{date}</updated>
<content type="text">{STORY}</content></entry></feed>""".encode()


@pytest.mark.parametrize(
    "written",
    [
        "0001-01-01T00:00:00Z",  # Go's zero time
        "0001-01-01",
        "9999-12-31",
        "1899-12-31",
        "Mon, 01 Jan 0001 00:00:00 GMT",
    ],
)
def test_a_record_date_outside_the_plausible_window_is_unknown_with_its_reason(
    tmp_path: Path, written: str
) -> None:
    src = tmp_path / "z.jsonl"
    src.write_text(json.dumps({"id": "z", "published": written, "text": STORY}) + "\n")
    (item,) = read_sources([str(src)])
    assert item.published is None and item.published_source is None
    assert item.notes and "treated as unknown" in item.notes[0]


def test_rss_year_one_is_not_read_as_2001(tmp_path: Path) -> None:
    src = tmp_path / "zero.rss"
    src.write_bytes(rss_with_date("Mon, 01 Jan 0001 00:00:00 GMT"))
    (item,) = read_sources([str(src)])
    assert item.published is None
    assert "before 1900" in item.notes[0]


def test_atom_go_zero_time_is_unknown(tmp_path: Path) -> None:
    src = tmp_path / "zero.atom"
    src.write_bytes(atom_with_date("0001-01-01T00:00:00Z"))
    (item,) = read_sources([str(src)])
    assert item.published is None and item.notes


def test_plausible_dates_are_kept_with_who_stated_them(tmp_path: Path) -> None:
    src = tmp_path / "ok.rss"
    src.write_bytes(rss_with_date("Sat, 11 Feb 2023 08:00:00 +0000"))
    (item,) = read_sources([str(src)])
    assert (item.published, item.published_source, item.notes) == (
        dt.date(2023, 2, 11),
        "feed",
        (),
    )


def test_tomorrow_is_plausible_the_day_after_is_not() -> None:
    today = dt.datetime.now(dt.UTC).date()
    assert read_date((today + dt.timedelta(days=1)).isoformat()).date is not None
    assert read_date((today + dt.timedelta(days=2)).isoformat()).date is None


def test_a_warc_last_modified_in_year_one_is_unknown(tmp_path: Path) -> None:
    body = f"<html><body><p>{STORY}</p></body></html>".encode()
    headers = [("Last-Modified", "Mon, 01 Jan 0001 00:00:00 GMT")]
    src = write_warc(
        tmp_path / "c.warc.gz", [Response("https://a.example/", body, headers=headers)]
    )
    (item,) = good(list(read_sources([str(src)])))
    assert item.published is None and item.notes
    assert item.captured is not None and item.captured_source == "warc"  # WARC-Date kept apart


def test_a_100000_deep_json_line_fails_alone(tmp_path: Path) -> None:
    src = tmp_path / "deep.jsonl"
    lines = [
        json.dumps({"id": "a", "text": STORY}),
        "[" * 100_000 + "]" * 100_000,
        '{"id": "x", "nested": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"id": "b", "text": STORY}),
    ]
    src.write_text("\n".join(lines) + "\n")
    items = list(read_sources([str(src)]))
    assert [i.id for i in good(items)] == ["a", "b"]
    assert [(where, reason) for where, reason in problems(items)] == [
        (f"{src}#2", "line 2: malformed JSON: nested too deeply"),
        (f"{src}#3", "line 3: malformed JSON: nested too deeply"),
    ]


def test_a_deep_json_list_file_is_one_error_not_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "deep.json"
    src.write_text("[" * 100_000 + "]" * 100_000)
    (item,) = read_sources([str(src)])
    assert item.error == "malformed JSON: nested too deeply"


def test_lone_surrogates_in_jsonl_become_replacement_characters(tmp_path: Path) -> None:
    src = tmp_path / "s.jsonl"
    src.write_text(
        '{"id": "s\\ud800", "title": "T\\udfff", "text": "Cholera \\ud800 in the port city"}\n'
    )
    (item,) = read_sources([str(src)])
    assert item.content == "Cholera \ufffd in the port city"
    assert item.id == "s\\ud800" and item.title == "T\\udfff"  # written as escaped, lossless
    for value in (item.id, item.title, item.content):
        assert isinstance(value, str)
        value.encode("utf-8")  # never raises


def test_file_names_that_are_not_utf8_are_read_and_shown_safely(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    os.makedirs(os.fsencode(folder) + b"/d\xe9p\xeaches", exist_ok=True)
    with open(os.fsencode(folder) + b"/d\xe9p\xeaches/caf\xe9.txt", "wb") as fh:
        fh.write(STORY.encode())
    (folder / "plain.txt").write_text(STORY)
    items = list(read_sources([str(folder)]))
    assert [i.id for i in items] == [
        f"{folder}/d\\xe9p\\xeaches/caf\\xe9.txt",
        f"{folder}/plain.txt",
    ]
    for item in items:
        item.id.encode("utf-8")
        item.origin.encode("utf-8")
    assert all(i.error is None for i in items)


def test_two_different_documents_on_stdin_get_different_ids() -> None:
    def read(data: bytes) -> str:
        (item,) = SourceReader(stdin=io.BytesIO(data)).read(["-"])
        return item.id

    first, second = read(b"Story A about cholera.\n"), read(b"Story B about measles.\n")
    assert first != second and first.startswith("stdin#")
    assert read(b"Story A about cholera.\n") == first  # the same content keeps its id
    assert first == content_id("stdin", b"Story A about cholera.\n")


def test_a_file_date_is_kept_for_undated_documents(tmp_path: Path) -> None:
    src = tmp_path / "undated.txt"
    src.write_text(STORY)
    os.utime(src, (1_650_000_000, 1_650_000_000))  # 2022-04-15
    (item,) = read_sources([str(src)])
    assert (item.captured, item.captured_source) == (dt.date(2022, 4, 15), "file")


def test_sniffing_a_long_run_of_whitespace_takes_no_time() -> None:
    # Found by fuzzing: "(?:\s+)*" in the prolog pattern backtracked exponentially, and a
    # text file or stdin starting with 70 vertical tabs stalled the scan's main process.
    import subprocess
    import sys

    code = (
        "from episignal.ingest.sniff import sniff, is_feed, is_html\n"
        "data = b'\\x0b' * 60 + b'\\x00('\n"
        "assert sniff(data) is None and not is_feed(b' ' * 4000 + b'x')\n"
        "assert not is_html(b'\\t\\n' * 2000 + b'x')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], timeout=20, capture_output=True)
    assert proc.returncode == 0, proc.stderr
