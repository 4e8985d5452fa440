"""Small helpers shared by the readers: item constructors, dates, hosts, size caps."""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import logging
import re
from dataclasses import dataclass
from typing import TypedDict, Unpack
from urllib.parse import urlsplit

from episignal.bounds import date_problem, printable_name, without_surrogates
from episignal.document import ContentFormat, RawItem

log = logging.getLogger(__name__)

# Feeds and JSON arrays must be parsed whole, so they may be this many times larger than
# the per-document cap; each document inside them is still held to the cap.
CONTAINER_FACTOR = 10

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RFC2822_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?\s+(\d+)\b")


class ItemMeta(TypedDict, total=False):
    """What is known of an unreadable or skipped input."""

    url: str | None
    title: str | None
    source: str | None


def error_item(item_id: str, origin: str, reason: str, **meta: Unpack[ItemMeta]) -> RawItem:
    """An input that could not be read: kept so the scan can record the failure."""
    return RawItem(
        printable_name(item_id),
        b"",
        "text",
        printable_name(origin),
        error=printable_name(reason),
        **meta,
    )


def skip_item(item_id: str, origin: str, reason: str, **meta: Unpack[ItemMeta]) -> RawItem:
    """An input that was read but must not be processed (empty, too large, not a document)."""
    return RawItem(
        printable_name(item_id),
        b"",
        "text",
        printable_name(origin),
        skip_reason=printable_name(reason),
        **meta,
    )


def too_large(size: int | str, cap: int) -> str:
    return f"too large: {size} bytes > {cap}"


def content_item(
    item_id: str,
    origin: str,
    content: str | bytes,
    fmt: ContentFormat,
    *,
    max_bytes: int,
    url: str | None = None,
    title: str | None = None,
    source: str | None = None,
    published: DateReading | None = None,
    date_source: str | None = None,
) -> RawItem:
    """A document, or a skip item when its content is empty or over the size cap.

    ``published`` is the date the source states, read by :func:`read_date`; ``date_source``
    names who stated it ("record", "feed", "http").
    """
    if isinstance(content, str):
        content = without_surrogates(content)
    size = encoded_size(content, max_bytes)
    if size > max_bytes:
        item = skip_item(
            item_id, origin, too_large(size, max_bytes), url=url, title=title, source=source
        )
    elif not _has_text(content):
        item = skip_item(item_id, origin, "empty", url=url, title=title, source=source)
    else:
        item = RawItem(
            printable_name(item_id),
            content,
            fmt,
            printable_name(origin),
            url=url,
            title=title,
            source=source,
        )
    if published is not None:
        item.published = published.date
        item.published_source = date_source if published.date is not None else None
        item.notes = published.notes
    return item


def content_id(container: str, content: str | bytes) -> str:
    """The id of a document that has none: its container and a hash of its content.

    Two different documents piped into ``episignal scan -`` one after the other must not
    share an id (the second would replace the first); the same content read twice should.
    """
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return f"{container}#{hashlib.blake2b(data, digest_size=8).hexdigest()}"


def encoded_size(content: str | bytes, max_bytes: int) -> int:
    """Byte size of ``content``; only encodes a str when it could exceed the cap."""
    if isinstance(content, bytes):
        return len(content)
    if len(content) * 4 <= max_bytes:  # UTF-8 uses at most 4 bytes a character
        return len(content)
    return len(content.encode("utf-8", "surrogatepass"))


def _has_text(content: str | bytes) -> bool:
    # Look at the head first so a long document is not copied just to test it.
    return bool(content[:4096].strip() or content.strip())


@dataclass(frozen=True, slots=True)
class DateReading:
    """A date read from input: the date, or None with a note when a value was set aside."""

    date: dt.date | None
    note: str | None = None
    implausible: bool = False  # a date was read, but it cannot be a document's date

    @property
    def notes(self) -> tuple[str, ...]:
        return (self.note,) if self.note else ()


NO_DATE = DateReading(None)


def read_date(value: object, *, what: str = "published date") -> DateReading:
    """A document date from YYYY-MM-DD, an ISO datetime or an RFC 2822 date.

    The calendar date is taken as written (no conversion to UTC): a story published at
    23:30 local time belongs to that local day. A date outside the plausible window
    (before 1900, or more than a day ahead: Go's zero time ``0001-01-01``, ``9999-12-31``)
    is unknown, and the note says why.
    """
    if isinstance(value, dt.datetime):
        return _checked(value.date(), what)
    if isinstance(value, dt.date):
        return _checked(value, what)
    if not isinstance(value, str) or not value.strip():
        return NO_DATE
    text = value.strip()
    try:
        found = _parse_text_date(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return DateReading(None, f"{what} {printable_name(text[:40])!r} unreadable: ignored")
    return _checked(found, what, written=text)


def parse_date(value: object, *, warn: bool = True) -> dt.date | None:
    """:func:`read_date`'s date; a value that could not be used is logged when ``warn``."""
    reading = read_date(value)
    if reading.note and warn:
        log.warning("%s", reading.note)
    return reading.date


def _parse_text_date(text: str) -> dt.date:
    if len(text) == 10 and _ISO_DATE.fullmatch(text):
        return dt.date.fromisoformat(text)
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    parsed = email.utils.parsedate_to_datetime(text).date()
    written = _RFC2822_YEAR.search(text)
    if written is not None and len(written.group(1)) >= 3 and int(written.group(1)) != parsed.year:
        # The email module reads any year under 100 as 19xx/20xx: "Mon, 01 Jan 0001" (Go's
        # zero time in RSS) would become 2001-01-01. A year written with 3+ digits is literal.
        return parsed.replace(year=int(written.group(1)))
    return parsed


def _checked(value: dt.date, what: str, *, written: str | None = None) -> DateReading:
    problem = date_problem(value)
    if problem is None:
        return DateReading(value)
    shown = f" ({printable_name(written[:40])!r})" if written else ""
    return DateReading(None, f"{what} {problem}{shown}: treated as unknown", implausible=True)


def host_of(url: str | None) -> str | None:
    """The site name of a URL ("www.example.org" -> "example.org"), or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def optional_str(value: object) -> str | None:
    """A metadata field as a non-empty string, or None (numbers are accepted as ids)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return printable_name(value.strip())
    return None
