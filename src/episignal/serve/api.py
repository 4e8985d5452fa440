"""The JSON API (``/api/v1``): signals, events, series, deltas, documents, search, triage,
corrections, the audit log and exports. Described at ``/openapi.json`` and ``/docs``.

Events are the ``episignal events`` JSON contract (docs/events.md), signals the
``episignal signals`` one with the workbench's tags and "new/changed" marker: the API, the
CLI and the exports read the same query layer. Scripts authenticate with
``Authorization: Bearer <token>`` (``episignal user token``); the browser's session cookie
works too, with the CSRF token in ``X-CSRF-Token`` on writes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, replace
from typing import Annotated, Any, Literal, TypeVar

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import RedirectResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from episignal.events.export import SIGNAL_COLUMNS, signal_row
from episignal.models import CorrectionError, Page, Signal, Triage, TriageStatus
from episignal.models.codec import (
    delta_to_json,
    event_to_json,
    fates_to_json,
    series_to_json,
    signal_to_json,
)
from episignal.serve.deps import AnalystDep, DatabaseDep, Filters, FiltersDep, PrincipalDep
from episignal.serve.deps import marker_of as marker_at
from episignal.serve.render import page_numbers
from episignal.serve.workbench import Workbench
from episignal.store.search import MARK_CLOSE, MARK_OPEN, SearchHit, list_documents
from episignal.store.search import search_documents as search
from episignal.store.triage import AUDIT_COLUMNS, AuditEntry, TriageError

router = APIRouter(prefix="/api/v1", tags=["api"])
T = TypeVar("T")
EXPORT_CHUNK = 500
EXPORT_LIMIT = 1_000_000
SEARCH_EXPORT_LIMIT = 10_000
EVENT_DESCRIPTION = "The event record: the `episignal events` JSON contract (docs/events.md)."


# --------------------------------------------------------------------------- models


class SignalModel(BaseModel):
    rank: int
    event: str = Field(description="the event's id (stable: backfills and rescans keep it)")
    score: float
    reason: str
    disease: str
    icd10: str | None
    country: str
    areas: list[str] = Field(description="first-level areas with series of their own")
    first_seen: str
    last_seen: str
    latest: dict[str, int | str | None] = Field(description="latest figure per measure")
    flags: list[str]
    severity: str | None
    documents: int
    status: TriageStatus
    assignee: str | None
    tags: list[str]
    created_at: str | None
    updated_at: str | None
    marker: Literal["new", "changed"] | None = Field(
        description="new / changed since the caller's previous login (sessions only)"
    )


class SignalPage(BaseModel):
    items: list[SignalModel]
    total: int
    page: int
    per_page: int
    pages: int


class TriageModel(BaseModel):
    event_id: str
    status: TriageStatus
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
    status: TriageStatus | None = None
    assignee: str | None = Field(None, max_length=64, description="'' unassigns")
    tags: list[Annotated[str, Field(max_length=40)]] | None = Field(None, max_length=50)
    note: str | None = Field(None, max_length=10_000)


class NoteIn(BaseModel):
    body: str = Field(min_length=1, max_length=10_000)


class ExclusionIn(BaseModel):
    claim: str = Field(min_length=1, max_length=2_000, description="a claim's key")
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


class EventRef(BaseModel):
    id: str
    disease: str
    country: str


class DocumentModel(BaseModel):
    id: str
    url: str | None
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    status: str
    reason: str | None
    text: str | None
    duplicate_of: str | None
    extraction: dict[str, Any] | None
    fates: dict[str, Any] | None = Field(description="where each figure went (`explain`)")
    events: list[EventRef]


class Me(BaseModel):
    username: str
    role: str
    via: str
    csrf_token: str | None


class Done(BaseModel):
    changed: bool


def signal_record(s: Signal, seen_since: str | None) -> dict[str, Any]:
    """A signal as :class:`SignalModel` describes it, as plain data: validating fifty models
    per list took a third of the API's time for data built by our own query layer (a test
    checks that every record validates as a SignalModel)."""
    return {**signal_to_json(s), "marker": marker_at(s.created_at, s.updated_at, seen_since)}


def compact_json(data: Any) -> str:
    """JSON as pydantic writes it (no spaces, UTF-8 as is)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def signal_page(page: Page[Signal], filters: Filters) -> Response:
    """A :class:`SignalPage` as a JSON response."""
    number, pages = page_numbers(page)
    body = {
        "items": [signal_record(s, filters.seen_since) for s in page.items],
        "total": page.total,
        "page": number,
        "per_page": filters.per_page,
        "pages": pages,
    }
    return Response(compact_json(body), media_type="application/json")


