"""The workbench's one adapter over the event store.

Reads go through the event store's query layer (:class:`~episignal.models.backend.
EventReader`); status, assignee and corrections through its :class:`~episignal.models.
backend.EventCorrections`, each with its audit-log row in the same transaction; tags and
notes through :class:`~episignal.store.triage.TriageStore`. A correction is applied (the
incremental update, :func:`~episignal.events.refresh_events`) before the call returns, so
the page the analyst is sent back to shows it.

Argument order follows the workbench's wording: ``merge_events(event_id, into)`` merges
``event_id`` into ``into`` (the event store's ``merge_events(into, other)`` is the reverse).
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, replace
from typing import Protocol

from episignal.errors import EpisignalError
from episignal.events import refresh_events
from episignal.models import (
    Claim,
    CorrectionError,
    DocumentView,
    Event,
    EventQuery,
    Page,
    Signal,
    Triage,
    TriageStatus,
)
from episignal.models.backend import EventCorrections, EventReader, EventUpdateBackend
from episignal.serve.cache import EventCaches
from episignal.store import Store
from episignal.store.triage import AuditEntry, Note, TriageStore
from episignal.views import EventCache, document_fates

DISEASES_TTL_S = 30.0


class EventBackend(EventReader, EventCorrections, EventUpdateBackend, Protocol):
    """What the workbench needs of an event store: the query layer, corrections and the
    incremental update (``SQLiteEventStore``; a PostgreSQL store implements the same)."""


@dataclass(frozen=True, slots=True)
class DocumentPage:
    """A stored document with its figures' fates and the events that cite it."""

    view: DocumentView
    events: tuple[Event, ...]


class Workbench:
    """Event queries, triage and corrections for one request thread (one connection)."""

    def __init__(self, store: Store, caches: EventCaches | None = None) -> None:
        self.store = store
        self.caches = caches or EventCaches()
        self.events: EventBackend = store.events
        self.ledger = TriageStore(store.conn)
        self._diseases: tuple[float, list[str]] | None = None

    # ------------------------------------------------------------------- reads

    def signals(self, query: EventQuery) -> Page[Signal]:
        return self.events.signals(query)

    def diseases(self) -> list[str]:
        """Disease names for the board's filter menu (re-read at most every DISEASES_TTL_S)."""
        now = time.monotonic()
        if self._diseases is None or now - self._diseases[0] > DISEASES_TTL_S:
            self._diseases = (now, self.store.events.diseases())
        return self._diseases[1]

    def event(self, event_id: str) -> Event | None:
        """The event under this very id (None when unknown or merged away: see resolve);
        decoded once per change of the event (the process's cache)."""
        stamp = self.events.stamp(event_id)
        if stamp is None:
            return None
        found = self.caches.events.get((event_id, stamp), lambda: self.events.event(event_id))
        return found if found is not None and found.id == event_id else None

    def resolve(self, event_id: str) -> str | None:
        """The live id ``event_id`` stands for (itself, or the event it was merged into)."""
        return self.events.resolve(event_id)

    def triage(self, event_id: str) -> Triage:
        return self.events.triage(event_id)

    def notes(self, event_id: str) -> list[Note]:
        return self.ledger.notes(event_id)

    def history(self, event_id: str, limit: int = 200) -> list[AuditEntry]:
        return self.ledger.audit(event_id=event_id, limit=limit)

    def document(self, document_id: str) -> DocumentPage | None:
        found = list(self.store.iter_documents_with_extractions(ids={document_id}))
        if not found:
            return None
        view = found[0]
        cache = EventCache(self.store)
        with suppress(EpisignalError):  # a document without facts of its own: no fates
            view = replace(view, fates=document_fates(self.store, document_id, cache))
        cited = self.events.events_of_document(view.duplicate_of or view.id)
        events = tuple(e for e in (cache.get(i) for i in cited) if e is not None)
        return DocumentPage(view, events)

    # ------------------------------------------------------------------- triage

    def set_triage(
        self,
        event_id: str,
        actor: str,
        *,
        status: TriageStatus | None = None,
        assignee: str | None = None,
    ) -> bool:
        """Set status and/or assignee ("" unassigns); one audit row per field changed."""
        if assignee is not None:
            assignee = assignee.strip()[:64]
        current = self.events.triage(event_id)
        wanted_status = status or current.status
        wanted_assignee = current.assignee if assignee is None else (assignee or None)
        if (wanted_status, wanted_assignee) == (current.status, current.assignee):
            return False
        with self.events.transaction():
            before, after = self.events.set_triage(
                event_id, status=status, assignee=assignee, by=actor
            )
            if before.status != after.status:
                self.ledger.audit_change(actor, event_id, "status", before.status, after.status)
            if before.assignee != after.assignee:
                self.ledger.audit_change(
                    actor, event_id, "assignee", before.assignee, after.assignee
                )
        return True

    def set_tags(self, event_id: str, tags: Sequence[str], actor: str) -> bool:
        return self.ledger.set_tags(event_id, tags, actor)

    def add_note(self, event_id: str, body: str, actor: str) -> Note:
        return self.ledger.add_note(event_id, body, actor)

    # ------------------------------------------------------------------- corrections

    def claim(self, event_id: str, claim_key: str) -> Claim | None:
        event = self.event(event_id)
        if event is None:
            return None
        return next((c for _, _, c in event.claims() if c.key == claim_key), None)

    def exclude_claim(self, event_id: str, claim_key: str, reason: str, actor: str) -> bool:
        """Keep a claim out of its series; False when it already is, for that reason."""
        claim = self.claim(event_id, claim_key)
        if claim is None:
            raise CorrectionError(f"event {event_id} has no claim {claim_key!r}")
        why = reason.strip()
        if claim.excluded is not None and claim.excluded.reason == why:
            return False
        with self.events.transaction():
            self.events.exclude_claim(event_id, claim_key, reason=why, by=actor)
            self.ledger.audit_change(actor, event_id, "exclude_claim", None, claim_key, why)
        self.apply()
        return True

    def include_claim(self, event_id: str, claim_key: str, actor: str) -> bool:
        """Count an excluded claim again; False when it was not excluded."""
        with self.events.transaction():
            try:
                self.events.include_claim(event_id, claim_key, by=actor)
            except CorrectionError:
                return False
            self.ledger.audit_change(actor, event_id, "include_claim", claim_key, None)
        self.apply()
        return True

    def move_document(self, document_id: str, from_event: str, to_event: str, actor: str) -> None:
        with self.events.transaction():
            done = self.events.move_document(document_id, from_event, to_event, by=actor)
            detail = json.dumps({"document": document_id})
            source, target = done.other or from_event, done.event
            self.ledger.audit_change(actor, source, "move_document", source, target, detail)
            self.ledger.audit_change(actor, target, "receive_document", source, target, detail)
        self.apply()

    def merge_events(self, event_id: str, into: str, actor: str) -> str:
        """Merge ``event_id`` into ``into``; returns the id of the event that stays."""
        with self.events.transaction():
            done = self.events.merge_events(into, event_id, by=actor)
            merged = done.other or event_id
            self.ledger.audit_change(actor, merged, "merge", merged, done.event)
            self.ledger.audit_change(actor, done.event, "absorb", merged, done.event)
        self.apply()
        return done.event

    def apply(self) -> None:
        """Bring events up to date with the corrections just recorded (and whatever a
        scan left pending: the update is incremental and safe to run from any process)."""
        refresh_events(self.events)
