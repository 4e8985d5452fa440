"""JSON and JSONL records -> RawItems, streamed line by line with a per-line size cap."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from charset_normalizer import from_bytes

from episignal.document import ContentFormat, RawItem
from episignal.ingest.items import (
    content_id,
    content_item,
    error_item,
    host_of,
    optional_str,
    read_date,
    skip_item,
    too_large,
)

log = logging.getLogger(__name__)

_CHUNK = 1 << 20  # how much of an over-long line is read at a time while skipping it
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Line:
    number: int  # 1-based
    data: bytes | None  # None when the line was longer than the cap (read and dropped)
    size: int  # bytes, newline included
    edges: bytes  # the first and last non-blank bytes; b"" for a blank line


def iter_lines(stream: IO[bytes], limit: int) -> Iterator[Line]:
    """The lines of ``stream``; a line over ``limit`` bytes is consumed without being kept."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if len(line) <= limit or line.endswith(b"\n"):
            stripped = line.strip()
            yield Line(number, line, len(line), stripped[:1] + stripped[-1:])
            continue
        yield _drain_long_line(stream, number, line)


def _drain_long_line(stream: IO[bytes], number: int, head: bytes) -> Line:
    first = head.lstrip()[:1]
    last = head.rstrip()[-1:]
    size = len(head)
    chunk = head
    while not chunk.endswith(b"\n"):
        chunk = stream.readline(_CHUNK)
        if not chunk:
            break
        size += len(chunk)
        last = chunk.rstrip()[-1:] or last
    return Line(number, None, size, first + last)


def jsonl_items(stream: IO[bytes], name: str, *, max_bytes: int) -> Iterator[RawItem]:
    """One item per JSONL line: a record, or an error/skip item for that line alone."""
    found = False
    for line in iter_lines(stream, max_bytes):
        where = f"{name}#{line.number}"
        found = found or bool(line.edges)
        if line.data is None:
            yield skip_item(where, where, too_large(line.size, max_bytes))
            continue
        if not line.edges:
            continue  # blank lines separate nothing and are not documents
        try:
            record = loads(line.data)
        except (ValueError, RecursionError) as e:
            yield error_item(
                where, where, f"line {line.number}: malformed JSON: {_json_problem(e)}"
            )
            continue
        yield record_item(
            record,
            default_id=where,
            origin=where,
            where=f"line {line.number}",
            max_bytes=max_bytes,
            container=name,
        )
    if not found:  # only blank lines: say so rather than yield nothing
        yield skip_item(name, name, "empty: no records")


def json_items(data: bytes, name: str, *, max_bytes: int) -> Iterator[RawItem]:
    """Items of a .json file: one record, or a list of records."""
    try:
        value = loads(data)
    except (ValueError, RecursionError) as e:
        if "Extra data" in str(e):  # several objects one per line: it is JSONL
            yield from jsonl_items(io.BytesIO(data), name, max_bytes=max_bytes)
        else:
            yield error_item(name, name, f"malformed JSON: {_json_problem(e)}")
        return
    if isinstance(value, dict):
        yield record_item(value, default_id=name, origin=name, where=name, max_bytes=max_bytes)
    elif isinstance(value, list):
        if not value:
            yield skip_item(name, name, "empty: no records")
        for n, record in enumerate(value, 1):
            where = f"{name}#{n}"
            yield record_item(
                record,
                default_id=where,
                origin=where,
                where=f"record {n}",
                max_bytes=max_bytes,
                container=name,
            )
    else:
        kind = type(value).__name__
        yield error_item(name, name, f"expected a JSON object or a list of objects, got {kind}")


def _json_problem(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return str(error)


def loads(data: bytes) -> Any:
    """Parse JSON bytes; a record in a legacy encoding is decoded with a detected charset."""
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        encoding = legacy_encoding(data)
        log.info("JSON record not in UTF-8, decoded as %s", encoding)
        return json.loads(data.decode(encoding, "replace"))


def legacy_encoding(data: bytes) -> str:
    """The code page of non-UTF-8 bytes.

    On one short record the detector cannot tell the Latin code pages apart (it may pick
    cp1250 for French); among those, Windows-1252, by far the most common, is preferred.
    """
    best = from_bytes(data).best()
    if best is None:
        return "cp1252" if _decodes(data, "cp1252") else "latin-1"
    if best.encoding in _LATIN_CODE_PAGES and _decodes(data, "cp1252"):
        return "cp1252"
    return str(best.encoding)


_LATIN_CODE_PAGES = frozenset(
    {"cp1250", "cp1252", "cp1257", "latin_1", "iso8859_2", "iso8859_15", "mac_roman"}
    | {"iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_16"}
)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def record_item(
    record: object,
    *,
    default_id: str,
    origin: str,
    where: str,
    max_bytes: int,
    container: str | None = None,
) -> RawItem:
    """A RawItem from one record ``{id?, text | html, published?, url?, title?, source?}``.

    A record without an id inside a ``container`` (a JSONL file, a list, stdin) gets one
    derived from its content, so it keeps its id when records are added or removed around it.
    """
    if not isinstance(record, dict):
        kind = type(record).__name__
        return error_item(default_id, origin, f"{where}: expected a JSON object, got {kind}")
    picked = _pick_content(record)
    own_id = optional_str(record.get("id"))
    if picked is None:
        item_id = own_id or default_id
        return error_item(item_id, origin, f"{where}: record has no 'text' or 'html' string")
    content, fmt = picked
    item_id = own_id or (content_id(container, content) if container else default_id)
    url = optional_str(record.get("url"))
    return content_item(
        item_id,
        origin,
        content,
        fmt,
        max_bytes=max_bytes,
        url=url,
        title=optional_str(record.get("title")),
        source=optional_str(record.get("source")) or host_of(url),
        published=read_date(record.get("published")),
        date_source="record",
    )


def _pick_content(record: dict[str, Any]) -> tuple[str, ContentFormat] | None:
    """Plain text when the record has some (already clean), else its HTML."""
    text, html = record.get("text"), record.get("html")
    if isinstance(text, str) and (text.strip() or not isinstance(html, str)):
        return text, "text"
    if isinstance(html, str):
        return html, "html"
    return None
