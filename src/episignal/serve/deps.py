"""Request dependencies shared by pages and the API: who asks, with which role, and the
event filter read from the query string (validated the same way everywhere)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, cast

from fastapi import Depends, HTTPException, Query, Request

from episignal.serve.auth import Principal
from episignal.serve.db import Database
from episignal.serve.source import MAX_PER_PAGE, EventFilter, Marker, Sort
from episignal.store.triage import Status


def database(request: Request) -> Database:
    return cast(Database, request.app.state.db)


def principal(request: Request) -> Principal:
    found = getattr(request.state, "principal", None)
    if not isinstance(found, Principal):  # the middleware lets no anonymous request through
        raise HTTPException(status_code=401, detail="login required")
    return found


def analyst(who: Annotated[Principal, Depends(principal)]) -> Principal:
    """Analysts and admins change triage and correct events; viewers only read."""
    if not who.can("analyst"):
        raise HTTPException(status_code=403, detail="your role (viewer) cannot change triage")
    return who


def event_filter(
    who: Annotated[Principal, Depends(principal)],
    disease: Annotated[
        str | None, Query(max_length=200, description="Disease name or ICD-10 code")
    ] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    admin1: Annotated[str | None, Query(max_length=200, description="Admin-1 area name")] = None,
    since: Annotated[date | None, Query(description="Last report on or after (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="First report on or before")] = None,
    status: Annotated[Status | None, Query(description="Triage status")] = None,
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    flag: Annotated[str | None, Query(max_length=40, description="Plausibility flag kind")] = None,
    min_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in disease, place or reason")
    ] = None,
    marker: Annotated[
        Marker | None, Query(description="Only new / changed since your last visit")
    ] = None,
    sort: Annotated[Sort, Query()] = "-score",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> EventFilter:
    return EventFilter(
        disease=disease or None,
        country=country or None,
        admin1=admin1 or None,
        since=since,
        until=until,
        status=status,
        assignee=assignee or None,
        tag=tag or None,
        flag=flag or None,
        min_score=min_score,
        text=q or None,
        marker=marker,
        seen_since=who.session.since if who.session is not None else None,
        sort=sort,
        page=page,
        per_page=per_page,
    )


PrincipalDep = Annotated[Principal, Depends(principal)]
AnalystDep = Annotated[Principal, Depends(analyst)]
FilterDep = Annotated[EventFilter, Depends(event_filter)]
DatabaseDep = Annotated[Database, Depends(database)]
