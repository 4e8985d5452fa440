"""Analysts' corrections applied to event records (the JSON contract of docs/events.md).

Until the persistent event store applies corrections itself, the workbench applies them to
the records it reads: events merged into an event are folded into it, moved documents
change events with their claims, measures and supplies, and excluded claims stay in the
record (``excluded`` with its reason) but no longer count: each point takes its value
from the claims left, ``latest`` and the plausibility flags are worked out again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from episignal.events.plausibility import check_series
from episignal.events.series import choose_claim, latest_values
from episignal.store.triage import Corrections, Exclusion

Record = dict[str, Any]
PointKey = tuple[Any, ...]


def claim_key(document: object, span: object, measure: object) -> str:
    """The identity of a claim that survives rescans: document, character span, measure."""
    start, end = span if isinstance(span, list | tuple) and len(span) == 2 else ("?", "?")
    return f"{document}:{start}-{end}:{measure}"


def point_key(point: Mapping[str, Any]) -> PointKey:
    return (
        point.get("measure"),
        point.get("status"),
        point.get("cumulative"),
        point.get("species", "human"),
        point.get("date"),
    )


def family(event_id: str, merges: Mapping[str, str]) -> list[str]:
    """``event_id`` and every event merged into it, directly or through a chain."""
    children: dict[str, list[str]] = {}
    for child, parent in merges.items():
        children.setdefault(parent, []).append(child)
    out, todo = [event_id], [event_id]
    while todo:
        for child in sorted(children.get(todo.pop(), [])):
            if child not in out:
                out.append(child)
                todo.append(child)
    return out


def has_corrections(event_ids: Iterable[str], corrections: Corrections) -> set[str]:
    """Which of ``event_ids`` a correction touches (their records must be recomputed)."""
    touched = {e.event_id for e in corrections.exclusions}
    touched |= {m.from_event for m in corrections.moves} | {m.to_event for m in corrections.moves}
    touched |= set(corrections.merges.values())
    return touched & set(event_ids)


def corrected_record(
    event_id: str, load: Callable[[str], Record | None], corrections: Corrections
) -> Record | None:
    """The record of ``event_id`` with every correction applied (None if unknown).

    ``load`` must return a fresh record each call (it is changed in place). Claims get
    their ``key`` and ``excluded`` mark; points, ``latest`` and flags are worked out again
    only when a correction touches the event.
    """
    record = load(event_id)
    if record is None:
        return None
    members = family(event_id, corrections.merges)
    for other_id in members[1:]:
        other = load(other_id)
        if other is not None:
            fold_into(record, other)
    _apply_moves(record, set(members), load, corrections)
    record["merged"] = members[1:]
    exclusions = {x.claim_key: x for x in corrections.exclusions if x.event_id in members}
    touched = bool(has_corrections(members, corrections)) or len(members) > 1
    apply_exclusions(record, exclusions, recompute=touched)
    return record


def fold_into(record: Record, other: Record) -> None:
    """Add ``other``'s documents, claims, measures and supplies to ``record``."""
    add_points(record, other.get("series") or [])
    for key in ("measures", "resources"):
        record[key] = [*(record.get(key) or []), *(other.get(key) or [])]
    _add_documents(record, other.get("documents") or [])
    record["first_seen"] = min(str(record.get("first_seen")), str(other.get("first_seen")))
    record["last_seen"] = max(str(record.get("last_seen")), str(other.get("last_seen")))
    record["score"] = max(float(record.get("score") or 0), float(other.get("score") or 0))
    record["fact_ids"] = sorted({*(record.get("fact_ids") or []), *(other.get("fact_ids") or [])})


def add_points(record: Record, points: Sequence[Mapping[str, Any]]) -> None:
    by_key = {point_key(p): p for p in record.get("series") or []}
    for point in points:
        mine = by_key.get(point_key(point))
        if mine is None:
            fresh = dict(point)
            fresh["claims"] = list(point.get("claims") or [])
            record.setdefault("series", []).append(fresh)
            by_key[point_key(point)] = fresh
        else:
            known = {(c.get("document"), tuple(c.get("span") or ())) for c in mine["claims"]}
            mine["claims"].extend(
                c
                for c in point.get("claims") or []
                if (c.get("document"), tuple(c.get("span") or ())) not in known
            )


