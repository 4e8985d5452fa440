"""The workbench's HTML pages: board, event, document, search, map, audit, account, login.

Forms post back and redirect (POST/redirect/GET); every form carries the session's CSRF
token, checked by the middleware before a route runs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from episignal.report.html import country_names
from episignal.serve.auth import Principal
from episignal.serve.deps import AnalystDep, DatabaseDep, FilterDep, PrincipalDep
from episignal.serve.mapview import event_map
from episignal.serve.render import KINDS, document_markup, event_view
from episignal.serve.source import SORTS, EventFilter
from episignal.store.search import (
    COUNT_CAP,
    MARK_CLOSE,
    MARK_OPEN,
    RANK_LIMIT,
    search_documents,
)
from episignal.store.triage import STATUSES, TriageError

router = APIRouter(include_in_schema=False)
FLAG_KINDS = (
    "implausible_cfr",
    "decreasing_cumulative",
    "deaths_exceed_cases",
    "recovered_exceed_cases",
    "new_exceeds_cumulative",
    "inconsistent_totals",
    "growth_jump",
    "discordant_sources",
)


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    who = getattr(request.state, "principal", None)
    html = request.app.state.templates.get_template(name).render(
        request=request,
        who=who,
        csrf=who.csrf_token if isinstance(who, Principal) else "",
        **context,
    )
    return HTMLResponse(html, status_code=status_code)


def back(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def filter_query(flt: EventFilter, **changes: Any) -> str:
    """The query string of ``flt`` (for paging links and exports), without empty fields."""
    values = {
        "disease": flt.disease,
        "country": flt.country,
        "admin1": flt.admin1,
        "since": flt.since,
        "until": flt.until,
        "status": flt.status,
        "assignee": flt.assignee,
        "tag": flt.tag,
        "flag": flt.flag,
        "min_score": flt.min_score,
        "q": flt.text,
        "marker": flt.marker,
        "sort": flt.sort if flt.sort != "-score" else None,
        "page": flt.page if flt.page != 1 else None,
    }
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


# --------------------------------------------------------------------------- board


@router.get("/", response_class=HTMLResponse)
def board(request: Request, db: DatabaseDep, flt: FilterDep, who: PrincipalDep) -> HTMLResponse:
    source = db.source()
    page = source.events(flt)
    diseases = [
        r[0]
        for r in db.store().conn.execute(
            "SELECT DISTINCT disease FROM events WHERE disease IS NOT NULL ORDER BY disease COLLATE NOCASE"
        )
    ]
    return render(
        request,
        "board.html",
        page=page,
        flt=flt,
        query=filter_query(flt, page=None),
        page_query=lambda n: filter_query(flt, page=n),
        statuses=STATUSES,
        sorts=SORTS,
        flag_kinds=FLAG_KINDS,
        diseases=diseases,
        names=country_names(),
        since=who.session.since if who.session else None,
    )


@router.post("/board/seen")
def mark_seen(db: DatabaseDep, who: PrincipalDep) -> RedirectResponse:
    if who.session_token:
        db.accounts().mark_seen(who.session_token)
    return back("/")


# --------------------------------------------------------------------------- event


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, db: DatabaseDep, event_id: str) -> Response:
    source = db.source()
    target = source.resolve(event_id)
    if target is not None:
        return back(f"/events/{quote(target, safe='')}")
    record = source.event(event_id)
    if record is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    names = country_names()
    country = str(record.get("country") or "")
    areas = []
    if not record.get("admin1"):
        nearby = source.events(
            EventFilter(
                disease=(record.get("disease") or {}).get("name"),
                country=country or None,
                per_page=200,
            )
        )
        areas = [
            r
            for r in nearby.items
            if r.admin1
            and str(r.first_seen) <= str(record.get("last_seen"))
            and str(record.get("first_seen")) <= str(r.last_seen)
        ]
    triage = db.triage()
    return render(
        request,
        "event.html",
        event=record,
        view=event_view(record, names.get(country.upper(), country or "?"), areas),
        triage=source.triage(event_id),
        notes=triage.notes(event_id),
        history=triage.audit(event_id=event_id, limit=200),
        statuses=STATUSES,
    )


@router.post("/events/{event_id}/triage")
def post_triage(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    status: Annotated[str, Form(max_length=20)] = "",
    assignee: Annotated[str, Form(max_length=64)] = "",
    tags: Annotated[str, Form(max_length=500)] = "",
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> RedirectResponse:
    store, source = db.triage(), db.source()
    event_id = _existing(db, event_id)
    actor = who.user.username
    try:
        if status:
            source.set_status(event_id, status, actor)
        source.set_assignee(event_id, assignee, actor)
        store.set_tags(event_id, [t for t in tags.split(",")], actor)
        if note.strip():
            store.add_note(event_id, note, actor)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(f"/events/{quote(event_id, safe='')}#triage")


@router.post("/events/{event_id}/exclude")
def post_exclude(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    claim: Annotated[str, Form(max_length=2_000)],
    reason: Annotated[str, Form(max_length=10_000)] = "",
) -> RedirectResponse:
    event_id = _existing(db, event_id)
    try:
        db.source().exclude_claim(event_id, claim, reason, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(f"/events/{quote(event_id, safe='')}#figures")


@router.post("/events/{event_id}/restore")
def post_restore(
    db: DatabaseDep, who: AnalystDep, event_id: str, claim: Annotated[str, Form(max_length=2_000)]
) -> RedirectResponse:
    event_id = _existing(db, event_id)
    db.source().include_claim(event_id, claim, who.user.username)
    return back(f"/events/{quote(event_id, safe='')}#figures")


@router.post("/events/{event_id}/move")
def post_move(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    document: Annotated[str, Form(max_length=2_000)],
    to_event: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    event_id = _existing(db, event_id)
    target = _existing(db, to_event.strip())
    try:
        db.source().move_document(document, event_id, target, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(f"/events/{quote(event_id, safe='')}#documents")


@router.post("/events/{event_id}/merge")
def post_merge(
    db: DatabaseDep, who: AnalystDep, event_id: str, into: Annotated[str, Form(max_length=200)]
) -> RedirectResponse:
    event_id = _existing(db, event_id)
    target = _existing(db, into.strip())
    try:
        db.source().merge_events(event_id, target, who.user.username)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(f"/events/{quote(target, safe='')}")


def _existing(db: DatabaseDep, event_id: str) -> str:
    source = db.source()
    if source.resolve(event_id) is not None or not source.rows([event_id]):
        raise HTTPException(404, detail=f"no event {event_id} (or it was merged)")
    return event_id


# --------------------------------------------------------------------------- documents, search


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document_page(request: Request, db: DatabaseDep, document_id: str) -> HTMLResponse:
    doc = db.source().document(document_id)
    if doc is None:
        raise HTTPException(404, detail="no such document")
    highlighted, side = document_markup(doc)
    return render(
        request,
        "document.html",
        doc=doc,
        events=doc.events,
        highlighted=highlighted,
        side=side,
        kinds=KINDS,
    )


def snippet_markup(snippet: str) -> Markup:
    """Escape the snippet, then turn the match markers into <mark> tags."""
    escaped = str(Markup.escape(snippet))
    return Markup(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    db: DatabaseDep,
    q: Annotated[str, Query(max_length=500)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    per_page = 20
    hits, total = search_documents(db.store().conn, q, limit=per_page, offset=(page - 1) * per_page)
    return render(
        request,
        "search.html",
        q=q,
        hits=[(h, snippet_markup(h.snippet)) for h in hits],
        total=total,
        page=page,
        pages=max(1, -(-total // per_page)),
        page_query=lambda n: urlencode({"q": q, "page": n}),
        count_cap=COUNT_CAP,
        rank_limit=RANK_LIMIT,
    )


# --------------------------------------------------------------------------- map, audit


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, db: DatabaseDep, flt: FilterDep) -> HTMLResponse:
    rows = db.source().events(replace(flt, page=1, per_page=500)).items
    svg, unplaced = event_map(rows)
    return render(
        request,
        "map.html",
        svg=svg,
        rows=rows,
        unplaced=unplaced,
        flt=flt,
        query=filter_query(flt, page=None),
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_page(
    request: Request,
    db: DatabaseDep,
    event: Annotated[str, Query(max_length=200)] = "",
    actor: Annotated[str, Query(max_length=64)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    per_page = 100
    store = db.triage()
    rows = store.audit(
        event_id=event or None, actor=actor or None, limit=per_page, offset=(page - 1) * per_page
    )
    total = store.audit_count(event_id=event or None, actor=actor or None)
    return render(
        request,
        "audit.html",
        rows=rows,
        event=event,
        actor=actor,
        page=page,
        pages=max(1, -(-total // per_page)),
        page_query=lambda n: urlencode(
            {k: v for k, v in {"event": event, "actor": actor, "page": n}.items() if v}
        ),
    )
