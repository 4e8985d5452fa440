"""``episignal status``: sources, their last poll and failures, backlog, documents and
events per day, alerts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from episignal.store import Store
from episignal.store.watch_alerts import alert_counts, get_cursor
from episignal.store.watch_sources import SourceRow, list_sources, pending_items
from episignal.store.watch_status import documents_per_day, events_per_day
from episignal.watch.adapters import CURSOR


@dataclass(frozen=True, slots=True)
class SourceStatus:
    source: SourceRow
    backlog: int  # items seen but not processed yet (waiting for a retry)


@dataclass(frozen=True, slots=True)
class StatusReport:
    sources: tuple[SourceStatus, ...]
    documents: dict[str, int]  # by status
    events: int
    events_pending: bool  # documents arrived that the events table does not show yet
    deltas_pending: int  # event changes logged that the watcher has not alerted on yet
    documents_per_day: tuple[tuple[str, int], ...]
    events_per_day: tuple[tuple[str, int], ...]
    alerts: dict[str, int]  # by status

    @property
    def failing(self) -> tuple[SourceStatus, ...]:
        return tuple(s for s in self.sources if s.source.consecutive_failures)


def status_report(store: Store, days: int = 7) -> StatusReport:
    conn = store.conn
    backlog = pending_items(conn)
    documents = {
        str(r[0]): int(r[1])
        for r in conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status ORDER BY 1")
    }
    return StatusReport(
        sources=tuple(SourceStatus(s, backlog.get(s.id, 0)) for s in list_sources(conn)),
        documents=documents,
        events=store.count("events"),
        events_pending=store.events_dirty(),
        deltas_pending=deltas_not_handled(conn),
        documents_per_day=tuple(documents_per_day(conn, days)),
        events_per_day=tuple(events_per_day(conn, days)),
        alerts=alert_counts(conn),
    )


def deltas_not_handled(conn: sqlite3.Connection) -> int:
    """Event changes logged after the watcher's cursor (0 when it never ran: its first
    start takes what the database holds as the baseline)."""
    cursor = get_cursor(conn, CURSOR)
    if cursor is None:
        return 0
    row = conn.execute("SELECT count(*) FROM event_deltas WHERE seq > ?", (cursor,)).fetchone()
    return int(row[0])
