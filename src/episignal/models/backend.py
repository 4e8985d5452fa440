"""The interfaces between the event store and its users.

* :class:`EventReader` — what every front end (CLI, export, report, web app, watcher)
  reads: the one query layer;
* :class:`EventCorrections` — analysts' corrections (the web app's triage);
* :class:`EventUpdateBackend` — what :func:`episignal.events.refresh.refresh_events`
  needs to update events incrementally.

:class:`episignal.store.eventdb.SQLiteEventStore` implements all three; a PostgreSQL
backend implements the same Protocols and nothing else changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Protocol

from episignal.models.corrections import Correction
from episignal.models.delta import Delta, LoggedDelta
from episignal.models.event import Event
from episignal.models.inputs import EventInputs, EventKey, KeyPlan, KeyState
from episignal.models.query import EventQuery, Page
from episignal.models.signal import Signal, Triage, TriageStatus


class EventReader(Protocol):
    def signals(self, query: EventQuery) -> Page[Signal]:
        """One page of summary rows (no series), filtered, sorted and counted in SQL."""
        ...

    def events(self, query: EventQuery) -> Iterator[Event]:
        """Full events in the query's order, read one at a time (memory stays flat)."""
        ...

    def event(self, event_id: str) -> Event | None:
        """The event, following redirects (a merged id gives the surviving event)."""
        ...

    def resolve(self, event_id: str) -> str | None:
        """The live id an id now stands for (itself, or where it redirects); None if gone."""
        ...

    def stamp(self, event_id: str) -> str | None:
        """Changes whenever the live event changes (content or score): a cache key."""
        ...

    def events_of_document(self, document_id: str) -> list[str]: ...

    def deltas(self, after: int = 0, limit: int = 1000) -> list[LoggedDelta]:
        """Logged deltas with ``seq > after``, oldest first."""
        ...

    def triage(self, event_id: str) -> Triage: ...


class EventCorrections(Protocol):
    """Each call records the correction, marks what it affects for the next update and
    returns the record; call ``refresh_events`` afterwards to apply it."""

    def move_document(
        self,
        document_id: str,
        from_event: str,
        to_event: str,
        *,
        by: str | None = None,
        note: str | None = None,
    ) -> Correction: ...

    def merge_events(
        self, into: str, other: str, *, by: str | None = None, note: str | None = None
    ) -> Correction: ...

    def exclude_claim(
        self, event_id: str, claim_key: str, *, reason: str, by: str | None = None
    ) -> Correction: ...

    def include_claim(
        self, event_id: str, claim_key: str, *, by: str | None = None
    ) -> Correction: ...

    def set_triage(
        self,
        event_id: str,
        *,
        status: TriageStatus | None = None,
        assignee: str | None = None,
        by: str | None = None,
    ) -> tuple[Triage, Triage]:
        """Set status and/or assignee (None leaves it, "" unassigns); returns (before, after)
        for the audit log."""
        ...


class EventUpdateBackend(Protocol):
    def transaction(self) -> AbstractContextManager[object]: ...

    def dirty(self) -> tuple[list[EventKey], int]:
        """Keys whose documents (or corrections) changed since the last update, and the
        mark up to which they were read (for :meth:`clear_dirty`)."""
        ...

    def key_state(self, key: EventKey) -> KeyState: ...

    def apply_plan(self, plan: KeyPlan) -> None: ...

    def is_empty(self, event_id: str) -> bool:
        """Whether no document belongs to the event any more (it is to be dropped)."""
        ...

    def event_inputs(self, event_id: str) -> EventInputs | None:
        """None when the event has no member document left."""
        ...

    def save_event(self, event: Event, base_score: float) -> bool:
        """Store the event (stamping version and times); True when its content changed."""
        ...

    def drop_event(self, event_id: str) -> Delta | None:
        """Remove an event without members: redirect it to the event that took most of
        its documents (an EventMerged) or retire it (an EventRemoved); None when it was
        never stored."""
        ...

    def log_deltas(self, deltas: Sequence[Delta]) -> None: ...

    def last_delta_seq(self) -> int:
        """The sequence number of the latest logged delta (0 when none)."""
        ...

    def clear_dirty(self, upto: int) -> None:
        """Forget the changes read by :meth:`dirty` (later ones stay for the next update)."""
        ...

    def latest_report_date(self) -> dt.date | None:
        """The latest report date of any event (not after tomorrow): "today" for scores."""
        ...

    def rescore(self, today: dt.date, recency: Callable[[dt.date], float]) -> None:
        """Score = base score x recency(last_seen) for every event, when ``today`` differs
        from the day the scores were last computed for."""
        ...
