"""Views that join the store and the events package, for the CLI and the web app.

The events and report packages never read the store; this module wires them for the
front ends: a stored document's figure fates (``episignal explain``) and document pages
with their fates (the report's and the web app's document views).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Iterator
from dataclasses import replace

from episignal.errors import EpisignalError
from episignal.events import explain_document
from episignal.models.document_view import DocumentView
from episignal.models.event import Event
from episignal.models.explain import DocumentFates
from episignal.store import Store
from episignal.store.queries import document_facts, document_info

CACHED_EVENTS = 64  # documents of one event come together: keep its decoded record


class EventCache:
    """A small LRU of decoded events (a big event's record is costly to read twice)."""

    def __init__(self, store: Store, size: int = CACHED_EVENTS) -> None:
        self.store = store
        self.size = size
        self.events: OrderedDict[str, Event | None] = OrderedDict()

    def get(self, event_id: str) -> Event | None:
        if event_id in self.events:
            self.events.move_to_end(event_id)
            return self.events[event_id]
        event = self.store.events.event(event_id)
        self.events[event_id] = event
        if len(self.events) > self.size:
            self.events.popitem(last=False)
        return event


def document_fates(
    store: Store, document_id: str, cache: EventCache | None = None
) -> DocumentFates:
    """Where each figure of a stored document went, or why it went nowhere."""
    cache = cache or EventCache(store)
    views = list(store.iter_documents_with_extractions(ids={document_id}))
    info = document_info(store.conn, document_id)
    if not views or info is None:
        raise EpisignalError(f"no document {document_id!r} in {store.path}")
    view = views[0]
    found = [cache.get(i) for i in store.events.events_of_document(document_id)]
    facts = document_facts(store.conn, document_id)
    events = [e for e in found if e is not None]
    return explain_document(info, view.status, view.extraction, facts, events, reason=view.reason)


def document_views(store: Store, ids: Collection[str]) -> Iterator[DocumentView]:
    """Documents ``ids`` with text, extraction record and the fates of their figures."""
    cache = EventCache(store)
    for view in store.iter_documents_with_extractions(ids=ids):
        yield replace(view, fates=document_fates(store, view.id, cache))
