"""Files and folders -> RawItems: kind by extension (or sniffed), size caps, sorted walks."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator

from episignal.bounds import plausible_date
from episignal.document import RawItem
from episignal.ingest.formats import items_from_bytes, single_document
from episignal.ingest.items import CONTAINER_FACTOR, error_item, skip_item, too_large
from episignal.ingest.jsonl import jsonl_items
from episignal.ingest.sniff import HEAD_BYTES, Kind, binary_reason, is_feed, sniff
from episignal.ingest.warc import warc_items

EXTENSIONS: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".warc.gz": "warc",
}
STREAMED: frozenset[Kind] = frozenset({"jsonl", "warc"})  # read record by record, no file cap
PARSED_WHOLE: frozenset[Kind] = frozenset({"feed", "json"})  # may reach the container cap


def kind_by_extension(path: str) -> Kind | None:
    name = os.path.basename(path).lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return EXTENSIONS.get(os.path.splitext(name)[1])


def path_items(path: str, *, max_bytes: int) -> Iterator[RawItem]:
    """Items of a file, or of every file under a folder (sorted, hidden entries skipped)."""
    if not os.path.isdir(path):
        yield from guarded(path, file_items(path, max_bytes=max_bytes))
        return
    for member, problem in walk(path):
        if problem is not None:
            yield error_item(member, member, problem)
        else:
            yield from guarded(member, file_items(member, max_bytes=max_bytes))


def walk(folder: str) -> Iterator[tuple[str, str | None]]:
    """Paths of the files under ``folder`` in sorted order, as (path, None), lazily.

    An unreadable folder comes as (path, reason). Hidden files and folders are skipped;
    a symbolic link back up the tree is followed only once.
    """
    seen: set[str] = set()

    def visit(directory: str) -> Iterator[tuple[str, str | None]]:
        real = os.path.realpath(directory)
        if real in seen:
            return
        seen.add(real)
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as e:
            yield directory, f"cannot list folder: {e.strerror or e}"
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(directory, entry.name)
            if _is_dir(entry):
                yield from visit(path)
            else:
                yield path, None

    yield from visit(folder)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def guarded(name: str, items: Iterator[RawItem]) -> Iterator[RawItem]:
    """``items``, with any unexpected exception turned into a final error item."""
    try:
        yield from items
    except Exception as e:  # a bug or an odd file must not stop the scan
        yield error_item(name, name, f"cannot read: {type(e).__name__}: {e}")


def file_items(path: str, *, max_bytes: int) -> Iterator[RawItem]:
    """The items of one file; every problem is an error or skip item, never an exception."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        yield error_item(path, path, "no such file or directory")
        return
    except OSError as e:
        yield error_item(path, path, f"cannot read: {e.strerror or e}")
        return
    if not stat.S_ISREG(info.st_mode):
        yield skip_item(path, path, "not a regular file")
        return
    if info.st_size == 0:
        yield skip_item(path, path, "empty")
        return
    modified = _modification_date(info)
    try:
        for item in _read_file(path, info.st_size, max_bytes=max_bytes):
            if item.captured is None and modified is not None:
                item.captured, item.captured_source = modified, "file"
            yield item
    except OSError as e:
        yield error_item(path, path, f"cannot read: {e.strerror or e}")


def _modification_date(info: os.stat_result) -> dt.date | None:
    """The file's modification day (UTC), when it is a plausible document date."""
    try:
        day = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None
    return plausible_date(day)


def _read_file(path: str, size: int, *, max_bytes: int) -> Iterator[RawItem]:
    with open(path, "rb") as f:
        kind = kind_by_extension(path)
        if kind is None:  # unknown extension: a feed, a WARC or an HTML page may still hide here
            kind = sniff(f.read(HEAD_BYTES))
            f.seek(0)
            if kind is None:
                yield skip_item(path, path, f"unsupported file type: {_extension(path)}")
                return
        if kind == "jsonl":
            yield from jsonl_items(f, path, max_bytes=max_bytes)
            return
        if kind == "warc":
            yield from warc_items(f, path, max_bytes=max_bytes)
            return
        cap = max_bytes * CONTAINER_FACTOR if kind in PARSED_WHOLE else max_bytes
        if size > cap:
            yield skip_item(path, path, too_large(size, cap))
            return
        data = f.read(cap + 1)  # the file may have grown since stat
    yield from _whole_file_items(data, kind, path, max_bytes=max_bytes)


def _whole_file_items(data: bytes, kind: Kind, path: str, *, max_bytes: int) -> Iterator[RawItem]:
    feed = is_feed(data)
    if kind == "feed" and not feed and path.lower().endswith(".xml"):
        reason = binary_reason(data)
        if reason is not None:
            yield error_item(path, path, reason)
        else:
            yield skip_item(path, path, "XML document that is not an RSS/Atom feed")
        return
    if kind in ("text", "html"):
        if feed:  # a feed saved under another name is still a feed
            kind = "feed"
        else:
            yield single_document(data, kind, path, max_bytes=max_bytes)
            return
    yield from items_from_bytes(data, kind, path, max_bytes=max_bytes)


def _extension(path: str) -> str:
    ext = os.path.splitext(path)[1]
    return f"'{ext}'" if ext else "no extension"
