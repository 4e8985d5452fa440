"""Turn a cleaned Document and its Extraction into the rows the store writes.

This runs in the scan's worker processes, so the single writer only executes INSERTs:
sentence splitting for quotes, JSON serialisation and the near-duplicate guard are all
computed here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from episignal.document import (
    SERIES_SCOPES,
    CountMention,
    DiseaseMention,
    Document,
    Extraction,
    MeasureMention,
    ResourceMention,
    Span,
    extraction_to_dict,
    resource_to_dict,
)
from episignal.extract.context import TextContext


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
    english: bool
    extraction: str | None = None  # the contract record as JSON, without its "text"
    relevant: bool = False
    signature: bytes | None = None
    guard: str | None = None
    facts: list[FactRow] = field(default_factory=list)
    responses: list[ResponseRow] = field(default_factory=list)


def raw_hash(content: str | bytes) -> str:
    """Hash of an item's content exactly as read: rescans skip unchanged items by it."""
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def is_english(language: str | None) -> bool:
    """Undetermined language counts as English: short texts often defeat detection."""
    return language is None or language == "en"


def prepare_document(
    doc: Document,
    extraction: Extraction | None,
    *,
    raw_hash: str = "",
    signature: bytes | None = None,
) -> PreparedDocument:
    """Rows for ``doc``; ``extraction`` is None for a document that was not extracted."""
    if extraction is None:
        return PreparedDocument(doc, raw_hash, english=is_english(doc.language))
    record = extraction_to_dict(doc, extraction)
    record.pop("text")  # the clean text is stored once, in documents.text
    ctx = TextContext(doc.text, doc.published, doc.title)
    return PreparedDocument(
        document=doc,
        raw_hash=raw_hash,
        english=True,
        extraction=json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        relevant=extraction.relevant,
        signature=signature,
        guard=guard_key(extraction),
        # Every figure is kept, each with the reason it stays out of a series if it does
        # (an irrelevant document's figures included), so a reader can ask why.
        facts=fact_rows(ctx, extraction),
        responses=response_rows(ctx, extraction) if extraction.relevant else [],
    )


def guard_key(extraction: Extraction) -> str:
    """What two near-identical texts must share to be one story.

    Successive templated bulletins (WHO updates) differ only in figures, dates and
    places: the primary disease, the affected countries, the set of (value, measure)
    counts and the set of dates mentioned must all agree before a near-duplicate is
    merged. (Two weekly bird-flu notes that each report "one new case" differ in dates.)
    """
    primary = extraction.primary.disease
    key: dict[str, Any] = {
        "disease": primary.name.lower() if primary is not None else None,
        "countries": sorted({c.upper() for c in extraction.primary.countries}),
        "counts": sorted({(c.value, c.measure) for c in extraction.counts}),
        "dates": sorted({d.date.isoformat() for d in extraction.dates}),
    }
    return json.dumps(key, separators=(",", ":"))


def guards_agree(a: str, b: str) -> bool:
    """Do two guard keys tell the same story?

    Disease, figures and dates must be equal. The affected countries need only overlap:
    outlets' bylines and furniture differ, and a stray place in one copy ("Metro Herald
    World Desk") must not split a wire story that carries the same figures.
    """
    x, y = json.loads(a), json.loads(b)
    if any(x[k] != y[k] for k in ("disease", "counts", "dates")):
        return False
    cx, cy = set(x["countries"]), set(y["countries"])
    return cx == cy or bool(cx & cy)


def fact_rows(ctx: TextContext, extraction: Extraction) -> list[FactRow]:
    diseases = {d.name.lower(): d for d in extraction.diseases}
    primary = extraction.primary.disease
    return [
        _fact_row(ctx, c, _disease_of(c, diseases, primary), series_exclusion(c, extraction))
        for c in extraction.counts
    ]


def series_exclusion(count: CountMention, extraction: Extraction) -> str | None:
    """Why ``count`` must stay out of every event series, or None when it may enter one.

    Only observed national and sub-national figures of outbreak news describe an
    outbreak's course: an irrelevant document's figures, background figures ("in 2012, 20
    cases": they would enter the series at the report's date), estimates, forecasts,
    targets and baselines, world, regional, multi-country, subset and facility figures, and
    figures of another condition ("cases of malnutrition") do not.
    """
    if not extraction.relevant:
        return "not relevant: the document is not outbreak news"
    if count.condition is not None:
        return f"condition: counts {count.condition}, not the disease"
    if count.kind != "observed":
        return f"kind: {count.kind}, not an observed count"
    if count.scope not in SERIES_SCOPES:
        return f"scope: {count.scope}, not national or sub-national"
    if count.historical:
        return "historical: a period that ended over 90 days before publication"
    return None


def _disease_of(
    count: CountMention, diseases: dict[str, DiseaseMention], primary: DiseaseMention | None
) -> DiseaseMention | None:
    if count.disease is None:
        return primary
    return diseases.get(count.disease.lower())


def _fact_row(
    ctx: TextContext, c: CountMention, disease: DiseaseMention | None, exclusion: str | None
) -> FactRow:
    return FactRow(
        disease=c.disease if c.disease is not None else (disease.name if disease else None),
        icd10=disease.icd10 if disease is not None else None,
        variant=disease.variant if disease is not None else None,
        country=c.country.upper() if c.country else None,
        admin1=c.admin1,
        date=_iso(c.date),
        measure=c.measure,
        status=c.status,
        cumulative=None if c.cumulative is None else int(c.cumulative),
        species=c.species,
        value=c.value,
        low=c.low,
        high=c.high,
        approximate=int(c.approximate),
        source=c.source,
        span_start=c.span[0],
        span_end=c.span[1],
        quote=ctx.sentence_text(c.span[0]),
        scope=c.scope,
        kind=c.kind,
        area=c.area,
        condition=c.condition,
        exclusion=exclusion,
    )


def response_rows(ctx: TextContext, extraction: Extraction) -> list[ResponseRow]:
    primary = extraction.primary.disease
    disease = primary.name if primary is not None else None
    rows = [_measure_row(ctx, m, disease) for m in extraction.measures]
    rows += [_resource_row(ctx, r, disease) for r in extraction.resources]
    return rows


def _measure_row(ctx: TextContext, m: MeasureMention, disease: str | None) -> ResponseRow:
    data = {"kind": m.kind, "country": m.country, "date": _iso(m.date), "span": list(m.span)}
    return _response_row(ctx, "measure", disease, m.country, m.date, m.span, data)


def _resource_row(ctx: TextContext, r: ResourceMention, disease: str | None) -> ResponseRow:
    return _response_row(
        ctx, "resource", disease, r.to_country, r.date, r.span, resource_to_dict(r)
    )


def _response_row(
    ctx: TextContext,
    kind: str,
    disease: str | None,
    country: str | None,
    as_of: date | None,
    span: Span,
    data: dict[str, Any],
) -> ResponseRow:
    return ResponseRow(
        kind=kind,
        disease=disease,
        country=country,
        date=_iso(as_of),
        span_start=span[0],
        span_end=span[1],
        quote=ctx.sentence_text(span[0]),
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    )


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
