"""The workbench's HTML pages: board, event, document, search, map, audit.

Forms post back and redirect (POST/redirect/GET); every form carries the session's CSRF
token, checked by the middleware before a route runs. Event and document pages render the
page bodies shared with the static report (``report/templates``).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from episignal.models import TRIAGE_STATUSES, CorrectionError, TriageStatus
from episignal.report.templating import slug
from episignal.serve.auth import Principal
from episignal.serve.deps import (
    SORTS,
    AnalystDep,
    DatabaseDep,
    FiltersDep,
    PrincipalDep,
    marker_of,
)
from episignal.serve.mapview import event_map
from episignal.serve.render import (
    board_rows,
    event_page_parts,
    page_document_body,
    page_numbers,
)
from episignal.store.search import COUNT_CAP, MARK_CLOSE, MARK_OPEN, RANK_LIMIT, search_documents
from episignal.store.triage import TriageError

router = APIRouter(include_in_schema=False)
FLAG_KINDS = (
    "any",
    "implausible_cfr",
    "decreasing_cumulative",
    "deaths_exceed_cases",
    "recovered_exceed_cases",
    "new_exceeds_cumulative",
    "inconsistent_totals",
    "growth_jump",
    "discordant_sources",
)
MAP_EVENTS = 500


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


def event_url(event_id: str, anchor: str = "") -> str:
    return "/events/" + quote(event_id, safe="") + (f"#{anchor}" if anchor else "")


def filter_query(request: Request, **changes: Any) -> str:
    """The request's query string with ``changes`` (paging links, exports), empty dropped."""
    values: dict[str, Any] = dict(request.query_params)
    values.update(changes)
    return urlencode({k: v for k, v in values.items() if v not in (None, "")})


# --------------------------------------------------------------------------- board


@router.get("/", response_class=HTMLResponse)
def board(request: Request, db: DatabaseDep, filters: FiltersDep) -> HTMLResponse:
    workbench = db.workbench()
    page = workbench.signals(filters.query)
    number, pages = page_numbers(page)
    markers = {
        s.event: marker_of(s.created_at, s.updated_at, filters.seen_since) for s in page.items
    }
    return render(
        request,
        "board.html",
        page=page,
        number=number,
        pages=pages,
        rows=board_rows(page.items, markers),
        filters=filters,
        params=request.query_params,
        query=filter_query(request, page=None),
        page_query=lambda n: filter_query(request, page=n),
        statuses=TRIAGE_STATUSES,
        sorts=SORTS,
        flag_kinds=FLAG_KINDS,
        diseases=workbench.diseases(),
        since=filters.seen_since,
    )


@router.post("/board/seen")
def mark_seen(db: DatabaseDep, who: PrincipalDep) -> RedirectResponse:
    """From now on, nothing on the board is "new" or "changed" to this session."""
    if who.session_token:
        db.accounts().mark_seen(who.session_token)
    return back("/")


# --------------------------------------------------------------------------- event


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, db: DatabaseDep, event_id: str) -> Response:
    workbench = db.workbench()
    live = workbench.resolve(event_id)
    if live is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    if live != event_id:  # merged: its page is the surviving event's
        return back(event_url(live))
    who = getattr(request.state, "principal", None)
    corrections = isinstance(who, Principal) and who.can("analyst")
    env = request.app.state.templates
    parts = event_page_parts(env, workbench, live, corrections)
    if parts is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    return render(
        request,
        "event.html",
        event_id=live,
        title=parts[0],
        body=parts[1],
        triage=workbench.triage(live),
        notes=workbench.notes(live),
        history=workbench.history(live),
        statuses=TRIAGE_STATUSES,
    )


def live_event(db: DatabaseDep, event_id: str) -> str:
    """``event_id`` when it is a live event; 404 when unknown, 409 when merged away."""
    live = db.workbench().resolve(event_id)
    if live is None:
        raise HTTPException(404, detail=f"no event {event_id}")
    if live != event_id:
        raise HTTPException(409, detail=f"event {event_id} was merged into {live}")
    return live


