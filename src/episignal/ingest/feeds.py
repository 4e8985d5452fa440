"""RSS and Atom feeds -> one RawItem per entry (feedparser, never fetching anything itself)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

import feedparser

from episignal.document import ContentFormat, RawItem
from episignal.ingest.items import (
    NO_DATE,
    DateReading,
    content_id,
    content_item,
    error_item,
    host_of,
    optional_str,
    read_date,
)

# feedparser flags these as "bozo" although the entries parse fine: not worth an error.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def feed_items(
    data: bytes, name: str, *, max_bytes: int, site: str | None = None
) -> Iterator[RawItem]:
    """Entries of the feed in ``data`` (read from ``name``), in feed order.

    A malformed feed yields the entries feedparser could recover, then one error item
    saying what was wrong; with nothing recovered, only the error item.
    """
    # A file object, never a str: feedparser would treat a str as a URL or a path to open.
    try:
        parsed = feedparser.parse(
            io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as e:  # feedparser on hostile bytes (a garbled encoding declaration)
        yield error_item(name, name, f"malformed feed XML: {type(e).__name__}: {_describe(e)}")
        return
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS):
        problem = None
    entries = parsed.get("entries") or []
    feed_title = optional_str(parsed.get("feed", {}).get("title"))
    recovered = 0
    for n, entry in enumerate(entries, 1):
        item = _guarded_entry(entry, n, name, max_bytes=max_bytes, outlet=feed_title or site)
        if problem is not None and item.skip_reason == "empty":
            continue  # the half-parsed tail of a broken feed: the error item covers it
        recovered += 1
        yield item
    if problem is not None:
        tail = f"; {recovered} entries recovered" if recovered else ""
        yield error_item(name, name, f"malformed feed XML: {_describe(problem)}{tail}")
    elif not entries:
        yield error_item(name, name, "feed has no entries")


def _guarded_entry(entry: Any, n: int, name: str, *, max_bytes: int, outlet: str | None) -> RawItem:
    """One entry's item; an entry that breaks the reader fails alone."""
    try:
        return _entry_item(entry, n, name, max_bytes=max_bytes, outlet=outlet)
    except Exception as e:  # feedparser hands back whatever the XML held
        where = f"{name}#{n}"
        return error_item(where, where, f"unreadable feed entry: {type(e).__name__}: {e}")


def _entry_item(entry: Any, n: int, name: str, *, max_bytes: int, outlet: str | None) -> RawItem:
    link = optional_str(entry.get("link"))
    content, fmt = _entry_content(entry)
    return content_item(
        optional_str(entry.get("id")) or link or content_id(name, content),
        f"{name}#{n}",
        content,
        fmt,
        max_bytes=max_bytes,
        url=link,
        title=optional_str(entry.get("title")),
        source=outlet or host_of(link),
        published=_entry_date(entry),
        date_source="feed",
    )


def _entry_content(entry: Any) -> tuple[str, ContentFormat]:
    """The fullest body of an entry: its longest content block, else its summary."""
    blocks = [b for b in entry.get("content") or [] if isinstance(b.get("value"), str)]
    if blocks:
        best = max(blocks, key=lambda b: len(b["value"]))
        return best["value"], _format_of(best.get("type"))
    detail = entry.get("summary_detail") or {}
    return entry.get("summary") or "", _format_of(detail.get("type"))


def _format_of(mime: object) -> ContentFormat:
    return "text" if mime == "text/plain" else "html"


def _entry_date(entry: Any) -> DateReading:
    """The entry's date as written in the feed; feedparser's UTC tuple only as a fallback.

    A date that was read but is implausible stays unknown: feedparser's reading of the same
    text ("Mon, 01 Jan 0001" as 2001) must not replace it.
    """
    unreadable: DateReading | None = None
    for key in ("published", "updated", "created"):
        reading = read_date(entry.get(key))
        if reading.date is not None or reading.implausible:
            return reading
        unreadable = unreadable or (reading if reading.note else None)
    for key in ("published_parsed", "updated_parsed"):
        parts = entry.get(key)
        if parts:
            try:
                return read_date(dt.date(parts[0], parts[1], parts[2]))
            except (TypeError, ValueError, IndexError):
                continue
    return unreadable or NO_DATE


def _describe(problem: object) -> str:
    text = str(problem).strip() or type(problem).__name__
    return text[:200]
