"""The SQLite event store: persistent events behind the Protocols of
:mod:`episignal.models.backend` (reader, corrections, incremental update).

All event SQL lives in this package (``query``, ``update``, ``corrections``; the schema is
migration 4 in ``schema``); a PostgreSQL backend implements the same Protocols.

    with Store.open(path) as store:
        events = store.events                     # a SQLiteEventStore
        page = events.signals(EventQuery(countries=("KP",), limit=20))
        event = events.event(page.items[0].event)
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from episignal.models.codec import delta_from_json
from episignal.models.delta import LoggedDelta
from episignal.models.event import Event
from episignal.models.query import EventQuery, Page
from episignal.models.signal import Signal
from episignal.store.eventstore import query
from episignal.store.eventstore.corrections import CorrectionsSQL
from episignal.store.eventstore.rows import EVENT_SELECT, event_from_row, fact_columns
from episignal.store.eventstore.update import UpdateSQL, now

MAX_REDIRECTS = 50  # a longer chain would be a cycle


class SQLiteEventStore(UpdateSQL, CorrectionsSQL):
    """Implements EventReader, EventCorrections and EventUpdateBackend on one connection
    (autocommit mode; writes take ``BEGIN IMMEDIATE``)."""

    def __init__(self, conn: sqlite3.Connection, *, clock: Callable[[], str] = now) -> None:
        self.conn = conn
        self.clock = clock
        self.fact_extra = fact_columns(conn)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of writing; inside another transaction it joins that one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return self.transaction()

    # ----------------------------------------------------------------------- reader

    def signals(self, q: EventQuery) -> Page[Signal]:
        return query.signals(self.conn, q)

    def events(self, q: EventQuery) -> Iterator[Event]:
        return query.events(self.conn, q)

    def event(self, event_id: str) -> Event | None:
        live = self.resolve(event_id)
        if live is None:
            return None
        row = self.conn.execute(EVENT_SELECT + " WHERE e.id = ?", (live,)).fetchone()
        return event_from_row(row) if row is not None else None

    def stamp(self, event_id: str) -> str | None:
        """A value that changes whenever the live event ``event_id`` changes (its content
        or its score), for caches of what is built from it; None when it is not live."""
        row = self.conn.execute(
            "SELECT record_hash, score FROM events WHERE id = ?", (event_id,)
        ).fetchone()
        return f"{row[0]}:{row[1]}" if row is not None else None

    def resolve(self, event_id: str) -> str | None:
        current = event_id
        for _ in range(MAX_REDIRECTS):
            if self.conn.execute("SELECT 1 FROM events WHERE id = ?", (current,)).fetchone():
                return current
            row = self.conn.execute(
                "SELECT new_id FROM event_redirects WHERE old_id = ?", (current,)
            ).fetchone()
            if row is None or row[0] is None:
                return None
            current = str(row[0])
        return None

    def events_of_document(self, document_id: str) -> list[str]:
        rows = self.conn.execute(
            "SELECT event_id FROM event_documents WHERE document_id = ? ORDER BY event_id",
            (document_id,),
        )
        return [str(r[0]) for r in rows]

    def deltas(self, after: int = 0, limit: int = 1000) -> list[LoggedDelta]:
        rows = self.conn.execute(
            "SELECT seq, at, data FROM event_deltas WHERE seq > ? ORDER BY seq LIMIT ?",
            (after, limit),
        )
        return [LoggedDelta(int(s), str(at), delta_from_json(json.loads(d))) for s, at, d in rows]

    def diseases(self) -> list[str]:
        """The diseases of stored events, by name (the web app's filter menu)."""
        rows = self.conn.execute(
            "SELECT min(disease) FROM events GROUP BY disease_key ORDER BY disease_key"
        )
        return [str(r[0]) for r in rows]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM events").fetchone()[0])

    def pending(self) -> int:
        """How many changes wait for the next update (0: events are up to date)."""
        return int(self.conn.execute("SELECT count(*) FROM event_dirty").fetchone()[0])


__all__ = ["SQLiteEventStore"]
