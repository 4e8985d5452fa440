"""Bytes of a known kind -> RawItems: the dispatch shared by files, stdin and URLs."""

from __future__ import annotations

import io
from collections.abc import Iterator

from episignal.document import ContentFormat, RawItem
from episignal.ingest.feeds import feed_items
from episignal.ingest.items import content_id, content_item, error_item
from episignal.ingest.jsonl import json_items, jsonl_items
from episignal.ingest.sniff import Kind, binary_reason
from episignal.ingest.warc import warc_items


def items_from_bytes(
    data: bytes,
    kind: Kind,
    name: str,
    *,
    max_bytes: int,
    url: str | None = None,
    site: str | None = None,
    anonymous: bool = False,
) -> Iterator[RawItem]:
    """The items held in ``data``, which was read from ``name`` and is of ``kind``.

    ``anonymous``: ``name`` does not identify one document (standard input), so a single
    document gets an id derived from its content.
    """
    if kind == "feed":
        yield from feed_items(data, name, max_bytes=max_bytes, site=site)
    elif kind == "json":
        yield from json_items(data, name, max_bytes=max_bytes)
    elif kind == "jsonl":
        yield from jsonl_items(io.BytesIO(data), name, max_bytes=max_bytes)
    elif kind == "warc":
        yield from warc_items(io.BytesIO(data), name, max_bytes=max_bytes)
    else:
        yield single_document(
            data, kind, name, max_bytes=max_bytes, url=url, site=site, anonymous=anonymous
        )


def single_document(
    data: bytes,
    fmt: ContentFormat,
    name: str,
    *,
    max_bytes: int,
    url: str | None = None,
    site: str | None = None,
    anonymous: bool = False,
) -> RawItem:
    """A text or HTML document, passed on as bytes: cleaning detects the charset."""
    item_id = content_id(name, data) if anonymous else name
    reason = binary_reason(data)
    if reason is not None:
        return error_item(item_id, name, reason, url=url, source=site)
    return content_item(item_id, name, data, fmt, max_bytes=max_bytes, url=url, source=site)