@router.post("/events/{event_id}/triage")
def post_triage(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    status: Annotated[str, Form(max_length=20)] = "",
    assignee: Annotated[str, Form(max_length=64)] = "",
    tags: Annotated[str, Form(max_length=2_000)] = "",
    note: Annotated[str, Form(max_length=10_000)] = "",
) -> RedirectResponse:
    workbench, actor = db.workbench(), who.user.username
    event_id = live_event(db, event_id)
    if status and status not in TRIAGE_STATUSES:
        raise HTTPException(400, detail=f"unknown status {status!r}")
    chosen: TriageStatus | None = next((s for s in TRIAGE_STATUSES if s == status), None)
    try:
        workbench.set_triage(event_id, actor, status=chosen, assignee=assignee)
        workbench.set_tags(event_id, tags.split(","), actor)
        if note.strip():
            workbench.add_note(event_id, note, actor)
    except TriageError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(event_url(event_id, "triage"))


@router.post("/events/{event_id}/exclude")
def post_exclude(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    claim: Annotated[str, Form(max_length=2_000)],
    reason: Annotated[str, Form(max_length=10_000)] = "",
) -> RedirectResponse:
    event_id = live_event(db, event_id)
    if not reason.strip():
        raise HTTPException(400, detail="say why the figure is excluded")
    try:
        db.workbench().exclude_claim(event_id, claim, reason, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(event_url(event_id, "claim-" + slug(claim)))


@router.post("/events/{event_id}/restore")
def post_restore(
    db: DatabaseDep, who: AnalystDep, event_id: str, claim: Annotated[str, Form(max_length=2_000)]
) -> RedirectResponse:
    event_id = live_event(db, event_id)
    db.workbench().include_claim(event_id, claim, who.user.username)
    return back(event_url(event_id, "claim-" + slug(claim)))


@router.post("/events/{event_id}/move")
def post_move(
    db: DatabaseDep,
    who: AnalystDep,
    event_id: str,
    document: Annotated[str, Form(max_length=2_000)],
    to_event: Annotated[str, Form(max_length=200)],
) -> RedirectResponse:
    event_id = live_event(db, event_id)
    target = live_event(db, to_event.strip())
    try:
        db.workbench().move_document(document, event_id, target, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(event_url(event_id, "documents"))


@router.post("/events/{event_id}/merge")
def post_merge(
    db: DatabaseDep, who: AnalystDep, event_id: str, into: Annotated[str, Form(max_length=200)]
) -> RedirectResponse:
    event_id = live_event(db, event_id)
    target = live_event(db, into.strip())
    try:
        kept = db.workbench().merge_events(event_id, target, who.user.username)
    except CorrectionError as exc:
        raise HTTPException(400, detail=str(exc)) from exc
    return back(event_url(kept))


# --------------------------------------------------------------------------- documents, search


@router.get("/documents/{document_id:path}", response_class=HTMLResponse)
def document_page(request: Request, db: DatabaseDep, document_id: str) -> HTMLResponse:
    found = db.workbench().document(document_id)
    if found is None:
        raise HTTPException(404, detail="no such document")
    return render(request, "document.html", body=page_document_body(found))


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
        number=page,
        pages=max(1, -(-total // per_page)),
        page_query=lambda n: urlencode({"q": q, "page": n}),
        export=urlencode({"q": q}),
        count_cap=COUNT_CAP,
        rank_limit=RANK_LIMIT,
    )


# --------------------------------------------------------------------------- map, audit


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, db: DatabaseDep, filters: FiltersDep) -> HTMLResponse:
    signals = db.workbench().signals(filters.query.page(MAP_EVENTS, 0))
    svg, unplaced = event_map(signals.items)
    return render(
        request,
        "map.html",
        svg=svg,
        signals=signals,
        unplaced=unplaced,
        query=filter_query(request, page=None),
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
    filters = {k: v for k, v in {"event": event, "actor": actor}.items() if v}
    return render(
        request,
        "audit.html",
        rows=rows,
        event=event,
        actor=actor,
        number=page,
        pages=max(1, -(-total // per_page)),
        page_query=lambda n: urlencode({**filters, "page": n}),
        export=urlencode(filters),
    )
