"""Extraction over sources, without a database: the engine of ``episignal extract``."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from episignal.clean import clean_item
from episignal.document import Document, Extraction, RawItem, extraction_to_dict
from episignal.errors import EpisignalError
from episignal.extract.pipeline import extract_text
from episignal.ingest import read_sources

log = logging.getLogger(__name__)


def extract_sources(
    sources: Sequence[str], *, published: date | None = None, max_bytes: int = 5_000_000
) -> Iterator[dict[str, Any]]:
    """One extraction record per input document, in input order, errors included."""
    return extract_items(read_sources(sources, max_bytes=max_bytes), published=published)


def extract_items(
    items: Iterable[RawItem], *, published: date | None = None
) -> Iterator[dict[str, Any]]:
    for item in items:
        yield extract_item(item, published=published)


def extract_item(item: RawItem, *, published: date | None = None) -> dict[str, Any]:
    """Extract one raw item; a problem with it becomes an ``error`` field, never an exception."""
    if item.error or item.skip_reason:
        return error_record(item, item.error or item.skip_reason or "unreadable")
    try:
        doc = clean_item(item)
    except EpisignalError as e:
        return error_record(item, str(e))
    if published is not None:  # --published overrides what the source says
        doc.published = published
    try:
        extraction = extract_text(doc.text, doc.published, title=doc.title, language=doc.language)
    except Exception as e:  # one bad document never stops the run
        log.exception("extraction failed for %s", item.id)
        return error_record(item, f"extraction failed: {type(e).__name__}: {e}", doc=doc)
    return extraction_to_dict(doc, extraction)


def error_record(item: RawItem, reason: str, *, doc: Document | None = None) -> dict[str, Any]:
    if doc is None:
        doc = Document(
            id=item.id, text="", origin=item.origin, title=item.title, published=item.published
        )
    record = extraction_to_dict(doc, Extraction(language=doc.language))
    record["error"] = reason
    return record
