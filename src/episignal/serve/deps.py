"""Request dependencies shared by pages and the API: who asks, with which role, and the
event query read from the query string (validated the same way everywhere).

Filters become one :class:`~episignal.models.EventQuery`, the query layer that the CLI,
exports and the report use too; the board's "new / changed since my last visit" is the
query's ``created_since`` / ``changed_since`` at the session's previous login.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Literal, cast

from fastapi import Depends, HTTPException, Query, Request

from episignal.models import EventQuery, QueryError, TriageStatus
from episignal.models.query import SORT_FIELDS
from episignal.serve.auth import Principal
from episignal.serve.db import Database

Marker = Literal["new", "changed"]
SORTS: tuple[str, ...] = tuple(
    s for field in SORT_FIELDS for s in (f"-{field}", field)
)  # "-score" (the board's default), "score", "-last_seen", ...
MAX_PER_PAGE = 500

# The dependencies below are ``async def`` although they never wait: FastAPI runs a plain
# ``def`` dependency in the thread pool, and each such hop queues for a request thread and
# for the GIL again (under load, tens of milliseconds per request for a few microseconds
# of work). They only read the request, so they run on the event loop.


async def database(request: Request) -> Database:
    return cast(Database, request.app.state.db)


async def principal(request: Request) -> Principal:
    found = getattr(request.state, "principal", None)
    if not isinstance(found, Principal):  # the middleware lets no anonymous request through
        raise HTTPException(status_code=401, detail="login required")
    return found


async def analyst(who: Annotated[Principal, Depends(principal)]) -> Principal:
    """Analysts and admins change triage and correct events; viewers only read."""
    if not who.can("analyst"):
        raise HTTPException(status_code=403, detail="your role (viewer) cannot change triage")
    return who


@dataclass(frozen=True, slots=True)
class Filters:
    """An event query as the board shows it: the query, its page number and size, the
    marker asked for and the viewer's previous visit."""

    query: EventQuery
    page: int
    per_page: int
    marker: Marker | None
    seen_since: str | None

    def at_page(self, page: int) -> EventQuery:
        return self.query.page(self.per_page, (page - 1) * self.per_page)


async def event_filters(
    who: Annotated[Principal, Depends(principal)],
    disease: Annotated[
        str | None, Query(max_length=200, description="Disease name or ICD-10 code")
    ] = None,
    country: Annotated[str | None, Query(max_length=2, description="ISO 3166-1 alpha-2")] = None,
    admin1: Annotated[
        str | None, Query(max_length=200, description="An area with a series of its own")
    ] = None,
    since: Annotated[date | None, Query(description="Last report on or after (YYYY-MM-DD)")] = None,
    until: Annotated[date | None, Query(description="First report on or before")] = None,
    status: Annotated[TriageStatus | None, Query(description="Triage status")] = None,
    assignee: Annotated[str | None, Query(max_length=64)] = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    flag: Annotated[
        str | None, Query(max_length=40, description="Plausibility flag kind, or 'any'")
    ] = None,
    language: Annotated[
        str | None, Query(max_length=8, description="Some document in this language")
    ] = None,
    min_score: Annotated[float | None, Query(ge=0, le=1_000)] = None,
    q: Annotated[
        str | None, Query(max_length=200, description="Words in disease, place, reason, quotes")
    ] = None,
    marker: Annotated[
        Marker | None, Query(description="Only new / changed since your previous visit")
    ] = None,
    sort: Annotated[str, Query(max_length=20, description="A sort key; '-' descends")] = "-score",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = 50,
) -> Filters:
    seen = who.session.since if who.session is not None else None
    try:
        query = EventQuery(
            diseases=(disease,) if disease else (),
            countries=(country.upper(),) if country else (),
            admin1=admin1 or None,
            since=since,
            until=until,
            statuses=(status,) if status else (),
            assignee=assignee or None,
            tags=(tag.strip().lower(),) if tag and tag.strip() else (),
            flags=(flag,) if flag else (),
            language=language.lower() if language else None,
            min_score=min_score,
            text=q or None,
            created_since=(seen or "") if marker == "new" else None,
            changed_since=(seen or "") if marker == "changed" else None,
            sort=sort,
            limit=per_page,
            offset=(page - 1) * per_page,
        )
    except QueryError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc
    return Filters(query, page, per_page, marker, seen)


def marker_of(created: str | None, updated: str | None, seen_since: str | None) -> Marker | None:
    """ "new" when stored after the viewer's previous visit (or on a first visit),
    "changed" when its content changed since; None otherwise."""
    if created is None:
        return None
    if seen_since is None or created > seen_since:
        return "new"
    return "changed" if updated is not None and updated > seen_since else None


PrincipalDep = Annotated[Principal, Depends(principal)]
AnalystDep = Annotated[Principal, Depends(analyst)]
FiltersDep = Annotated[Filters, Depends(event_filters)]
DatabaseDep = Annotated[Database, Depends(database)]
