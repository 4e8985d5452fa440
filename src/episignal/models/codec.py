"""JSON form of the models: the ``episignal events`` contract (docs/events.md).

``event_to_json(event_from_json(x)) == x`` for any record this module wrote; the store
keeps events in this form and the CLI, exports and the web API print it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, cast

from episignal.document import Measure, Species, Status
from episignal.models.delta import DELTA_TYPES, Delta
from episignal.models.event import (
    Claim,
    Disease,
    DocumentRef,
    Event,
    EventReport,
    Exclusion,
    Flag,
    JSONValue,
    Latest,
    MeasureEntry,
    Point,
    ResourceEntry,
    Series,
    SeriesKind,
    Severity,
)
from episignal.models.explain import DocumentFates
from episignal.models.signal import Signal, Triage

JSON = dict[str, Any]


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value else None


def _span(value: Any) -> tuple[int, int]:
    return int(value[0]), int(value[1])


# --------------------------------------------------------------------------- to JSON


def claim_to_json(c: Claim) -> JSON:
    return {
        "key": c.key,
        "fact": c.fact,
        "document": c.document,
        "span": [c.span[0], c.span[1]],
        "quote": c.quote,
        "value": c.value,
        "cumulative": c.cumulative,
        "low": c.low,
        "high": c.high,
        "approximate": c.approximate,
        "source": c.source,
        "outlet": c.outlet,
        "published": iso(c.published),
        "official": c.official,
        "excluded": None
        if c.excluded is None
        else {"reason": c.excluded.reason, "by": c.excluded.by, "at": c.excluded.at},
        "language": c.language,
    }


def point_to_json(p: Point) -> JSON:
    return {
        "date": p.date.isoformat(),
        "value": p.value,
        "cumulative": p.cumulative,
        "chosen": p.chosen,
        "disagreement": p.disagreement,
        "excluded": p.excluded,
        "claims": [claim_to_json(c) for c in p.claims],
    }


def series_to_json(s: Series) -> JSON:
    return {
        "measure": s.measure,
        "kind": s.kind,
        "status": s.status,
        "species": s.species,
        "admin1": s.admin1,
        "points": [point_to_json(p) for p in s.points],
    }


def latest_to_json(latest: Latest) -> JSON:
    out: JSON = dict(latest.values)
    if latest.as_of is not None:
        out["as_of"] = latest.as_of.isoformat()
    if latest.area is not None:
        out["area"] = latest.area
    return out


def flag_to_json(f: Flag) -> JSON:
    return {
        "kind": f.kind,
        "severity": f.severity,
        "message": f.message,
        "evidence": dict(f.evidence),
        "admin1": f.admin1,
    }


def document_to_json(d: DocumentRef) -> JSON:
    return {
        "id": d.id,
        "url": d.url,
        "title": d.title,
        "source": d.source,
        "published": iso(d.published),
        "outlets": list(d.outlets),
    }


def measure_to_json(m: MeasureEntry) -> JSON:
    return {
        "kind": m.kind,
        "date": iso(m.date),
        "country": m.country,
        "document": m.document,
        "quote": m.quote,
        "span": list(m.span),
    }


def resource_to_json(r: ResourceEntry) -> JSON:
    return {
        "item": r.item,
        "quantity": r.quantity,
        "unit": r.unit,
        "action": r.action,
        "from": r.from_country,
        "to": r.to_country,
        "date": iso(r.date),
        "document": r.document,
        "quote": r.quote,
        "span": list(r.span),
    }


def report_to_json(r: EventReport) -> JSON:
    return {
        "document": r.document,
        "date": r.date.isoformat(),
        "quote": r.quote,
        "span": list(r.span),
    }


def event_to_json(e: Event) -> JSON:
    """The event record of the ``episignal events`` contract."""
    return {
        "id": e.id,
        "disease": {"name": e.disease.name, "icd10": e.disease.icd10},
        "country": e.country,
        "areas": list(e.areas),
        "first_seen": e.first_seen.isoformat(),
        "last_seen": e.last_seen.isoformat(),
        "score": e.score,
        "score_parts": dict(e.score_parts),
        "reason": e.reason,
        "novel": e.novel,
        "latest": latest_to_json(e.latest),
        "flags": [flag_to_json(f) for f in e.flags],
        "series": [series_to_json(s) for s in e.series],
        "reports": [report_to_json(r) for r in e.reports],
        "measures": [measure_to_json(m) for m in e.measures],
        "resources": [resource_to_json(r) for r in e.resources],
        "documents": [document_to_json(d) for d in e.documents],
        "split_from": e.split_from,
        "merged_from": list(e.merged_from),
        "version": e.version,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
    }


def signal_to_json(s: Signal) -> JSON:
    return {
        "rank": s.rank,
        "event": s.event,
        "score": s.score,
        "reason": s.reason,
        "disease": s.disease.name,
        "icd10": s.disease.icd10,
        "country": s.country,
        "areas": list(s.areas),
        "first_seen": s.first_seen.isoformat(),
        "last_seen": s.last_seen.isoformat(),
        "latest": latest_to_json(s.latest),
        "flags": list(s.flags),
        "severity": s.severity,
        "documents": s.documents,
        "status": s.triage.status,
        "assignee": s.triage.assignee,
        "tags": list(s.triage.tags),
        "created_at": s.created_at,
        "updated_at": s.updated_at,
    }


def fates_to_json(fates: DocumentFates) -> JSON:
    """The ``episignal explain --format json`` record."""
    return {
        "document": fates.document,
        "status": fates.status,
        "note": fates.note,
        "events": list(fates.events),
        "figures": [
            {
                "value": f.value,
                "measure": f.measure,
                "span": list(f.span),
                "quote": f.quote,
                "fate": f.fate,
                "reason": f.reason,
                "event": f.event,
                "series": f.series,
                "date": iso(f.date),
                "chosen": f.chosen,
                "fact": f.fact,
            }
            for f in fates.figures
        ],
    }


def delta_to_json(delta: Delta) -> JSON:
    out: JSON = {}
    for name in delta.__dataclass_fields__:
        value = getattr(delta, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


# --------------------------------------------------------------------------- from JSON


def claim_from_json(c: Mapping[str, Any]) -> Claim:
    excluded = c.get("excluded")
    return Claim(
        key=str(c["key"]),
        fact=int(c["fact"]),
        document=str(c["document"]),
        span=_span(c["span"]),
        quote=str(c["quote"]),
        value=int(c["value"]),
        cumulative=c.get("cumulative"),
        low=c.get("low"),
        high=c.get("high"),
        approximate=bool(c.get("approximate")),
        source=c.get("source"),
        outlet=c.get("outlet"),
        published=day(c.get("published")),
        official=bool(c.get("official")),
        excluded=None
        if not excluded
        else Exclusion(str(excluded["reason"]), excluded.get("by"), excluded.get("at")),
        language=c.get("language"),
    )


def point_from_json(p: Mapping[str, Any]) -> Point:
    return Point(
        date=dt.date.fromisoformat(p["date"]),
        value=int(p["value"]),
        chosen=int(p["chosen"]),
        claims=tuple(claim_from_json(c) for c in p["claims"]),
        disagreement=bool(p.get("disagreement")),
        excluded=bool(p.get("excluded")),
    )


def series_from_json(s: Mapping[str, Any]) -> Series:
    return Series(
        measure=cast(Measure, s["measure"]),
        kind=cast(SeriesKind, s["kind"]),
        status=cast(Status | None, s.get("status")),
        species=cast(Species, s.get("species") or "human"),
        admin1=s.get("admin1"),
        points=tuple(point_from_json(p) for p in s["points"]),
    )


def latest_from_json(raw: Mapping[str, Any]) -> Latest:
    values = {k: int(v) for k, v in raw.items() if k not in ("as_of", "area") and v is not None}
    return Latest(values, day(raw.get("as_of")), raw.get("area"))


def flag_from_json(f: Mapping[str, Any]) -> Flag:
    evidence = cast(dict[str, JSONValue], f.get("evidence") or {})
    return Flag(
        str(f["kind"]), cast(Severity, f["severity"]), str(f["message"]), evidence, f.get("admin1")
    )


def document_from_json(d: Mapping[str, Any]) -> DocumentRef:
    return DocumentRef(
        id=str(d["id"]),
        url=d.get("url"),
        title=d.get("title"),
        source=d.get("source"),
        published=day(d.get("published")),
        outlets=tuple(d.get("outlets") or ()),
    )


def measure_from_json(m: Mapping[str, Any]) -> MeasureEntry:
    return MeasureEntry(
        kind=str(m["kind"]),
        document=str(m["document"]),
        quote=str(m["quote"]),
        span=_span(m["span"]),
        date=day(m.get("date")),
        country=m.get("country"),
    )


def resource_from_json(r: Mapping[str, Any]) -> ResourceEntry:
    return ResourceEntry(
        item=str(r["item"]),
        document=str(r["document"]),
        quote=str(r["quote"]),
        span=_span(r["span"]),
        quantity=r.get("quantity"),
        unit=r.get("unit"),
        action=r.get("action"),
        from_country=r.get("from"),
        to_country=r.get("to"),
        date=day(r.get("date")),
    )


def report_from_json(r: Mapping[str, Any]) -> EventReport:
    return EventReport(
        document=str(r["document"]),
        date=dt.date.fromisoformat(r["date"]),
        quote=str(r["quote"]),
        span=_span(r["span"]),
    )


def event_from_json(e: Mapping[str, Any]) -> Event:
    disease = e["disease"]
    return Event(
        id=str(e["id"]),
        disease=Disease(str(disease["name"]), disease.get("icd10")),
        country=str(e["country"]),
        first_seen=dt.date.fromisoformat(e["first_seen"]),
        last_seen=dt.date.fromisoformat(e["last_seen"]),
        series=tuple(series_from_json(s) for s in e.get("series") or ()),
        reports=tuple(report_from_json(r) for r in e.get("reports") or ()),
        documents=tuple(document_from_json(d) for d in e.get("documents") or ()),
        latest=latest_from_json(e.get("latest") or {}),
        measures=tuple(measure_from_json(m) for m in e.get("measures") or ()),
        resources=tuple(resource_from_json(r) for r in e.get("resources") or ()),
        flags=tuple(flag_from_json(f) for f in e.get("flags") or ()),
        score=float(e.get("score") or 0.0),
        score_parts={k: float(v) for k, v in (e.get("score_parts") or {}).items()},
        reason=str(e.get("reason") or ""),
        novel=bool(e.get("novel")),
        split_from=e.get("split_from"),
        merged_from=tuple(e.get("merged_from") or ()),
        version=int(e.get("version") or 1),
        created_at=e.get("created_at"),
        updated_at=e.get("updated_at"),
    )


def triage_from_json(t: Mapping[str, Any]) -> Triage:
    return Triage(
        t.get("status") or "new",
        t.get("assignee"),
        t.get("updated_at"),
        t.get("updated_by"),
        tuple(t.get("tags") or ()),
    )


def delta_from_json(raw: Mapping[str, Any]) -> Delta:
    for cls in DELTA_TYPES:
        if cls.__dataclass_fields__["kind"].default == raw.get("kind"):
            values: dict[str, Any] = {
                name: day(raw[name]) if name == "date" else raw.get(name)
                for name in cls.__dataclass_fields__
                if name in raw
            }
            return cls(**values)
    raise ValueError(f"unknown delta kind {raw.get('kind')!r}")
