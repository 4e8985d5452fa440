"""Measures and supplies in an event's timeline.

A measure or resource (stored with the document's main disease and the item's country —
the measure's country, the resource's recipient, else the document's first affected
country) goes to:

1. the event its document reports to in the item's country (an item without a country:
   every event its document reports to);
2. else, for a document that reports to no event of that disease and country, the event of
   that disease and country whose reports span the item's date +- 14 days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from episignal.document import DocumentInfo, ResponseItem
from episignal.models.event import MeasureEntry, ResourceEntry, disease_key

RESPONSE_WINDOW_DAYS = 14  # a response this close to an event's reports may belong to it


def response_date(item: ResponseItem, docs: Mapping[str, DocumentInfo]) -> date | None:
    if item.date is not None:
        return item.date
    if item.published is not None:
        return item.published
    doc = docs.get(item.document_id)
    return doc.published if doc is not None else None


def in_window(when: date | None, first: date, last: date) -> bool:
    if when is None:
        return False
    pad = timedelta(days=RESPONSE_WINDOW_DAYS)
    lo = date.min if first.toordinal() <= pad.days else first - pad
    hi = date.max if date.max.toordinal() - last.toordinal() <= pad.days else last + pad
    return lo <= when <= hi


def belongs(
    item: ResponseItem,
    event: tuple[str, str, date, date],
    members: frozenset[str],
    key_members: frozenset[str],
    docs: Mapping[str, DocumentInfo],
) -> bool:
    """Whether ``item`` goes to the event (disease key, country, first, last) whose member
    documents are ``members``; ``key_members`` are the documents reporting to any event of
    the item's disease and country (they never borrow another event's items)."""
    key, country, first, last = event
    if item.document_id in members:
        return item.country is None or item.country.upper() == country
    if item.country is None or item.country.upper() != country:
        return False
    if item.disease is None or disease_key(item.disease) != key:
        return False
    return item.document_id not in key_members and in_window(response_date(item, docs), first, last)


def measure_entry(item: ResponseItem, docs: Mapping[str, DocumentInfo]) -> MeasureEntry:
    data = item.data
    when = _day(data.get("date")) or response_date(item, docs)
    return MeasureEntry(
        kind=str(data.get("kind") or "other"),
        document=item.document_id,
        quote=item.quote,
        span=item.span,
        date=when,
        country=data.get("country") or item.country,
    )


def resource_entry(item: ResponseItem, docs: Mapping[str, DocumentInfo]) -> ResourceEntry:
    data = item.data
    quantity = data.get("quantity")
    return ResourceEntry(
        item=str(data.get("item") or "other"),
        document=item.document_id,
        quote=item.quote,
        span=item.span,
        quantity=float(quantity) if isinstance(quantity, int | float) else None,
        unit=data.get("unit"),
        action=data.get("action"),
        from_country=data.get("from"),
        to_country=data.get("to"),
        date=_day(data.get("date")) or response_date(item, docs),
    )


def timeline(
    items: Iterable[ResponseItem], docs: Mapping[str, DocumentInfo]
) -> tuple[tuple[MeasureEntry, ...], tuple[ResourceEntry, ...]]:
    """Measures and resources, each sorted by date (undated last) then document."""
    measures = [measure_entry(i, docs) for i in items if i.kind == "measure"]
    resources = [resource_entry(i, docs) for i in items if i.kind == "resource"]
    measures.sort(key=lambda m: (m.date is None, m.date or date.min, m.document, m.span))
    resources.sort(key=lambda r: (r.date is None, r.date or date.min, r.document, r.span))
    return tuple(measures), tuple(resources)


def _day(value: object) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
