"""JSON and JSONL records: fields, ids, dates, broken lines, streaming and speed."""

from __future__ import annotations

import datetime as dt
import json
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from ingest_helpers import good, problems

from episignal.ingest import read_sources
from episignal.ingest.items import content_id


def write_jsonl(path: Path, records: Sequence[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_records_keep_their_metadata(tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {
                "id": "r1",
                "text": "Cholera: 12 deaths in the port city.",
                "published": "2023-02-11",
                "url": "https://www.portnews.example/cholera",
                "title": "Cholera deaths",
                "source": "Port News",
            },
            {"html": "<p>Dengue spreads.</p>", "published": "2023-02-12T23:50:00+05:00"},
            {"id": 42, "text": "Numbered id.", "url": "https://www.citypaper.example/x"},
        ],
    )
    first, second, third = read_sources([str(src)])
    assert first.id == "r1" and first.origin == f"{src}#1"
    assert (first.content, first.format) == ("Cholera: 12 deaths in the port city.", "text")
    assert first.published == dt.date(2023, 2, 11)
    assert (first.url, first.title, first.source) == (
        "https://www.portnews.example/cholera",
        "Cholera deaths",
        "Port News",
    )
    assert second.id == content_id(str(src), second.content) and second.format == "html"
    assert second.origin == f"{src}#2"  # the id comes from the content, the origin is the line
    assert second.published == dt.date(2023, 2, 12)  # the date as written, not shifted to UTC
    assert third.id == "42" and third.source == "citypaper.example"  # host when no source


def test_text_wins_over_html_unless_it_is_blank(tmp_path: Path) -> None:
    src = write_jsonl(
        tmp_path / "r.jsonl",
        [{"text": "clean text", "html": "<p>x</p>"}, {"text": "  ", "html": "<p>markup</p>"}],
    )
    a, b = read_sources([str(src)])
    assert (a.content, a.format) == ("clean text", "text")
    assert (b.content, b.format) == ("<p>markup</p>", "html")


def test_one_bad_line_loses_no_other_record(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    src.write_bytes(
        b'{"id": "a", "text": "first story"}\n'
        b'{"id": "b", "text": "unterminated\n'
        b"\n"
        b'["a", "list"]\n'
        b'{"id": "d", "title": "no body"}\n'
        b'{"id": "e", "text": ""}\n'
        b'{"id": "f", "text": "last story", "published": "not a date"}\n'
    )
    items = list(read_sources([str(src)]))
    assert [i.id for i in good(items)] == ["a", "f"]
    assert good(items)[1].published is None
    reasons = dict(problems(items))
    assert reasons[f"{src}#2"].startswith("line 2: malformed JSON")
    assert reasons[f"{src}#4"] == "line 4: expected a JSON object, got list"
    assert reasons["d"] == "line 5: record has no 'text' or 'html' string"
    assert reasons["e"] == "empty"
    assert len(items) == 6  # the blank line is not a document


def test_ten_megabyte_line_is_skipped_and_its_neighbours_kept(tmp_path: Path) -> None:
    src = tmp_path / "big.jsonl"
    huge = b'{"id": "huge", "text": "' + b"x" * 10_000_000 + b'"}\n'
    with src.open("wb") as f:
        f.write(b'{"id": "before", "text": "short story"}\n')
        f.write(huge)
        f.write(b'{"id": "after", "text": "another short story"}')  # no final newline
    items = list(read_sources([str(src)]))
    assert [i.id for i in good(items)] == ["before", "after"]
    assert problems(items) == [(f"{src}#2", f"too large: {len(huge)} bytes > 5000000")]


def test_legacy_encoding_and_bom_are_tolerated(tmp_path: Path) -> None:
    src = tmp_path / "enc.jsonl"
    src.write_bytes(
        b'\xef\xbb\xbf{"id": "bom", "text": "UTF-8 with a byte order mark"}\n'
        + '{"id": "latin", "text": "Fièvre jaune à Brazzaville, hôpitaux débordés"}\n'.encode(
            "cp1252"
        )
    )
    bom, latin = read_sources([str(src)])
    assert bom.id == "bom" and bom.error is None
    assert latin.error is None
    assert latin.content == "Fièvre jaune à Brazzaville, hôpitaux débordés"


def test_json_file_with_one_record_or_a_list(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "single record about mumps", "title": "Mumps"}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": "x", "text": "first"}, {"text": "second"}, "oops"]))
    empty = tmp_path / "empty.json"
    empty.write_text("[]")
    scalar = tmp_path / "scalar.json"
    scalar.write_text("3")
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": ')
    items = list(read_sources([str(p) for p in (one, many, empty, scalar, broken)]))
    assert items[0].id == str(one) and items[0].title == "Mumps"
    assert [i.id for i in items[1:4]] == ["x", content_id(str(many), "second"), f"{many}#3"]
    assert items[3].error == "record 3: expected a JSON object, got str"
    assert items[4].skip_reason == "empty: no records"
    assert items[5].error == "expected a JSON object or a list of objects, got int"
    assert (items[6].error or "").startswith("malformed JSON")


def test_json_file_holding_json_lines_is_read_as_jsonl(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "lines.json", [{"text": "one"}, {"text": "two"}])
    assert [i.origin for i in read_sources([str(src)])] == [f"{src}#1", f"{src}#2"]


def test_jsonl_is_streamed_not_read_upfront(tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "grow.jsonl", [{"text": f"story {n}"} for n in range(3)])
    items = read_sources([str(src)])
    assert next(items).content == "story 0"
    with src.open("a") as f:  # written after reading began: a lazy reader still sees it
        f.write(json.dumps({"text": "appended later"}) + "\n")
    assert [i.content for i in items] == ["story 1", "story 2", "appended later"]


def test_large_jsonl_is_read_in_bounded_memory(tmp_path: Path) -> None:
    src = tmp_path / "large.jsonl"
    record = json.dumps({"text": "An outbreak report of moderate length. " * 25}) + "\n"
    with src.open("w") as f:
        f.write(record * 10_000)  # about 10 MB
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_sources([str(src)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < 1_000_000, peak
