"""Turn a cleaned Document and its Extraction into the rows the store writes.

This is the pipeline's last step and runs in the scan's worker processes, so the single
writer only executes INSERTs: sentence splitting for quotes, JSON serialisation and the
near-duplicate guard are all computed here. (The store never imports extraction code: it
writes the rows it is handed.)
"""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

from episignal.bounds import plausible_date, storable_int
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
from episignal.extract.relevance import occurrence_sentences, policy_story
from episignal.lang.profile import is_supported
from episignal.store.records import FactRow, PreparedDocument, ReportRow, ResponseRow

log = logging.getLogger(__name__)


def prepare_document(
    doc: Document,
    extraction: Extraction | None,
    *,
    raw_hash: str = "",
    signature: bytes | None = None,
) -> PreparedDocument:
    """Rows for ``doc``; ``extraction`` is None for a document that was not extracted."""
    if extraction is None:
        return PreparedDocument(doc, raw_hash, supported=is_supported(doc.language))
    record = extraction_to_dict(doc, extraction)
    record.pop("text")  # the clean text is stored once, in documents.text
    ctx = TextContext(doc.text, doc.published, doc.title)
    return PreparedDocument(
        document=doc,
        raw_hash=raw_hash,
        supported=True,
        extraction=json.dumps(record, ensure_ascii=False, separators=(",", ":")),
        relevant=extraction.relevant,
        signature=signature,
        guard=guard_key(extraction),
        # Every figure is kept, each with the reason it stays out of a series if it does
        # (an irrelevant document's figures included), so a reader can ask why.
        facts=fact_rows(ctx, extraction),
        responses=response_rows(ctx, extraction) if extraction.relevant else [],
        reports=report_rows(ctx, extraction, doc.published) if extraction.relevant else [],
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


def fact_rows(ctx: TextContext, extraction: Extraction) -> list[FactRow]:
    diseases = {d.name.lower(): d for d in extraction.diseases}
    primary = extraction.primary.disease
    return [
        _fact_row(ctx, c, _disease_of(c, diseases, primary), series_exclusion(c, extraction))
        for c in extraction.counts
        if _storable(c)
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
        return "historical: a period that ended over 90 days before publication, or last year"
    return None


def _storable(count: CountMention) -> bool:
    """A figure no SQLite integer can hold ("10^30 cases" in a hostile text) is not a fact."""
    values = (count.value, count.low, count.high)
    if all(v is None or storable_int(v) for v in values):
        return True
    log.info("figure at %s out of range: not stored as a fact", count.span)
    return False


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
    """Measures and resources with the document's primary disease; the row's country is
    the measure's (the resource's recipient), else the document's first affected country:
    the (disease, country) event the item belongs to."""
    primary = extraction.primary.disease
    disease = primary.name if primary is not None else None
    home = extraction.primary.countries[0].upper() if extraction.primary.countries else None
    rows = [_measure_row(ctx, m, disease, home) for m in extraction.measures]
    rows += [_resource_row(ctx, r, disease, home) for r in extraction.resources]
    return rows


def _measure_row(
    ctx: TextContext, m: MeasureMention, disease: str | None, home: str | None
) -> ResponseRow:
    data = {"kind": m.kind, "country": m.country, "date": _iso(m.date), "span": list(m.span)}
    return _response_row(ctx, "measure", disease, m.country or home, m.date, m.span, data)


def _resource_row(
    ctx: TextContext, r: ResourceMention, disease: str | None, home: str | None
) -> ResponseRow:
    return _response_row(
        ctx, "resource", disease, r.to_country or home, r.date, r.span, resource_to_dict(r)
    )


# A report naming this many affected countries is a multi-country bulletin ("the 10 countries
# (Benin, Burkina Faso, ...) reported 11 647 cases"): every country its body names reports
# the outbreak, though the extraction ranks only the most salient as affected. (On the even
# half of the WHO outbreak reports, it lifts the share of affected countries found in reports
# naming 4 or more from 0.59 to 0.92, at a precision of 0.85.)
MULTI_COUNTRY_REPORT = 3


def report_rows(
    ctx: TextContext, extraction: Extraction, published: date | None
) -> list[ReportRow]:
    """One row per country where the report says the primary disease occurs now, quoting
    the first sentence that names both (else the first naming the country, else the
    disease). A report with no sentence saying that its disease occurs now (a story about
    a health policy, a fund or a forecast) has no row; nor, outside a multi-country report
    (whose tables and lists name countries without a verb), has a country that no sentence
    saying something occurs names (its observed figures, if any, still make its event)."""
    primary = extraction.primary.disease
    if primary is None:
        return []
    said = occurrence_sentences(ctx, primary.mentions, extraction.counts)
    # A story that opens on a plan or a call to act reports an outbreak only where its
    # opening itself says the disease occurs ("WHO appeals for funds as cholera spreads").
    if not said or (0 not in said and policy_story(ctx, extraction.counts)):
        return []
    countries = report_countries(extraction)
    occurring = (
        None
        if len(extraction.primary.countries) >= MULTI_COUNTRY_REPORT
        else occurrence_sentences(ctx, primary.mentions, extraction.counts, any_subject=True)
    )
    rows: list[ReportRow] = []
    for country in countries:
        place_spans = [
            span
            for loc in extraction.locations
            if (loc.country or "").upper() == country
            for span in loc.mentions
        ]
        if occurring is not None and place_spans:
            place_spans = [s for s in place_spans if ctx.sentence_index(s[0]) in occurring]
            if not place_spans:
                continue
        span = quote_span(ctx, primary.mentions, tuple(place_spans))
        rows.append(
            ReportRow(
                disease=primary.name,
                icd10=primary.icd10,
                country=country,
                date=_iso(published),
                span_start=span[0],
                span_end=span[1],
                quote=ctx.sentence_text(span[0]) if span[1] > span[0] else "",
            )
        )
    return rows


def report_countries(extraction: Extraction) -> list[str]:
    """The affected countries; in a multi-country report, also every country it names."""
    countries = dict.fromkeys(c.upper() for c in extraction.primary.countries)
    if len(countries) >= MULTI_COUNTRY_REPORT:
        for loc in extraction.locations:
            if loc.kind == "country" and loc.country and loc.mentions:
                countries.setdefault(loc.country.upper(), None)
    return list(countries)


def quote_span(ctx: TextContext, disease: tuple[Span, ...], place: tuple[Span, ...]) -> Span:
    """The disease mention in the first sentence naming both, else the first place or
    disease mention, else the first sentence; (0, 0) for a text without one."""
    places = {ctx.sentence_index(s[0]) for s in place}
    for span in sorted(disease):
        if ctx.sentence_index(span[0]) in places:
            return span
    first = sorted(place) or sorted(disease) or ctx.sentences[:1]
    return first[0] if first else (0, 0)


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
        country=country.upper() if country else None,
        date=_iso(as_of),
        span_start=span[0],
        span_end=span[1],
        quote=ctx.sentence_text(span[0]),
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    )


def _iso(value: date | None) -> str | None:
    """An as-of date for the store; one outside the plausible window is unknown."""
    value = plausible_date(value)
    return value.isoformat() if value is not None else None
