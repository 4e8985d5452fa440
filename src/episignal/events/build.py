"""Step 2 of an event update: one event from its member documents' facts and reports.

:func:`build_event` is what the store's incremental update calls per changed event;
:func:`build_events` runs both steps in memory over a list of facts (tests, notebooks, the
library). See docs/events.md for every rule applied here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from episignal.document import DocumentInfo, Fact, ResponseItem
from episignal.events.aberration import surge_methods
from episignal.events.admission import fact_refusal, kind_of, report_date, scope_of
from episignal.events.latest import event_latest
from episignal.events.novelty import NOVELTY_YEAR_DAYS, assess_novelty
from episignal.events.plausibility import check_event
from episignal.events.responses import belongs, timeline
from episignal.events.segments import plan_key
from episignal.events.series import build_series
from episignal.events.signals import (
    daily_documents,
    final_score,
    reason_line,
    recency_factor,
    score_parts,
)
from episignal.models.event import (
    Disease,
    DocumentRef,
    Event,
    EventReport,
    Exclusion,
    disease_key,
)
from episignal.models.inputs import (
    EventInputs,
    EventKey,
    EventPeriod,
    KeyItem,
    KeyState,
    Membership,
    ReportItem,
)

DEFAULT_GAP_DAYS = 60


@dataclass(frozen=True, slots=True)
class BuiltEvent:
    """An event and its base score (before recency), which the store keeps."""

    event: Event
    base_score: float


def fact_key(fact: Fact) -> EventKey | None:
    if not fact.disease or not fact.country:
        return None
    return disease_key(fact.disease), fact.country.upper()


def report_key(report: ReportItem) -> EventKey:
    return disease_key(report.disease), report.country.upper()


# --------------------------------------------------------------------------- one event


def build_event(
    inputs: EventInputs, *, today: date, gap_days: int = DEFAULT_GAP_DAYS
) -> BuiltEvent | None:
    """The event of ``inputs`` scored as of ``today``; None when no member is left."""
    if not inputs.memberships:
        return None
    docs = {d.id: d for d in inputs.documents}
    pairs = {(m.document, m.key) for m in inputs.memberships}
    facts = [f for f in inputs.facts if _admitted(f, pairs, docs)]
    reports = [r for r in inputs.reports if (r.document_id, report_key(r)) in pairs]
    first = min(m.date for m in inputs.memberships)
    last = max(m.date for m in inputs.memberships)
    disease = _disease(inputs, facts, reports)
    series = build_series(facts, docs, inputs.exclusions)
    flags = check_event(series, disease.name, disease.icd10, first, _variant(facts))
    latest = event_latest(series)
    members = frozenset(m.document for m in inputs.memberships)
    period = (inputs.key[0], inputs.key[1], first, last)
    responses = [r for r in inputs.responses if belongs(r, period, members, members, docs)]
    measures, resources = timeline(responses, docs)
    novelty = assess_novelty(
        _novel(inputs.event_id, first, inputs.neighbours), first, inputs.coverage_since
    )
    surge = surge_methods(daily_documents(_report_days(inputs.memberships, docs), first, last))
    growth = [s for s in series if s.admin1 == latest.area]
    score = score_parts(disease, latest, growth, flags, novelty, surge, inputs.key[1])
    recency = recency_factor(last, today, gap_days)
    previous = inputs.previous
    event = Event(
        id=inputs.event_id,
        disease=disease,
        country=inputs.key[1],
        first_seen=first,
        last_seen=last,
        series=series,
        reports=_timeline_reports(reports, inputs.memberships),
        documents=_documents(members | {r.document_id for r in responses}, docs),
        latest=latest,
        measures=measures,
        resources=resources,
        flags=flags,
        score=final_score(score.base, recency),
        score_parts={**score.parts, "recency": round(recency, 3)},
        reason=reason_line(disease, inputs.key[1], latest, score.notes),
        novel=novelty == "new",
        split_from=inputs.split_from,
        merged_from=inputs.merged_from,
        version=previous.version if previous is not None else 1,
        created_at=inputs.created_at or (previous.created_at if previous else None),
        updated_at=previous.updated_at if previous is not None else None,
    )
    return BuiltEvent(event, score.base)


def _admitted(fact: Fact, pairs: set[tuple[str, EventKey]], docs: dict[str, DocumentInfo]) -> bool:
    key = fact_key(fact)
    return key is not None and (fact.document_id, key) in pairs and fact_refusal(fact, docs) is None


def _disease(inputs: EventInputs, facts: Sequence[Fact], reports: Sequence[ReportItem]) -> Disease:
    """The name the event's facts and reports give most often, with its usual ICD-10 code."""
    names: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for name, code in [(f.disease, f.icd10) for f in facts] + [
        (r.disease, r.icd10) for r in reports
    ]:
        if name and disease_key(name) == inputs.key[0]:
            names[name] += 1
            if code:
                codes[code.upper()] += 1
    if not names:
        if inputs.previous is not None:
            return inputs.previous.disease
        return Disease(inputs.key[0])
    name = min(names, key=lambda n: (-names[n], n))
    code = min(codes, key=lambda c: (-codes[c], c)) if codes else None
    return Disease(name, code)


def _variant(facts: Sequence[Fact]) -> str | None:
    tally = Counter(f.variant for f in facts if f.variant)
    return min(tally, key=lambda v: (-tally[v], v)) if tally else None


