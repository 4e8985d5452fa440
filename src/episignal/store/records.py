"""The rows the store writes for one document, as the pipeline hands them over.

They are computed in the scan's worker processes (:mod:`episignal.prepare`), so the single
writer only executes INSERTs. The store never looks inside an extraction: it writes the
rows it is handed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from episignal.document import Document


class FactRow(NamedTuple):
    """One count as a ``facts`` row (columns in table order, without id and document_id)."""

    disease: str | None
    icd10: str | None
    variant: str | None
    country: str | None
    admin1: str | None
    date: str | None
    measure: str
    status: str | None
    cumulative: int | None
    species: str
    value: int
    low: int | None
    high: int | None
    approximate: int
    source: str | None
    span_start: int
    span_end: int
    quote: str
    scope: str
    kind: str
    area: str | None
    condition: str | None
    exclusion: str | None  # why the fact stays out of every event series; None: it may enter


class ReportRow(NamedTuple):
    """A relevant document names its primary disease in an affected country: a
    ``reports`` row (without id and document_id). It opens or updates that (disease,
    country) event even when the document gives no figure."""

    disease: str
    icd10: str | None
    country: str
    date: str | None
    span_start: int
    span_end: int
    quote: str


class ResponseRow(NamedTuple):
    """One measure or resource as a ``responses`` row (without id and document_id)."""

    kind: str
    disease: str | None
    country: str | None
    date: str | None
    span_start: int
    span_end: int
    quote: str
    data: str


@dataclass(slots=True)
class PreparedDocument:
    """Everything the writer stores for one cleaned document."""

    document: Document
    raw_hash: str
    supported: bool  # the language is read by the engine (a profile exists)
    extraction: str | None = None  # the contract record as JSON, without its "text"
    relevant: bool = False
    signature: bytes | None = None
    guard: str | None = None
    facts: list[FactRow] = field(default_factory=list)
    responses: list[ResponseRow] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)


def raw_hash(content: str | bytes) -> str:
    """Hash of an item's content exactly as read: rescans skip unchanged items by it."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def guards_agree(a: str, b: str) -> bool:
    """Do two guard keys tell the same story?

    Disease, figures and dates must be equal. The affected countries need only overlap:
    outlets' bylines and furniture differ, and a stray place in one copy ("Metro Herald
    World Desk") must not split a wire story that carries the same figures.
    """
    x, y = _guard(a), _guard(b)
    if x is None or y is None or any(x[k] != y[k] for k in ("disease", "counts", "dates")):
        return False
    cx, cy = set(x["countries"]), set(y["countries"])
    return cx == cy or bool(cx & cy)


_GUARD_KEYS = ("disease", "counts", "dates", "countries")


def _guard(text: str) -> dict[str, Any] | None:
    """A stored guard key, or None when it is not one (a hand-edited row): no match."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError, RecursionError):
        return None
    if not isinstance(value, dict) or any(k not in value for k in _GUARD_KEYS):
        return None
    if not isinstance(value["countries"], list) or not all(
        isinstance(c, str) for c in value["countries"]
    ):
        return None
    return value
