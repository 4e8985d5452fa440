"""The watcher's seams over the rest of episignal: the shared :class:`Pipeline` (as
``scan`` uses it) and the event store's logged deltas.

* :class:`PipelineSink` cleans, extracts and prepares items with the one
  :class:`~episignal.pipeline.Pipeline` and stores each with its
  :class:`~episignal.pipeline.OutcomeWriter` (dedup in the database, one transaction each).
* :class:`StoreDeltas` brings events up to date with ``refresh_events`` and reads the
  event store's delta log from a cursor kept in ``watch_cursor``; the cursor moves in the
  transaction that stores the alerts (see :mod:`episignal.watch.loop`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from episignal.document import RawItem
from episignal.events import refresh_events
from episignal.pipeline import (
    Failure,
    Outcome,
    OutcomeWriter,
    Pipeline,
    PipelineSettings,
    Task,
)
from episignal.store import Store
from episignal.store.records import raw_hash
from episignal.store.watch_alerts import get_cursor, set_cursor
from episignal.watch.clock import Clock, system_clock
from episignal.watch.deltas import alert_deltas
from episignal.watch.seams import EventDelta, Processed

log = logging.getLogger(__name__)

CURSOR = "alerts"  # the name of the watcher's cursor over the delta log
DELTA_PAGE = 1000  # deltas read and turned into alerts per transaction


# --------------------------------------------------------------------------- ItemSink


class PipelineSink:
    """Items through the shared pipeline (``workers`` processes, or in-process for 1), each
    stored by the pipeline's writer: exact and near duplicates, unchanged rescans."""

    def __init__(
        self, store: Store, *, workers: int = 1, settings: PipelineSettings | None = None
    ) -> None:
        self.writer = OutcomeWriter(store)
        self.pipeline = Pipeline(settings or PipelineSettings(), workers=workers)

    def process(self, items: Sequence[RawItem]) -> list[Processed]:
        results: dict[int, Processed] = {}
        todo: list[tuple[int, Task]] = []
        for n, item in enumerate(items):
            task = self._task(item)
            if task is None:
                results[n] = Processed(item.id, "unchanged")
            else:
                todo.append((n, task))
        outcomes = self.pipeline.process(task for _, task in todo)
        for (n, task), outcome in zip(todo, outcomes, strict=True):
            results[n] = self._store(task.item, outcome)
        return [results[n] for n in range(len(items))]

    def _task(self, item: RawItem) -> Task | None:
        """The item's task; None when the store holds it from the same bytes already."""
        if item.error is not None or item.skip_reason is not None:
            return Task(item)  # the pipeline turns it into a failure with its reason
        digest = raw_hash(item.content)
        return None if self.writer.is_unchanged(item.id, digest) else Task(item, digest)

    def _store(self, item: RawItem, outcome: Outcome) -> Processed:
        kind = self.writer.write(outcome)
        if isinstance(outcome, Failure):
            return Processed(item.id, outcome.status, outcome.reason)
        if kind == "failed":
            return Processed(item.id, "failed", "cannot store")
        if kind == "new" and outcome.rows is not None and not outcome.rows.relevant:
            return Processed(item.id, "irrelevant")
        return Processed(item.id, kind)

    def close(self) -> None:
        self.pipeline.close()


# --------------------------------------------------------------------------- EventUpdates


class StoreDeltas:
    """Event deltas from the event store's log, after the watcher's cursor.

    A first start takes the events already in the database as the baseline: the cursor
    starts at the end of the log, so a database scanned before watching does not alert on
    every old event.
    """

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or system_clock()
        self.more = False  # the last page was full: more deltas wait after it
        self._upto: int | None = None  # the last sequence number of the page in hand

    def start(self) -> int:
        if get_cursor(self.store.conn, CURSOR) is not None:
            return 0
        self.refresh()
        with self.store.transaction() as conn:
            set_cursor(conn, CURSOR, self.store.events.last_delta_seq(), self.clock())
        return self.store.events.count()

    def refresh(self) -> None:
        if self.store.events.pending():
            refresh_events(self.store.events)

    def pending(self) -> list[EventDelta]:
        """The alert deltas of the next page of the log (empty when it is all handled)."""
        after = get_cursor(self.store.conn, CURSOR) or 0
        logged = self.store.events.deltas(after=after, limit=DELTA_PAGE)
        self.more = len(logged) == DELTA_PAGE
        self._upto = logged[-1].seq if logged else None
        return alert_deltas(logged, self.store.events.event)

    def acknowledge(self, deltas: Sequence[EventDelta]) -> None:
        if self._upto is not None:
            set_cursor(self.store.conn, CURSOR, self._upto, self.clock())
            self._upto = None

    def backlog(self) -> int:
        """Deltas logged that the watcher has not handled yet."""
        after = get_cursor(self.store.conn, CURSOR) or 0
        return max(0, self.store.events.last_delta_seq() - after)