def _add_documents(record: Record, docs: Sequence[Mapping[str, Any]]) -> None:
    known = {d.get("id") for d in record.get("documents") or []}
    record["documents"] = [
        *(record.get("documents") or []),
        *(d for d in docs if d.get("id") not in known),
    ]
    record["documents"].sort(key=lambda d: (str(d.get("published") or ""), str(d.get("id"))))
    record["document_ids"] = sorted({str(d.get("id")) for d in record["documents"]})


def _apply_moves(
    record: Record,
    members: set[str],
    load: Callable[[str], Record | None],
    corrections: Corrections,
) -> None:
    # A document moved twice (A -> B, then B -> C) ends where its last move put it.
    final: dict[str, tuple[str, str]] = {}
    for move in corrections.moves:
        origin = final.get(move.document_id, (move.from_event, ""))[0]
        final[move.document_id] = (origin, move.to_event)
    for doc_id, (origin, target) in final.items():
        if origin in members and target not in members:
            take_document(record, doc_id)
        elif target in members and origin not in members:
            source = load(origin)
            if source is not None:
                fold_into(record, take_document(source, doc_id))


def take_document(record: Record, doc_id: str) -> Record:
    """Remove ``doc_id``'s claims, measures, supplies and entry from ``record``; return
    what was removed as a record of its own."""
    taken: Record = {"series": [], "measures": [], "resources": [], "documents": []}
    kept_points = []
    for point in record.get("series") or []:
        mine = [c for c in point.get("claims") or [] if str(c.get("document")) == doc_id]
        if mine:
            taken["series"].append({**point, "claims": mine})
        rest = [c for c in point.get("claims") or [] if str(c.get("document")) != doc_id]
        if rest:
            kept_points.append({**point, "claims": rest})
    record["series"] = kept_points
    for key in ("measures", "resources"):
        items = record.get(key) or []
        taken[key] = [i for i in items if str(i.get("document")) == doc_id]
        record[key] = [i for i in items if str(i.get("document")) != doc_id]
    docs = record.get("documents") or []
    taken["documents"] = [d for d in docs if str(d.get("id")) == doc_id]
    record["documents"] = [d for d in docs if str(d.get("id")) != doc_id]
    record["document_ids"] = [i for i in record.get("document_ids") or [] if i != doc_id]
    taken["first_seen"], taken["last_seen"] = record.get("first_seen"), record.get("last_seen")
    return taken


def apply_exclusions(
    record: Record, exclusions: Mapping[str, Exclusion], *, recompute: bool = True
) -> None:
    """Mark excluded claims; with ``recompute``, choose each point's value again and work
    out ``latest`` and the flags from the claims that count."""
    counted: list[dict[str, Any]] = []
    for point in record.get("series") or []:
        for claim in point.get("claims") or []:
            claim["key"] = claim_key(claim.get("document"), claim.get("span"), point["measure"])
            found = exclusions.get(claim["key"])
            claim["excluded"] = found is not None
            if found is not None:
                claim["excluded_reason"] = found.reason
                claim["excluded_by"] = found.author
        live = [c for c in point.get("claims") or [] if not c["excluded"]]
        point["excluded"] = not live
        if live:
            chosen = choose_claim(live, point.get("cumulative"))
            point["value"], point["chosen"] = chosen["value"], chosen.get("fact")
            point["disagreement"] = len({c["value"] for c in live}) > 1
            counted.append({**point, "claims": live})
    if not recompute:
        return
    record["series"].sort(key=_series_order) if record.get("series") else None
    record["latest"] = latest_values(counted)
    disease = record.get("disease") or {}
    start = _start(record, counted)
    record["flags"] = (
        check_series(counted, disease.get("name"), disease.get("icd10"), start)
        if start is not None
        else []
    )


def _series_order(point: Mapping[str, Any]) -> tuple[Any, ...]:
    kind = {True: 0, None: 1, False: 2}.get(point.get("cumulative"), 1)
    return (point.get("species") != "human", str(point.get("measure")), kind, str(point["date"]))


def _start(record: Mapping[str, Any], points: Sequence[Mapping[str, Any]]) -> date | None:
    days = [str(p["date"]) for p in points] + [str(record.get("first_seen") or "")]
    valid = [d for d in days if d]
    return date.fromisoformat(min(valid)[:10]) if valid else None
