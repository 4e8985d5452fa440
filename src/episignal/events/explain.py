"""Where each figure of a document went, or why it went nowhere (``episignal explain``).

Every count of a document's extraction is either a claim of a series point (placed, maybe
then excluded by an analyst), a stored fact kept out of every series (with the reason the
event builder gives: scope, kind, no country, undated...), or not stored as a fact at all
(historical background, an irrelevant or duplicate document).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from episignal.document import DocumentInfo, Fact
from episignal.events.admission import fact_refusal
from episignal.models.event import Claim, Event, Point, Series
from episignal.models.explain import DocumentFates, FigureFate

DOCUMENT_NOTES = {
    "duplicate": "an exact copy of {duplicate_of}: its figures count under that document",
    "near_duplicate": "a near-copy of {duplicate_of} telling the same facts: its figures "
    "count under that document",
    "non_english": "not in English: not extracted (stored before its language had a profile)",
    "unsupported_language": "in a language without a profile: stored, not extracted",
    "irrelevant": "not about an outbreak: its figures enter no event",
    "failed": "could not be read: {reason}",
    "skipped": "not processed: {reason}",
}
Placement = tuple[Event, Series, Point, Claim]


def document_note(status: str, duplicate_of: str | None, reason: str | None) -> str:
    template = DOCUMENT_NOTES.get(status, "")
    return template.format(duplicate_of=duplicate_of or "?", reason=reason or "unknown")


def explain_document(
    document: DocumentInfo,
    status: str,
    extraction: Mapping[str, Any] | None,
    facts: Sequence[Fact],
    events: Iterable[Event],
    *,
    reason: str | None = None,
) -> DocumentFates:
    """The fate of every figure of ``document`` (its extraction's counts, its facts)."""
    events = list(events)
    placed = _placements(events, {f.id for f in facts})
    by_span = {(f.span[0], f.span[1]): f for f in facts}
    figures: list[FigureFate] = []
    seen: set[int] = set()
    for count in (extraction or {}).get("counts") or []:
        span = (int(count["span"][0]), int(count["span"][1]))
        fact = by_span.get(span)
        if fact is not None:
            seen.add(fact.id)
            figures.append(fact_fate(fact, placed.get(fact.id), {document.id: document}))
        else:
            figures.append(_unstored(count, status))
    figures += [
        fact_fate(f, placed.get(f.id), {document.id: document}) for f in facts if f.id not in seen
    ]
    return DocumentFates(
        document=document.id,
        status=status,
        figures=tuple(figures),
        events=tuple(e.id for e in events if document.id in e.document_ids),
        note=document_note(status, document.duplicate_of, reason),
    )


def _placements(events: Iterable[Event], fact_ids: set[int]) -> dict[int, Placement]:
    out: dict[int, Placement] = {}
    for event in events:
        for series, point, claim in event.claims():
            if claim.fact in fact_ids:
                out[claim.fact] = (event, series, point, claim)
    return out


def fact_fate(fact: Fact, placement: Placement | None, docs: dict[str, DocumentInfo]) -> FigureFate:
    span = (fact.span[0], fact.span[1])
    if placement is None:
        refusal = fact_refusal(fact, docs) or "in no event's series"
        return FigureFate(
            fact.value, fact.measure, span, fact.quote, "not_placed", refusal, fact=fact.id
        )
    event, series, point, claim = placement
    excluded = claim.excluded
    return FigureFate(
        value=fact.value,
        measure=fact.measure,
        span=span,
        quote=fact.quote,
        fate="excluded" if excluded else "placed",
        reason=f"excluded by an analyst: {excluded.reason}" if excluded else "",
        event=event.id,
        series=series.label,
        date=point.date,
        chosen=point.chosen == claim.fact,
        fact=fact.id,
    )


def _unstored(count: Mapping[str, Any], status: str) -> FigureFate:
    if count.get("historical"):
        why = "historical: a background figure from before the report's period"
    elif status != "extracted":
        why = f"the document is {status.replace('_', ' ')}: its figures are not stored"
    else:
        why = "not stored as a fact"
    return FigureFate(
        value=int(count.get("value") or 0),
        measure=str(count.get("measure") or "other"),
        span=(int(count["span"][0]), int(count["span"][1])),
        quote="",
        fate="not_stored",
        reason=why,
    )
