"""Small helpers shared by the readers: item constructors, dates, hosts, size caps."""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from typing import TypedDict, Unpack
from urllib.parse import urlsplit

from episignal.document import ContentFormat, RawItem

log = logging.getLogger(__name__)

# Feeds and JSON arrays must be parsed whole, so they may be this many times larger than
# the per-document cap; each document inside them is still held to the cap.
CONTAINER_FACTOR = 10

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class ItemMeta(TypedDict, total=False):
    """What is known of an unreadable or skipped input."""

    url: str | None
    title: str | None
    source: str | None


def error_item(item_id: str, origin: str, reason: str, **meta: Unpack[ItemMeta]) -> RawItem:
    """An input that could not be read: kept so the scan can record the failure."""
    return RawItem(item_id, b"", "text", origin, error=reason, **meta)


def skip_item(item_id: str, origin: str, reason: str, **meta: Unpack[ItemMeta]) -> RawItem:
    """An input that was read but must not be processed (empty, too large, not a document)."""
    return RawItem(item_id, b"", "text", origin, skip_reason=reason, **meta)


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
    published: dt.date | None = None,
) -> RawItem:
    """A document, or a skip item when its content is empty or over the size cap."""
    size = encoded_size(content, max_bytes)
    if size > max_bytes:
        item = skip_item(
            item_id, origin, too_large(size, max_bytes), url=url, title=title, source=source
        )
    elif not _has_text(content):
        item = skip_item(item_id, origin, "empty", url=url, title=title, source=source)
    else:
        item = RawItem(item_id, content, fmt, origin, url=url, title=title, source=source)
    item.published = published
    return item


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


def parse_date(value: object, *, warn: bool = True) -> dt.date | None:
    """A publication date from YYYY-MM-DD, an ISO datetime or an RFC 2822 date; else None.

    The calendar date is taken as written (no conversion to UTC): a story published at
    23:30 local time belongs to that local day.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10 and _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        if warn:
            log.warning("unrecognised publication date %r: ignored", text[:80])
        return None


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
        return value.strip()
    return None