def _novel(event_id: str, first: date, neighbours: Iterable[EventPeriod]) -> bool:
    """No other event of the disease in the country ended within the year before this one."""
    for other in neighbours:
        if other.id == event_id or other.first_seen > first:
            continue
        if other.first_seen == first and other.id > event_id:
            continue
        if (first - other.last_seen).days < NOVELTY_YEAR_DAYS:
            return False
    return True


def _report_days(memberships: Iterable[Membership], docs: Mapping[str, DocumentInfo]) -> list[date]:
    """Report dates of the event's documents, once per outlet that carried the story.

    A wire story relayed by ten outlets is ten reports: the surge detectors count them all.
    """
    days: dict[str, date] = {}
    for m in memberships:
        days[m.document] = min(days.get(m.document, m.date), m.date)
    out: list[date] = []
    for doc_id, when in days.items():
        doc = docs.get(doc_id)
        out.extend([when] * max(1, len(doc.outlets) if doc is not None else 1))
    return out


def _timeline_reports(
    reports: Iterable[ReportItem], memberships: Iterable[Membership]
) -> tuple[EventReport, ...]:
    dates = {(m.document, m.key): m.date for m in memberships}
    out = [
        EventReport(r.document_id, r.date or dates[(r.document_id, report_key(r))], r.quote, r.span)
        for r in reports
    ]
    out.sort(key=lambda r: (r.date, r.document, r.span))
    return tuple(out)


def _documents(ids: Iterable[str], docs: Mapping[str, DocumentInfo]) -> tuple[DocumentRef, ...]:
    refs = [document_ref(doc_id, docs) for doc_id in ids]
    refs.sort(key=lambda d: (d.published or date.min, d.id))
    return tuple(refs)


def document_ref(doc_id: str, docs: Mapping[str, DocumentInfo]) -> DocumentRef:
    doc = docs.get(doc_id)
    if doc is None:
        return DocumentRef(doc_id)
    outlets = doc.outlets or ((doc.source,) if doc.source else ())
    return DocumentRef(doc.id, doc.url, doc.title, doc.source, doc.published, tuple(outlets))


# --------------------------------------------------------------------------- in memory


def key_items(
    facts: Iterable[Fact], reports: Iterable[ReportItem], docs: dict[str, DocumentInfo]
) -> dict[EventKey, list[KeyItem]]:
    """Step 1's items per key, from facts and reports."""
    out: dict[EventKey, list[KeyItem]] = defaultdict(list)
    for f in facts:
        key = fact_key(f)
        if key is not None:
            out[key].append(
                KeyItem(
                    f.document_id,
                    report_date(f, docs),
                    "fact",
                    scope_of(f),
                    kind_of(f),
                    f.admin1,
                    f.exclusion,
                )
            )
    for r in reports:
        doc = docs.get(r.document_id)
        when = r.date or (doc.published if doc is not None else None)
        out[report_key(r)].append(KeyItem(r.document_id, when, "report"))
    return out


def build_events(
    facts: Sequence[Fact],
    documents: Sequence[DocumentInfo],
    responses: Sequence[ResponseItem] = (),
    reports: Sequence[ReportItem] = (),
    *,
    gap_days: int = DEFAULT_GAP_DAYS,
    today: date | None = None,
    exclusions: Mapping[str, Exclusion] | None = None,
) -> list[Event]:
    """Events of canonical documents' facts and reports, in memory, sorted by score."""
    docs = {d.id: d for d in documents}
    memberships: list[Membership] = []
    for key, items in key_items(facts, reports, docs).items():
        memberships.extend(plan_key(KeyState(key, tuple(items)), gap_days).memberships)
    if not memberships:
        return []
    today = today or max(m.date for m in memberships)
    by_event: dict[str, list[Membership]] = defaultdict(list)
    for m in memberships:
        by_event[m.event].append(m)
    inputs = _inputs_in_memory(by_event, facts, reports, responses, documents, exclusions or {})
    built = [build_event(i, today=today, gap_days=gap_days) for i in inputs]
    events = [b.event for b in built if b is not None]
    events.sort(key=lambda e: (-e.score, e.first_seen, e.id))
    return events


def _inputs_in_memory(
    by_event: Mapping[str, list[Membership]],
    facts: Sequence[Fact],
    reports: Sequence[ReportItem],
    responses: Sequence[ResponseItem],
    documents: Sequence[DocumentInfo],
    exclusions: Mapping[str, Exclusion],
) -> list[EventInputs]:
    periods = {
        e: EventPeriod(e, min(m.date for m in ms), max(m.date for m in ms))
        for e, ms in by_event.items()
    }
    key_docs: dict[EventKey, set[str]] = defaultdict(set)
    coverage: dict[str, date] = {}  # per country, the first report date (any disease)
    for ms in by_event.values():
        for m in ms:
            key_docs[m.key].add(m.document)
            coverage[m.key[1]] = min(m.date, coverage.get(m.key[1], m.date))
    out: list[EventInputs] = []
    for event_id, ms in by_event.items():
        key = ms[0].key
        members = {m.document for m in ms}
        candidates = [
            r
            for r in responses
            if r.document_id in members
            or (
                r.disease
                and (disease_key(r.disease), (r.country or "").upper()) == key
                and r.document_id not in key_docs[key]
            )
        ]
        out.append(
            EventInputs(
                event_id=event_id,
                key=key,
                memberships=tuple(ms),
                facts=tuple(f for f in facts if f.document_id in members),
                reports=tuple(r for r in reports if r.document_id in members),
                responses=tuple(candidates),
                documents=tuple(documents),
                exclusions=exclusions,
                neighbours=tuple(p for e, p in periods.items() if by_event[e][0].key == key),
                coverage_since=coverage.get(key[1]),
            )
        )
    return out
