"""Build event records (the JSON contract of ``episignal events``) from stored facts.

See docs/events.md for the contract and every rule applied here.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from episignal.document import DocumentInfo, Fact, ResponseItem
from episignal.events.aggregate import EventGroup, group_events, report_date
from episignal.events.novelty import assess_novelty, country_coverage
from episignal.events.plausibility import check_series
from episignal.events.series import build_series, latest_values
from episignal.events.signals import NOVELTY_YEAR_DAYS, reason_line, score_event

RESPONSE_WINDOW_DAYS = 14  # a response this close to an event's reports may belong to it


def event_id(group: EventGroup) -> str:
    """Stable id: hash of disease key | country | admin1 | first report date."""
    disease, country, admin1 = group.key
    raw = f"{disease}|{country}|{admin1 or ''}|{group.first_seen.isoformat()}"
    return "evt-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def document_record(doc_id: str, docs: Mapping[str, DocumentInfo]) -> dict[str, Any]:
    doc = docs.get(doc_id)
    if doc is None:
        return {
            "id": doc_id,
            "url": None,
            "title": None,
            "source": None,
            "published": None,
            "outlets": [],
        }
    outlets = list(doc.outlets) or ([doc.source] if doc.source else [])
    return {
        "id": doc.id,
        "url": doc.url,
        "title": doc.title,
        "source": doc.source,
        "published": _iso(doc.published),
        "outlets": outlets,
    }


def _start_date(group: EventGroup, series: Sequence[Mapping[str, Any]]) -> date:
    dates = [date.fromisoformat(p["date"]) for p in series]
    return min([group.first_seen, *dates])


def event_record(group: EventGroup, docs: Mapping[str, DocumentInfo]) -> dict[str, Any]:
    """The event's record without responses, score and reason."""
    series = build_series(group.facts, docs)
    flags = check_series(series, group.disease, group.icd10, _start_date(group, series))
    doc_ids = sorted({f.document_id for f in group.facts})
    return {
        "id": event_id(group),
        "disease": {"name": group.disease, "icd10": group.icd10},
        "country": group.country,
        "admin1": group.admin1,
        "first_seen": group.first_seen.isoformat(),
        "last_seen": group.last_seen.isoformat(),
        "documents": [],
        "series": series,
        "latest": latest_values(series),
        "measures": [],
        "resources": [],
        "flags": flags,
        "score": 0.0,
        "reason": "",
        "fact_ids": sorted(f.id for f in group.facts),
        "document_ids": doc_ids,
    }


# --------------------------------------------------------------------------- responses


def _response_date(item: ResponseItem, docs: Mapping[str, DocumentInfo]) -> date | None:
    if item.date is not None:
        return item.date
    if item.published is not None:
        return item.published
    doc = docs.get(item.document_id)
    return doc.published if doc is not None else None


def _disease_matches(event: Mapping[str, Any], disease: str | None) -> bool:
    if disease is None:
        return False
    wanted = disease.lower()
    d = event["disease"]
    return wanted == str(d["name"]).lower() or wanted == str(d["icd10"] or "").lower()


def _in_window(event: Mapping[str, Any], when: date | None) -> bool:
    if when is None:
        return False
    pad = timedelta(days=RESPONSE_WINDOW_DAYS)
    return (
        date.fromisoformat(event["first_seen"]) - pad
        <= when
        <= date.fromisoformat(event["last_seen"]) + pad
    )


def response_targets(
    item: ResponseItem,
    events: Sequence[dict[str, Any]],
    by_doc: Mapping[str, list[dict[str, Any]]],
    docs: Mapping[str, DocumentInfo],
) -> list[dict[str, Any]]:
    """Events a measure/resource belongs to.

    1. the events its document contributed facts to (narrowed to the item's country when
       one of them is in it);
    2. else the national event (then any sub-national one) of the document's primary
       disease in the item's country whose reports span the item's date +- 14 days.
    """
    own = by_doc.get(item.document_id, [])
    if own:
        same_country = [e for e in own if item.country and e["country"] == item.country.upper()]
        return same_country or own
    when = _response_date(item, docs)
    matches = [
        e
        for e in events
        if item.country
        and e["country"] == item.country.upper()
        and _disease_matches(e, item.disease)
        and _in_window(e, when)
    ]
    matches.sort(key=lambda e: (e["admin1"] is not None, e["first_seen"]))
    return matches[:1]