def triage_model(event_id: str, t: Triage) -> TriageModel:
    return TriageModel(
        event_id=event_id,
        status=t.status,
        assignee=t.assignee,
        tags=list(t.tags),
        updated_at=t.updated_at,
        updated_by=t.updated_by,
    )


def hit_model(hit: SearchHit) -> DocumentHit:
    data = asdict(hit)
    data["snippet"] = hit.snippet.replace(MARK_OPEN, "[[").replace(MARK_CLOSE, "]]")
    return DocumentHit(**data)


def triage_detail(workbench: Workbench, event_id: str) -> TriageDetail:
    return TriageDetail(
        triage=triage_model(event_id, workbench.triage(event_id)),
        notes=[
            NoteModel(id=n.id, author=n.author, body=n.body, created_at=n.created_at)
            for n in workbench.notes(event_id)
        ],
        history=[AuditModel(**asdict(a)) for a in workbench.history(event_id, limit=500)],
    )


def live_event(workbench: Workbench, event_id: str) -> str:
    """``event_id`` if the event exists and was not merged away; 404/409 otherwise."""
    live = workbench.resolve(event_id)
    if live is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    if live != event_id:
        raise HTTPException(409, detail=f"event {event_id} was merged into {live}")
    return live


# --------------------------------------------------------------------------- events


@router.get("/me", response_model=Me, summary="Who the caller is")
def me(who: PrincipalDep) -> Me:
    return Me(
        username=who.user.username,
        role=who.user.role,
        via=who.via,
        csrf_token=who.csrf_token or None,
    )


def json_of(model: BaseModel) -> Response:
    """A model already built and checked, serialised once (FastAPI would check it again)."""
    return Response(model.model_dump_json(), media_type="application/json")


@router.get("/events", response_model=SignalPage, summary="Events, filtered, sorted and paged")
def list_events(db: DatabaseDep, filters: FiltersDep) -> Response:
    return signal_page(db.workbench().signals(filters.query), filters)


@router.get("/signals", response_model=SignalPage, summary="Events ranked for triage by score")
def list_signals(db: DatabaseDep, filters: FiltersDep) -> Response:
    ranked = replace(filters.query, sort="-score")
    return signal_page(db.workbench().signals(ranked), filters)


@router.get(
    "/events/{event_id}",
    summary="One event",
    description=EVENT_DESCRIPTION,
    response_class=Response,
    responses={200: {"content": {"application/json": {}}}},
)
def get_event(db: DatabaseDep, event_id: str) -> Response:
    workbench = db.workbench()
    live = workbench.resolve(event_id)
    if live is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    if live != event_id:
        return RedirectResponse(f"/api/v1/events/{live}", status_code=308)
    stamp = workbench.events.stamp(live)

    def build() -> str:
        event = workbench.event(live)
        return json.dumps(event_to_json(event)) if event is not None else ""

    text = workbench.caches.records.get((live, stamp), build) if stamp is not None else ""
    if not text:
        raise HTTPException(404, detail=f"no event {event_id}")
    return Response(text, media_type="application/json")


@router.get("/events/{event_id}/series", summary="The event's series, every point's claims")
def get_series(db: DatabaseDep, event_id: str) -> list[dict[str, Any]]:
    workbench = db.workbench()
    event = workbench.event(live_event(workbench, event_id))
    return [series_to_json(s) for s in event.series] if event is not None else []


