"""WARC and WARC.gz archives -> one RawItem per HTML ``response`` record (warcio, streamed)."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator

from episignal.document import RawItem
from episignal.ingest.items import (
    content_id,
    content_item,
    error_item,
    host_of,
    read_date,
    skip_item,
    too_large,
)
from episignal.ingest.sniff import is_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20


def warc_items(stream: IO[bytes], name: str, *, max_bytes: int) -> Iterator[RawItem]:
    """Items of the archive read from ``stream``, in record order.

    Only ``response`` records are documents; request, metadata and warcinfo records are
    passed over silently. A response that is not a 200 or not HTML becomes a skip item. A
    truncated or corrupt archive yields every record read before the damage, then one
    error item. (An archive cut exactly between two records cannot be told from a
    shorter archive.)
    """
    n = 0
    records = QuietArchiveIterator(stream)
    record: Any = None
    item: RawItem | None = None
    try:
        for record in records:
            n += 1
            if not str(record.format).startswith("warc"):  # warcio also guesses at ARC
                yield error_item(name, name, "not a WARC archive: no WARC record header")
                return
            if record.rec_type == "response":
                item = _response_item(record, name, n, max_bytes=max_bytes)
                yield item
    except Exception as e:  # warcio and zlib raise many kinds on damaged archives
        read = f" after {n} records" if n else ""
        yield error_item(name, name, f"truncated or corrupt WARC{read}: {_describe(e)}")
        return
    if n == 0:
        yield error_item(name, name, "not a WARC archive: no records")
        return
    reported = item is not None and (item.error or "").startswith("truncated")
    damage = None if reported else _damage(stream, records, record)
    if damage is not None:
        yield error_item(name, name, f"truncated or corrupt WARC after {n} records: {damage}")
    elif records.err_count:
        reason = f"corrupt WARC: {records.err_count} records with a wrong Content-Length"
        yield error_item(name, name, reason)


class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without its own stderr warning about a wrong Content-Length
    (written past any logging setup): the count is kept, and reported with the archive."""

    INC_RECORD = ""


def _damage(stream: IO[bytes], records: Any, last: Any) -> str | None:
    """What is wrong with the end of the archive, or None when it ends cleanly.

    warcio stops quietly when the archive is cut: inside a record (fewer bytes than the
    record declared), inside a record header (bytes left that it could not parse), or in
    the gzip trailer of the last record.
    """
    declared = _declared_length(last.rec_headers.get_header("Content-Length"))
    if declared is None or last.raw_stream.limit or last.length != declared:
        # bytes missing from the block; cut right after its header, warcio loses the
        # header's Content-Length (mandatory in WARC) and sets the length to 0
        return "the last record is cut short"
    try:
        if not stream.seekable():
            return None
        stream.seek(records.offset)
        if stream.read(4096).strip():
            return "unreadable data at the end"
        if not _gzip_member_complete(stream, records.get_record_offset()):
            return "the last gzip member has no end"
    except (OSError, ValueError):
        return None
    return None


def _gzip_member_complete(stream: IO[bytes], start: int) -> bool:
    """False when the gzip member starting at ``start`` ends before its trailer."""
    stream.seek(start)
    if stream.read(2) != b"\x1f\x8b":
        return True  # an uncompressed WARC
    stream.seek(start)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    while not inflater.eof:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return False
        while chunk and not inflater.eof:  # bounded output: the data itself is not needed
            inflater.decompress(chunk, _CHUNK)
            chunk = inflater.unconsumed_tail
    return True


def _response_item(record: Any, name: str, n: int, *, max_bytes: int) -> RawItem:
    uri = record.rec_headers.get_header("WARC-Target-URI")
    item_id = uri or f"{name}#{n}"
    origin = f"{name}#{n}"
    site = host_of(uri)
    http = record.http_headers
    if http is None:
        return error_item(
            item_id, origin, "WARC response without HTTP headers", url=uri, source=site
        )
    status = http.get_statuscode()
    if not status:
        return error_item(
            item_id, origin, "WARC response with a broken HTTP status line", url=uri, source=site
        )
    if status != "200":
        return skip_item(item_id, origin, f"HTTP status {status}, not 200", url=uri, source=site)
    mime = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    length = _declared_length(http.get_header("Content-Length"))
    if length is not None and length > max_bytes:
        return skip_item(item_id, origin, too_large(length, max_bytes), url=uri, source=site)
    payload = record.content_stream().read(max_bytes + 1)  # undoes chunking and gzip
    if len(payload) > max_bytes:
        return skip_item(
            item_id, origin, too_large(f"{max_bytes}+", max_bytes), url=uri, source=site
        )
    missing = record.raw_stream.limit  # bytes the record declared but the file did not hold
    if missing:
        reason = f"truncated WARC record: {missing} bytes missing"
        return error_item(item_id, origin, reason, url=uri, source=site)
    if mime not in HTML_TYPES and not (mime in ("", "text/plain") and is_html(payload)):
        return skip_item(
            item_id, origin, f"not HTML: {mime or 'no content type'}", url=uri, source=site
        )
    item = content_item(
        uri or content_id(name, payload),
        origin,
        payload,
        "html",
        max_bytes=max_bytes,
        url=uri,
        source=site,
        published=read_date(http.get_header("Last-Modified")),
        date_source="http",
    )
    item.captured = read_date(record.rec_headers.get_header("WARC-Date")).date
    item.captured_source = "warc" if item.captured is not None else None
    return item


def _declared_length(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _describe(error: Exception) -> str:
    """The exception's type and the first line of its message (warcio's run to pages)."""
    lines = str(error).strip().splitlines()
    text = lines[0].strip().removeprefix("ERROR: ") if lines else ""
    return f"{type(error).__name__}: {text}"[:200] if text else type(error).__name__