def response_record(item: ResponseItem, docs: Mapping[str, DocumentInfo]) -> dict[str, Any]:
    when = _iso(_response_date(item, docs))
    data = item.data
    if item.kind == "measure":
        return {
            "kind": data.get("kind"),
            "date": data.get("date") or when,
            "quote": item.quote,
            "document": item.document_id,
            "country": data.get("country") or item.country,
        }
    return {
        "item": data.get("item"),
        "quantity": data.get("quantity"),
        "unit": data.get("unit"),
        "action": data.get("action"),
        "from": data.get("from"),
        "to": data.get("to"),
        "date": data.get("date") or when,
        "quote": item.quote,
        "document": item.document_id,
    }


def attach_responses(
    events: Sequence[dict[str, Any]],
    responses: Sequence[ResponseItem],
    docs: Mapping[str, DocumentInfo],
) -> None:
    by_doc: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in events:
        for doc_id in e["document_ids"]:
            by_doc[doc_id].append(e)
    for item in responses:
        record = response_record(item, docs)
        for e in response_targets(item, events, by_doc, docs):
            e["measures" if item.kind == "measure" else "resources"].append(record)
            if item.document_id not in e["document_ids"]:
                e["document_ids"].append(item.document_id)
    for e in events:
        e["document_ids"].sort()
        for key in ("measures", "resources"):
            e[key].sort(key=lambda r: (r["date"] or "", r["document"]))


# --------------------------------------------------------------------------- novelty & scores


def novelty_flags(events: Sequence[Mapping[str, Any]]) -> dict[str, bool]:
    """Per event id: no earlier event of the disease in the country within a year.

    A sub-national event that opens on the same day as the national one is not news of its
    own: the national event carries the novelty.
    """
    by_place: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    for e in events:
        by_place[(str(e["disease"]["name"]).lower(), e["country"])].append(e)
    novel: dict[str, bool] = {}
    for group in by_place.values():
        group = sorted(group, key=lambda e: (e["first_seen"], e["admin1"] is not None))
        for i, e in enumerate(group):
            start = date.fromisoformat(e["first_seen"])
            recent = [
                p
                for p in group[:i]
                if _opened_before(p, e)
                and (start - date.fromisoformat(p["last_seen"])).days < NOVELTY_YEAR_DAYS
            ]
            novel[e["id"]] = not recent
    return novel


def _opened_before(earlier: Mapping[str, Any], event: Mapping[str, Any]) -> bool:
    if earlier["first_seen"] < event["first_seen"]:
        return True
    return (
        earlier["first_seen"] == event["first_seen"]
        and earlier["admin1"] is None
        and event["admin1"] is not None
    )


def _published_dates(group: EventGroup, docs: Mapping[str, DocumentInfo]) -> list[date]:
    """Report dates of the event's documents, once per outlet that carried the story.

    A wire story relayed by ten outlets is ten reports: the surge detectors count them all.
    """
    dates: dict[str, date] = {}
    for f in group.facts:
        when = report_date(f, docs)
        if when is not None:
            dates.setdefault(f.document_id, when)
    out: list[date] = []
    for doc_id, when in dates.items():
        doc = docs.get(doc_id)
        out.extend([when] * max(1, len(doc.outlets) if doc is not None else 1))
    return out


def build_events(
    facts: Sequence[Fact],
    documents: Sequence[DocumentInfo],
    responses: Sequence[ResponseItem],
    *,
    gap_days: int = 60,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """Event records from canonical documents' facts, sorted by score (highest first)."""
    docs = {d.id: d for d in documents}
    groups = group_events(facts, docs, gap_days)
    events = [event_record(g, docs) for g in groups]
    attach_responses(events, responses, docs)
    for e in events:
        e["documents"] = sorted(
            (document_record(d, docs) for d in e["document_ids"]),
            key=lambda r: (r["published"] or "", r["id"]),
        )
    if not events:
        return []
    today = today or max(date.fromisoformat(e["last_seen"]) for e in events)
    novel = novelty_flags(events)
    coverage = country_coverage(events)
    for e, g in zip(events, groups, strict=True):
        novelty = assess_novelty(e, novel[e["id"]], coverage, NOVELTY_YEAR_DAYS)
        score = score_event(e, _published_dates(g, docs), novelty, today, gap_days)
        e["score"] = score.total
        e["reason"] = reason_line(e, score)
    events.sort(key=lambda e: (-e["score"], e["first_seen"], e["id"]))
    return events