@router.get("/deltas", summary="What event updates changed, oldest first (for alerting)")
def deltas(
    db: DatabaseDep,
    _: PrincipalDep,
    after: Annotated[int, Query(ge=0, description="the last sequence number seen")] = 0,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> list[dict[str, Any]]:
    found = db.workbench().events.deltas(after=after, limit=limit)
    return [{"seq": d.seq, "at": d.at, **delta_to_json(d.delta)} for d in found]


# --------------------------------------------------------------------------- triage


@router.get(
    "/events/{event_id}/triage", response_model=TriageDetail, summary="Triage, notes, history"
)
def get_triage(db: DatabaseDep, event_id: str) -> TriageDetail:
    workbench = db.workbench()
    return triage_detail(workbench, live_event(workbench, event_id))


@router.patch("/events/{event_id}/triage", response_model=TriageDetail, summary="Change triage")
def change_triage(
    db: DatabaseDep, who: AnalystDep, event_id: str, change: TriageChange
) -> TriageDetail:
    workbench, actor = db.workbench(), who.user.username
    event_id = live_event(workbench, event_id)
    try:
        if change.status is not None or change.assignee is not None:
            workbench.set_triage(event_id, actor, status=change.status, assignee=change.assignee)
        if change.tags is not None:
            workbench.set_tags(event_id, change.tags, actor)
        if change.note:
            workbench.add_note(event_id, change.note, actor)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return triage_detail(workbench, event_id)


@router.post(
    "/events/{event_id}/notes", response_model=NoteModel, status_code=201, summary="Add a note"
)
def add_note(db: DatabaseDep, who: AnalystDep, event_id: str, note: NoteIn) -> NoteModel:
    workbench = db.workbench()
    try:
        n = workbench.add_note(live_event(workbench, event_id), note.body, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return NoteModel(id=n.id, author=n.author, body=n.body, created_at=n.created_at)


@router.post("/events/{event_id}/exclusions", response_model=Done, summary="Exclude a claim")
def exclude_claim(db: DatabaseDep, who: AnalystDep, event_id: str, body: ExclusionIn) -> Done:
    workbench = db.workbench()
    event_id = live_event(workbench, event_id)
    if workbench.claim(event_id, body.claim) is None:
        raise HTTPException(404, detail=f"event {event_id} has no claim {body.claim}")
    try:
        changed = workbench.exclude_claim(event_id, body.claim, body.reason, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=changed)


@router.delete("/events/{event_id}/exclusions", response_model=Done, summary="Count a claim again")
def include_claim(
    db: DatabaseDep, who: AnalystDep, event_id: str, claim: Annotated[str, Query(max_length=2_000)]
) -> Done:
    workbench = db.workbench()
    event_id = live_event(workbench, event_id)
    return Done(changed=workbench.include_claim(event_id, claim, who.user.username))


@router.post(
    "/events/{event_id}/moves", response_model=Done, summary="Move a document to another event"
)
def move_document(db: DatabaseDep, who: AnalystDep, event_id: str, body: MoveIn) -> Done:
    workbench = db.workbench()
    event_id = live_event(workbench, event_id)
    target = live_event(workbench, body.to_event)
    event = workbench.event(event_id)
    if event is None or body.document not in event.document_ids:
        raise HTTPException(404, detail=f"document {body.document} is not in event {event_id}")
    try:
        workbench.move_document(body.document, event_id, target, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=True)


@router.post(
    "/events/{event_id}/merge", response_model=Done, summary="Merge this event into another"
)
def merge_event(db: DatabaseDep, who: AnalystDep, event_id: str, body: MergeIn) -> Done:
    workbench = db.workbench()
    event_id = live_event(workbench, event_id)
    target = live_event(workbench, body.into)
    try:
        workbench.merge_events(event_id, target, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return Done(changed=True)


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
) -> Response:
    conn = db.store().conn
    offset = (page - 1) * per_page
    if q:
        hits, total = search(conn, q, limit=per_page, offset=offset)
    else:
        hits, total = list_documents(conn, limit=per_page, offset=offset)
    return json_of(
        DocumentPage(items=[hit_model(h) for h in hits], total=total, page=page, per_page=per_page)
    )


@router.get("/documents/{document_id:path}", response_model=DocumentModel, summary="One document")
def document(db: DatabaseDep, _: PrincipalDep, document_id: str) -> DocumentModel:
    found = db.workbench().document(document_id)
    if found is None:
        raise HTTPException(404, detail="no such document")
    doc = found.view
    return DocumentModel(
        id=doc.id,
        url=doc.url,
        title=doc.title,
        source=doc.source,
        published=doc.published.isoformat() if doc.published else None,
        language=doc.language,
        status=doc.status,
        reason=doc.reason,
        text=doc.text,
        duplicate_of=doc.duplicate_of,
        extraction=dict(doc.extraction) if doc.extraction is not None else None,
        fates=fates_to_json(doc.fates) if doc.fates is not None else None,
        events=[EventRef(id=e.id, disease=e.disease.name, country=e.country) for e in found.events],
    )


# --------------------------------------------------------------------------- exports

EXPORT_COLUMNS = (*SIGNAL_COLUMNS, "tags")
DOCUMENT_COLUMNS = tuple(DocumentHit.model_fields)


def csv_response(name: str, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Any:
    def lines() -> Iterator[str]:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
            yield out.getvalue()
            out.seek(0)
            out.truncate()

    headers = {"content-disposition": f'attachment; filename="{name}"'}
    return StreamingResponse(lines(), media_type="text/csv; charset=utf-8", headers=headers)


def chunked(fetch: Callable[[int, int], Sequence[T]], limit: int = EXPORT_LIMIT) -> Iterator[T]:
    """Rows fetched EXPORT_CHUNK at a time by ``fetch(limit, offset)``.

    A streamed response is iterated from worker threads, one chunk per step: ``fetch``
    must open its thread's own connection each time (SQLite connections stay in the
    thread that made them), so no cursor is kept between chunks.
    """
    offset = 0
    while offset < limit:
        batch = fetch(EXPORT_CHUNK, offset)
        yield from batch
        if len(batch) < EXPORT_CHUNK:
            return
        offset += len(batch)


def export_signals(db: DatabaseDep, filters: Filters) -> Iterator[Signal]:
    query = filters.query
    return chunked(lambda n, at: db.workbench().signals(query.page(n, at)).items)


@router.get("/export/events.csv", summary="The filtered event list as CSV (every page)")
def export_csv(db: DatabaseDep, filters: FiltersDep) -> StreamingResponse:
    rows = ({**signal_row(s), "tags": ";".join(s.triage.tags)} for s in export_signals(db, filters))
    result: StreamingResponse = csv_response("events.csv", EXPORT_COLUMNS, rows)
    return result


@router.get("/export/events.json", summary="The filtered event list as JSON (every page)")
def export_json(db: DatabaseDep, filters: FiltersDep) -> StreamingResponse:
    def chunks() -> Iterator[str]:
        yield "["
        for i, signal in enumerate(export_signals(db, filters)):
            yield ("," if i else "") + compact_json(signal_record(signal, filters.seen_since))
        yield "]\n"

    headers = {"content-disposition": 'attachment; filename="events.json"'}
    return StreamingResponse(chunks(), media_type="application/json", headers=headers)


@router.get("/export/documents.csv", summary="Search results as CSV (up to 10,000 documents)")
def export_documents(
    db: DatabaseDep,
    _: PrincipalDep,
    q: Annotated[str, Query(min_length=1, max_length=500, description="as for /documents")],
) -> StreamingResponse:
    hits, _total = search(db.store().conn, q, limit=SEARCH_EXPORT_LIMIT)
    rows = (hit_model(h).model_dump() for h in hits)
    result: StreamingResponse = csv_response("documents.csv", DOCUMENT_COLUMNS, rows)
    return result


@router.get("/export/audit.csv", summary="The audit log as CSV, newest first (every row)")
def export_audit(
    db: DatabaseDep,
    _: PrincipalDep,
    event: Annotated[str | None, Query(max_length=200)] = None,
    actor: Annotated[str | None, Query(max_length=64)] = None,
) -> StreamingResponse:
    entries: Iterator[AuditEntry] = chunked(
        lambda n, at: db.triage().audit(
            event_id=event or None, actor=actor or None, limit=n, offset=at
        )
    )
    rows = (asdict(a) for a in entries)
    result: StreamingResponse = csv_response("audit.csv", AUDIT_COLUMNS, rows)
    return result


def _cell(value: object) -> object:
    """CSV cells: text that a spreadsheet would run as a formula defused."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
