"""One query over events for every front end (CLI, export, report, web app, watcher).

An :class:`EventQuery` says which events (filters), in which order (``sort``) and which
slice (``limit``/``offset``). It is plain data, checked when built; a backend runs it in
SQL with indexes (see :mod:`episignal.store.eventdb`). :func:`parse_query` builds one from
strings (command-line options, URL parameters) with messages that name the bad value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Generic, TypeVar, cast

from episignal.models.signal import TRIAGE_STATUSES, TriageStatus

T = TypeVar("T")

# Sort keys; a leading "-" sorts descending. Ties are broken by event id (stable paging).
SORT_FIELDS = (
    "score",
    "last_seen",
    "first_seen",
    "cases",
    "deaths",
    "updated",
    "created",
    "disease",
    "country",
)
DEFAULT_SORT = "-score"
ANY_FLAG = "any"
MAX_LIMIT = 10_000


class QueryError(ValueError):
    """A filter, sort or page value that cannot be used; the message names it."""


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters (all optional, combined with AND; values within one filter with OR).

    * ``diseases``: canonical names (any case) or ICD-10 codes; a 3-character code also
      matches its subcodes (``A98`` matches ``A98.4``);
    * ``countries``: ISO 3166-1 alpha-2 codes; ``admin1``: an area with a series of its own;
    * ``since``/``until``: the event was reported on some day in the window
      (``last_seen >= since``, ``first_seen <= until``);
    * ``statuses``: triage statuses (an event never triaged is ``new``);
    * ``assignee``: assigned to this analyst (any case); ``tags``: carries one of these tags;
    * ``min_score``; ``flags``: plausibility flag kinds (``any`` = any flag);
    * ``language``: some document of the event is in this language (ISO 639-1);
    * ``text``: free text, every word must match (disease, place, reason, titles, quotes);
    * ``changed_since``: updated after this ISO timestamp ("changed since my last visit");
    * ``created_since``: first stored after this ISO timestamp ("new since my last visit");
    * ``ids``: these event ids only.
    """

    diseases: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    admin1: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    statuses: tuple[TriageStatus, ...] = ()
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    min_score: float | None = None
    flags: tuple[str, ...] = ()
    language: str | None = None
    text: str | None = None
    changed_since: str | None = None
    created_since: str | None = None
    ids: tuple[str, ...] = ()
    sort: str = DEFAULT_SORT
    limit: int | None = 50
    offset: int = 0

    def __post_init__(self) -> None:
        if self.sort.lstrip("-") not in SORT_FIELDS:
            raise QueryError(
                f"unknown sort {self.sort!r}; choose one of {', '.join(SORT_FIELDS)} "
                "(prefix - for descending)"
            )
        if self.limit is not None and not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(f"limit must be between 1 and {MAX_LIMIT}, got {self.limit}")
        if self.offset < 0:
            raise QueryError(f"offset must be 0 or more, got {self.offset}")
        bad = [s for s in self.statuses if s not in TRIAGE_STATUSES]
        if bad:
            raise QueryError(f"unknown status {bad[0]!r}; choose from {', '.join(TRIAGE_STATUSES)}")
        if self.since and self.until and self.since > self.until:
            raise QueryError(f"since ({self.since}) is after until ({self.until})")

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def sort_field(self) -> str:
        return self.sort.lstrip("-")

    def page(self, limit: int | None, offset: int = 0) -> EventQuery:
        """The same filters and order, another slice."""
        return replace(self, limit=limit, offset=offset)

    def all(self) -> EventQuery:
        """The same filters and order, every match."""
        return replace(self, limit=None, offset=0)


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A slice of a query's results; ``total`` counts every match."""

    items: tuple[T, ...]
    total: int
    offset: int = 0
    limit: int | None = None

    @property
    def has_more(self) -> bool:
        return self.offset + len(self.items) < self.total


def _strings(value: str | Iterable[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else list(value)
    return tuple(p.strip() for item in items for p in item.split(",") if p.strip())


def _date(name: str, value: str | Iterable[str] | None) -> dt.date | None:
    text = _one(value)
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise QueryError(f"{name} must be a date YYYY-MM-DD, got {text!r}") from exc


def _one(value: str | Iterable[str] | None) -> str | None:
    items = _strings(value) if not isinstance(value, str) else (value.strip(),)
    return items[-1] if items and items[-1] else None


def _number(
    name: str, value: str | Iterable[str] | None, kind: type[int] | type[float]
) -> float | None:
    text = _one(value)
    if text is None:
        return None
    try:
        return kind(text)
    except ValueError as exc:
        raise QueryError(f"{name} must be a number, got {text!r}") from exc


def parse_query(params: Mapping[str, str | Iterable[str] | None]) -> EventQuery:
    """An EventQuery from string values (names as the fields; lists as repeats or commas).

    Unknown names are ignored (a URL may carry other parameters); bad values raise
    :class:`QueryError`.
    """
    limit = _number("limit", params.get("limit"), int)
    offset = _number("offset", params.get("offset"), int)
    min_score = _number("min_score", params.get("min_score"), float)
    return EventQuery(
        diseases=_strings(params.get("diseases", params.get("disease"))),
        countries=tuple(
            c.upper() for c in _strings(params.get("countries", params.get("country")))
        ),
        admin1=_one(params.get("admin1")),
        since=_date("since", params.get("since")),
        until=_date("until", params.get("until")),
        statuses=cast(
            tuple[TriageStatus, ...],
            tuple(s.lower() for s in _strings(params.get("statuses", params.get("status")))),
        ),
        assignee=_one(params.get("assignee")),
        tags=tuple(t.lower() for t in _strings(params.get("tags", params.get("tag")))),
        min_score=min_score,
        flags=_strings(params.get("flags", params.get("flag"))),
        language=_one(params.get("language")),
        text=_one(params.get("text", params.get("q"))),
        changed_since=_one(params.get("changed_since")),
        created_since=_one(params.get("created_since")),
        ids=_strings(params.get("ids", params.get("id"))),
        sort=_one(params.get("sort")) or DEFAULT_SORT,
        limit=int(limit) if limit is not None else 50,
        offset=int(offset) if offset is not None else 0,
    )
