"""The JSON API (``/api/v1``): events, signals, series, documents, search, triage,
corrections, the audit log and exports. Described at ``/openapi.json`` and ``/docs``.

Scripts authenticate with ``Authorization: Bearer <token>`` (``episignal user token``);
the browser's session cookie works too, with the CSRF token in ``X-CSRF-Token`` on writes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import asdict, replace
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse, StreamingResponse
from pydantic import BaseModel, Field

from episignal.serve.deps import AnalystDep, DatabaseDep, FilterDep, PrincipalDep
from episignal.serve.source import EventFilter, EventRow
from episignal.store.search import (
    MARK_CLOSE,
    MARK_OPEN,
    SearchHit,
    list_documents,
    search_documents,
)
from episignal.store.triage import Status, TriageError

router = APIRouter(prefix="/api/v1", tags=["api"])
EXPORT_CHUNK = 500
EXPORT_LIMIT = 1_000_000


# --------------------------------------------------------------------------- models


class EventRowModel(BaseModel):
    id: str
    disease: str | None
    icd10: str | None
    country: str | None
    admin1: str | None
    first_seen: str | None
    last_seen: str | None
    score: float
    reason: str
    cases: int | None
    deaths: int | None
    flags: list[str]
    documents: int
    status: Status
    assignee: str | None
    tags: list[str]
    created_at: str | None
    changed_at: str | None
    marker: Literal["new", "changed"] | None


class EventPage(BaseModel):
    items: list[EventRowModel]
    total: int
    page: int
    per_page: int
    pages: int


class SignalModel(EventRowModel):
    rank: int


class SignalPage(BaseModel):
    items: list[SignalModel]
    total: int
    page: int
    per_page: int


class TriageModel(BaseModel):
    event_id: str
    status: Status
    assignee: str | None
    tags: list[str]
    updated_at: str | None
    updated_by: str | None


class NoteModel(BaseModel):
    id: int
    author: str
    body: str
    created_at: str


class AuditModel(BaseModel):
    id: int
    at: str
    actor: str
    event_id: str | None
    action: str
    old_value: str | None
    new_value: str | None
    detail: str | None


class TriageDetail(BaseModel):
    triage: TriageModel
    notes: list[NoteModel]
    history: list[AuditModel]


class TriageChange(BaseModel):
    status: Status | None = None
    assignee: str | None = Field(None, max_length=64, description="'' unassigns")
    tags: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=50)
    note: str | None = Field(None, max_length=10_000)


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=10_000)


class ExclusionIn(BaseModel):
    claim: str = Field(min_length=1, max_length=2_000, description="claim key from the event")
    reason: str = Field(min_length=1, max_length=10_000)


class MoveIn(BaseModel):
    document: str = Field(min_length=1, max_length=2_000)
    to_event: str = Field(min_length=1, max_length=200)


class MergeIn(BaseModel):
    into: str = Field(min_length=1, max_length=200, description="the event that stays")


class DocumentHit(BaseModel):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    status: str
    snippet: str = Field(description="text around the matches, matches in [[ ]]")


class DocumentPage(BaseModel):
    items: list[DocumentHit]
    total: int = Field(
        description="matches, counted up to 10,000; up to 2,000 are ranked by relevance, "
        "more are listed newest first"
    )
    page: int
    per_page: int


class DocumentModel(BaseModel):
    id: str
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    status: str
    text: str | None
    duplicate_of: str | None
    extraction: dict[str, Any] | None
    events: list[EventRowModel]


class Me(BaseModel):
    username: str
    role: str
    via: str
    csrf_token: str | None


class Done(BaseModel):
    changed: bool


def row_model(row: EventRow) -> EventRowModel:
    data = asdict(row)
    data["flags"], data["tags"] = list(row.flags), list(row.tags)
    return EventRowModel(**data)


def hit_model(hit: SearchHit) -> DocumentHit:
    data = asdict(hit)
    data["snippet"] = hit.snippet.replace(MARK_OPEN, "[[").replace(MARK_CLOSE, "]]")
    return DocumentHit(**data)


def _triage_detail(db: DatabaseDep, event_id: str) -> TriageDetail:
    store = db.triage()
    t = db.source().triage(event_id)
    return TriageDetail(
        triage=TriageModel(**{**asdict(t), "tags": list(t.tags)}),
        notes=[
            NoteModel(id=n.id, author=n.author, body=n.body, created_at=n.created_at)
            for n in store.notes(event_id)
        ],
        history=[AuditModel(**asdict(a)) for a in store.audit(event_id=event_id, limit=500)],
    )


def _known_event(db: DatabaseDep, event_id: str) -> str:
    """``event_id`` if the event exists and was not merged away; 404/409 otherwise."""
    source = db.source()
    target = source.resolve(event_id)
    if target is not None:
        raise HTTPException(409, detail=f"event {event_id} was merged into {target}")
    if source.rows([event_id]) == []:
        raise HTTPException(404, detail=f"no event {event_id}")
    return event_id


# --------------------------------------------------------------------------- events


@router.get("/me", response_model=Me, summary="Who the caller is")
def me(who: PrincipalDep) -> Me:
    return Me(
        username=who.user.username,
        role=who.user.role,
        via=who.via,
        csrf_token=who.csrf_token or None,
    )


@router.get("/events", response_model=EventPage, summary="Events, filtered, sorted and paged")
def list_events(db: DatabaseDep, flt: FilterDep) -> EventPage:
    page = db.source().events(flt)
    return EventPage(
        items=[row_model(r) for r in page.items],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
        pages=page.pages,
    )


@router.get("/signals", response_model=SignalPage, summary="Events ranked for triage")
def list_signals(db: DatabaseDep, flt: FilterDep) -> SignalPage:
    ranked = replace(flt, sort="-score")
    page = db.source().events(ranked)
    first = (page.page - 1) * page.per_page
    return SignalPage(
        items=[
            SignalModel(rank=first + i, **row_model(r).model_dump())
            for i, r in enumerate(page.items, 1)
        ],
        total=page.total,
        page=page.page,
        per_page=page.per_page,
    )


@router.get("/events/{event_id}", summary="One event: the full record, corrections applied")
def get_event(db: DatabaseDep, event_id: str) -> Any:
    source = db.source()
    target = source.resolve(event_id)
    if target is not None:
        return RedirectResponse(f"/api/v1/events/{target}", status_code=308)
    record = source.event(event_id)
    if record is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    return record


@router.get("/events/{event_id}/series", summary="The event's series points with their claims")
def get_series(db: DatabaseDep, event_id: str) -> Any:
    record = db.source().event(_known_event(db, event_id))
    return (record or {}).get("series") or []


# --------------------------------------------------------------------------- triage


@router.get(
    "/events/{event_id}/triage", response_model=TriageDetail, summary="Triage, notes, history"
)
def get_triage(db: DatabaseDep, event_id: str) -> TriageDetail:
    return _triage_detail(db, _known_event(db, event_id))


@router.patch("/events/{event_id}/triage", response_model=TriageDetail, summary="Change triage")
def change_triage(
    db: DatabaseDep, who: AnalystDep, event_id: str, change: TriageChange
) -> TriageDetail:
    store, source = db.triage(), db.source()
    event_id = _known_event(db, event_id)
    actor = who.user.username
    try:
        if change.status is not None:
            source.set_status(event_id, change.status, actor)
        if change.assignee is not None:
            source.set_assignee(event_id, change.assignee, actor)
        if change.tags is not None:
            store.set_tags(event_id, change.tags, actor)
        if change.note:
            store.add_note(event_id, change.note, actor)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return _triage_detail(db, event_id)


@router.post(
    "/events/{event_id}/notes", response_model=NoteModel, status_code=201, summary="Add a note"
)
def add_note(db: DatabaseDep, who: AnalystDep, event_id: str, note: NoteIn) -> NoteModel:
    try:
        n = db.triage().add_note(_known_event(db, event_id), note.body, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return NoteModel(id=n.id, author=n.author, body=n.body, created_at=n.created_at)


@router.post("/events/{event_id}/exclusions", response_model=Done, summary="Exclude a claim")
def exclude_claim(db: DatabaseDep, who: AnalystDep, event_id: str, body: ExclusionIn) -> Done:
    event_id = _known_event(db, event_id)
    if body.claim not in claim_keys(db, event_id):
        raise HTTPException(404, detail=f"event {event_id} has no claim {body.claim}")
    try:
        changed = db.source().exclude_claim(event_id, body.claim, body.reason, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=changed)


@router.delete("/events/{event_id}/exclusions", response_model=Done, summary="Count a claim again")
def restore_claim(
    db: DatabaseDep, who: AnalystDep, event_id: str, claim: Annotated[str, Query(max_length=2_000)]
) -> Done:
    changed = db.source().include_claim(_known_event(db, event_id), claim, who.user.username)
    return Done(changed=changed)


@router.post(
    "/events/{event_id}/moves", response_model=Done, summary="Move a document to another event"
)
def move_document(db: DatabaseDep, who: AnalystDep, event_id: str, body: MoveIn) -> Done:
    event_id = _known_event(db, event_id)
    target = _known_event(db, body.to_event)
    record = db.source().event(event_id) or {}
    if body.document not in {str(d.get("id")) for d in record.get("documents") or []}:
        raise HTTPException(404, detail=f"document {body.document} is not in event {event_id}")
    try:
        db.source().move_document(body.document, event_id, target, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=True)


@router.post(
    "/events/{event_id}/merge", response_model=Done, summary="Merge this event into another"
)
def merge_event(db: DatabaseDep, who: AnalystDep, event_id: str, body: MergeIn) -> Done:
    event_id = _known_event(db, event_id)
    target = _known_event(db, body.into)
    try:
        db.source().merge_events(event_id, target, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=True)


def claim_keys(db: DatabaseDep, event_id: str) -> set[str]:
    record = db.source().event(event_id) or {}
    return {str(c.get("key")) for p in record.get("series") or [] for c in p.get("claims") or []}


@router.get("/audit", response_model=list[AuditModel], summary="The audit log, newest first")
def audit(
    db: DatabaseDep,
    _: PrincipalDep,
    event: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditModel]:
    rows = db.triage().audit(
        event_id=event or None, actor=actor or None, limit=per_page, offset=(page - 1) * per_page
    )
    return [AuditModel(**asdict(a)) for a in rows]


# --------------------------------------------------------------------------- documents


@router.get(
    "/documents", response_model=DocumentPage, summary="Documents: full-text search or list"
)
def documents(
    db: DatabaseDep,
    _: PrincipalDep,
    q: Annotated[str | None, Query(max_length=500, description='Words, "phrases", prefix*')] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 20,
) -> DocumentPage:
    conn = db.store().conn
    offset = (page - 1) * per_page
    if q:
        hits, total = search_documents(conn, q, limit=per_page, offset=offset)
    else:
        hits, total = list_documents(conn, limit=per_page, offset=offset)
    return DocumentPage(
        items=[hit_model(h) for h in hits], total=total, page=page, per_page=per_page
    )


@router.get("/documents/{document_id:path}", response_model=DocumentModel, summary="One document")
def document(db: DatabaseDep, _: PrincipalDep, document_id: str) -> DocumentModel:
    doc = db.source().document(document_id)
    if doc is None:
        raise HTTPException(404, detail="no such document")
    data = asdict(doc)
    data["events"] = [row_model(r) for r in doc.events]
    return DocumentModel(**data)


# --------------------------------------------------------------------------- exports

EXPORT_COLUMNS = tuple(EventRowModel.model_fields)


def export_rows(db: DatabaseDep, flt: EventFilter) -> Iterator[EventRow]:
    source = db.source()
    page, sent = 1, 0
    while sent < EXPORT_LIMIT:
        batch = source.events(replace(flt, page=page, per_page=EXPORT_CHUNK)).items
        yield from batch
        sent += len(batch)
        if len(batch) < EXPORT_CHUNK:
            return
        page += 1


@router.get("/export/events.csv", summary="The filtered event list as CSV (every page)")
def export_csv(db: DatabaseDep, flt: FilterDep) -> StreamingResponse:
    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for row in export_rows(db, flt):
            data = row_model(row).model_dump()
            writer.writerow([_cell(data[c]) for c in EXPORT_COLUMNS])
            yield out.getvalue()
            out.seek(0)
            out.truncate()
        yield out.getvalue()

    headers = {"content-disposition": 'attachment; filename="events.csv"'}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/export/events.json", summary="The filtered event list as JSON (every page)")
def export_json(db: DatabaseDep, flt: FilterDep) -> StreamingResponse:
    def chunks() -> Iterator[str]:
        yield "["
        for i, row in enumerate(export_rows(db, flt)):
            yield ("," if i else "") + row_model(row).model_dump_json()
        yield "]\n"

    headers = {"content-disposition": 'attachment; filename="events.json"'}
    return StreamingResponse(chunks(), media_type="application/json", headers=headers)


def _cell(value: object) -> object:
    """CSV cells: lists joined; text that a spreadsheet would run as a formula defused."""
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
