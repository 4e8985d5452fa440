"""What the workbench needs from the event query layer: the seam, and its models.

:class:`EventSource` is all the web app asks of events; :class:`episignal.serve.legacy.
StoreEventSource` provides it over today's store (the materialised ``events`` table plus
the workbench's triage and correction tables). A persistent event store with its own query
layer replaces that adapter without touching routes or templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from math import ceil
from typing import Any, Generic, Literal, Protocol, TypeVar

from episignal.store.triage import Status, Triage

T = TypeVar("T")
Sort = Literal[
    "-score", "score", "-last_seen", "last_seen", "-first_seen", "first_seen", "disease", "country"
]
SORTS: tuple[Sort, ...] = (
    "-score",
    "score",
    "-last_seen",
    "last_seen",
    "-first_seen",
    "first_seen",
    "disease",
    "country",
)
Marker = Literal["new", "changed"]
MAX_PER_PAGE = 500


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Filters, order and page of an event list (every field optional)."""

    disease: str | None = None  # name or ICD-10 code, case-insensitive
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    since: date | None = None  # last report on or after
    until: date | None = None  # first report on or before
    status: Status | None = None
    assignee: str | None = None
    tag: str | None = None
    flag: str | None = None  # a plausibility flag kind
    min_score: float | None = None
    text: str | None = None  # words in the disease, place or reason
    marker: Marker | None = None  # only events new / changed since ``seen_since``
    seen_since: str | None = None  # ISO timestamp: the viewer's previous visit
    sort: Sort = "-score"
    page: int = 1
    per_page: int = 50

    def at_page(self, page: int) -> EventFilter:
        return replace(self, page=page)


@dataclass(frozen=True, slots=True)
class EventRow:
    """One line of the signal board / of ``GET /api/v1/events``."""

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
    flags: tuple[str, ...]
    documents: int
    status: Status = "new"
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    created_at: str | None = None  # when the workbench first saw the event
    changed_at: str | None = None  # when its figures, flags or documents last changed
    marker: Marker | None = None  # relative to the viewer's previous visit


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: tuple[T, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))


@dataclass(frozen=True, slots=True)
class DocumentView:
    """A stored document with its extraction record (highlights) and the events citing it."""

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
    events: tuple[EventRow, ...] = field(default=())


class EventSource(Protocol):
    """The event query layer as the web app uses it."""

    def events(self, flt: EventFilter) -> Page[EventRow]:
        """Events matching ``flt``, sorted and paged (triage columns filled in)."""
        ...

    def event(self, event_id: str) -> dict[str, Any] | None:
        """The event record (JSON contract, corrections applied), or None if unknown
        (after a merge, ask :meth:`resolve` where it went)."""
        ...

    def resolve(self, event_id: str) -> str | None:
        """The id an event now lives under (after merges), or None if it is its own."""
        ...

    def rows(self, event_ids: Sequence[str]) -> list[EventRow]:
        """Board rows of these events, in the order given (unknown ids left out)."""
        ...

    def document(self, document_id: str) -> DocumentView | None: ...

    # Triage status and corrections (the event store's ``EventCorrections`` once wired);
    # each writes its audit-log row. Tags and notes stay in the workbench's TriageStore.

    def triage(self, event_id: str) -> Triage: ...

    def set_status(self, event_id: str, status: str, actor: str) -> bool: ...

    def set_assignee(self, event_id: str, assignee: str | None, actor: str) -> bool: ...

    def exclude_claim(self, event_id: str, claim_key: str, reason: str, actor: str) -> bool: ...

    def include_claim(self, event_id: str, claim_key: str, actor: str) -> bool: ...

    def move_document(
        self, document_id: str, from_event: str, to_event: str, actor: str
    ) -> None: ...

    def merge_events(self, event_id: str, into: str, actor: str) -> None:
        """Merge ``event_id`` into ``into`` (``event_id`` redirects there from now on)."""
        ...

    def refresh_marks(self) -> int:
        """Record which events are new or changed since the last call; how many were."""
        ...
