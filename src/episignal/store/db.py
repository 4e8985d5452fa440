"""The SQLite store: one file, WAL mode, one writer, any number of readers.

Connections run in autocommit mode and every write goes through :meth:`Store.transaction`
(``BEGIN IMMEDIATE`` ... ``COMMIT``), so each document is stored whole or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeVar

from episignal.document import RawItem
from episignal.errors import StoreError
from episignal.models.document_view import DocumentView
from episignal.store import connect, queries
from episignal.store.eventstore import SQLiteEventStore
from episignal.store.migrations import migrate, migrations_pending
from episignal.store.nearindex import StoredNearIndex
from episignal.store.records import PreparedDocument

T = TypeVar("T")
# ``non_english`` is the status of stores written before languages had profiles (issue 9):
# still read, no longer written.
CANONICAL_STATUSES = ("extracted", "irrelevant", "unsupported_language", "non_english")
# Statuses whose rows a rescan must process again: the input may have been fixed.
RETRY_STATUSES = frozenset({"failed", "skipped"})

DuplicateKind = Literal["exact", "near"]
UnprocessedStatus = Literal["failed", "skipped"]

_UPSERT_DOCUMENT = """
INSERT INTO documents (id, origin, url, title, source, published, language, status, reason,
                       text, raw_hash, content_hash, signature, guard, duplicate_of,
                       published_source, notes)
VALUES (:id, :origin, :url, :title, :source, :published, :language, :status, :reason,
        :text, :raw_hash, :content_hash, :signature, :guard, :duplicate_of,
        :published_source, :notes)
ON CONFLICT (id) DO UPDATE SET
    origin = excluded.origin, url = excluded.url, title = excluded.title,
    source = excluded.source, published = excluded.published, language = excluded.language,
    status = excluded.status, reason = excluded.reason, text = excluded.text,
    raw_hash = excluded.raw_hash, content_hash = excluded.content_hash,
    signature = excluded.signature, guard = excluded.guard,
    duplicate_of = excluded.duplicate_of, published_source = excluded.published_source,
    notes = excluded.notes,
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
"""
_INSERT_FACT = """
INSERT INTO facts (document_id, disease, icd10, variant, country, admin1, date, measure, status,
                   cumulative, species, value, low, high, approximate, source, span_start,
                   span_end, quote, scope, kind, area, condition, exclusion)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_REPORT = """
INSERT INTO reports (document_id, disease, icd10, country, date, span_start, span_end, quote)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
"""
_INSERT_RESPONSE = """
INSERT INTO responses (document_id, kind, disease, country, date, span_start, span_end, quote,
                       data)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


@dataclass(frozen=True, slots=True)
class StoredState:
    """What a rescan needs to know about a document id already in the store."""

    raw_hash: str | None
    status: str


class Store:
    """A connection to an episignal database. Use as a context manager::

    with Store.open(Path("episignal.db")) as store:
        page = store.events.signals(EventQuery(limit=20))
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, *, read_only: bool = False) -> None:
        self.conn = conn
        self.path = path
        self._events: SQLiteEventStore | None = None
        self.read_only = read_only
        self.lock_timeout = connect.LOCK_TIMEOUT_S

    # ----------------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, path: Path, *, lock_timeout: float | None = None) -> Store:
        """Open (creating and migrating as needed) the database at ``path``.

        A file we may not write is opened read-only (reading works, writing raises a
        :class:`StoreError` that says so); a locked file is waited for up to
        ``lock_timeout`` seconds (default :data:`connect.LOCK_TIMEOUT_S`), with a message.
        """
        conn, read_only = connect.connect(path)
        store = cls(conn, path, read_only=read_only)
        store.lock_timeout = connect.LOCK_TIMEOUT_S if lock_timeout is None else lock_timeout
        try:
            store._prepare()
        except sqlite3.Error as exc:
            conn.close()
            raise connect.explain(exc, path) from exc
        except BaseException:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        connect.check_owner(self.conn, self.path)
        if self.read_only:
            if migrations_pending(self.conn):
                raise StoreError(
                    f"{self.path} is read-only and needs a schema upgrade to be read",
                    hint="open it once with write permission",
                )
            return
        self._locked(lambda: _configure(self.conn))
        self._locked(lambda: migrate(self.conn))

    def _locked(self, action: Callable[[], T]) -> T:
        return connect.waiting_for_lock(self.conn, self.path, action, timeout=self.lock_timeout)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic unit of writing: everything inside commits together or not at all."""
        if self.read_only:
            raise connect.explain(sqlite3.OperationalError("readonly database"), self.path)
        try:
            self._locked(lambda: self.conn.execute("BEGIN IMMEDIATE"))
        except sqlite3.Error as exc:
            raise connect.explain(exc, self.path) from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # ----------------------------------------------------------------------- reads for the writer

    def stored_state(self, doc_id: str) -> StoredState | None:
        row = self.conn.execute(
            "SELECT raw_hash, status FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return None if row is None else StoredState(row[0], row[1])

    def canonical_with_hash(self, content_hash: str, *, exclude: str) -> str | None:
        """The canonical document whose clean text has ``content_hash`` (not ``exclude``)."""
        if not content_hash:
            return None
        row = self.conn.execute(
            "SELECT id FROM documents WHERE content_hash = ? AND duplicate_of IS NULL AND id != ?",
            (content_hash, exclude),
        ).fetchone()
        return None if row is None else str(row[0])

    def guard_of(self, doc_id: str) -> str | None:
        row = self.conn.execute(
            "SELECT guard FROM documents WHERE id = ? AND duplicate_of IS NULL", (doc_id,)
        ).fetchone()
        return None if row is None else row[0]

    @property
    def near_index(self) -> StoredNearIndex:
        """The near-duplicate index of this database (use inside :meth:`transaction`)."""
        return StoredNearIndex(self.conn)

    # ----------------------------------------------------------------------- writes

    def add_document(self, prepared: PreparedDocument) -> str:
        """Store one prepared document as canonical (no duplicate detection; see
        :class:`episignal.store.writer.DocumentWriter` for that). Returns its status."""
        try:
            with self.transaction():
                return self.put_canonical(prepared)
        except sqlite3.IntegrityError as exc:
            raise StoreError(
                f"cannot store document {prepared.document.id}: {exc}",
                hint="another canonical document has the same text; use DocumentWriter",
            ) from exc

    def put_canonical(self, p: PreparedDocument) -> str:
        """Write ``p`` as a canonical document with its extraction, facts and responses.

        Call inside :meth:`transaction`.
        """
        status = _canonical_status(p)
        self._clear_derived(p.document.id)
        self._upsert(p, status, duplicate_of=None)
        doc_id = p.document.id
        if p.extraction is not None:
            self.conn.execute(
                "INSERT INTO extractions (document_id, record) VALUES (?, ?)",
                (doc_id, p.extraction),
            )
        if p.facts:
            self.conn.executemany(_INSERT_FACT, [(doc_id, *row) for row in p.facts])
        if p.responses:
            self.conn.executemany(_INSERT_RESPONSE, [(doc_id, *row) for row in p.responses])
        if p.reports:
            self.conn.executemany(_INSERT_REPORT, [(doc_id, *row) for row in p.reports])
        if p.facts or p.responses or p.reports:
            self.mark_events_dirty(doc_id)
        return status

    def put_duplicate(
        self, p: PreparedDocument, canonical_id: str, kind: DuplicateKind, similarity: float
    ) -> str:
        """Write ``p`` as a copy of ``canonical_id``: its row and outlet, no facts.

        A near-duplicate keeps its extraction (its page may still be shown); an exact copy's
        extraction is its canonical's. Call inside :meth:`transaction`.
        """
        status = "duplicate" if kind == "exact" else "near_duplicate"
        self._clear_derived(p.document.id)
        self._upsert(p, status, duplicate_of=canonical_id)
        if kind == "near" and p.extraction is not None:
            self.conn.execute(
                "INSERT INTO extractions (document_id, record) VALUES (?, ?)",
                (p.document.id, p.extraction),
            )
        self.conn.execute(
            "INSERT INTO duplicates (document_id, canonical_id, kind, similarity) "
            "VALUES (?, ?, ?, ?)",
            (p.document.id, canonical_id, kind, similarity),
        )
        self.mark_events_dirty(canonical_id)  # the canonical gained an outlet
        return status

    def put_unprocessed(
        self, item: RawItem, status: UnprocessedStatus, reason: str, raw_hash: str | None = None
    ) -> None:
        """Record an item that could not be read or must not be processed, with why.

        A document stored whole by an earlier scan is kept: a page that fails to download
        today must not erase what was read from it yesterday.
        """
        with self.transaction():
            state = self.stored_state(item.id)
            if state is not None and state.status not in RETRY_STATUSES:
                return
            self.conn.execute(
                _UPSERT_DOCUMENT,
                {
                    "id": item.id,
                    "origin": item.origin,
                    "url": item.url,
                    "title": item.title,
                    "source": item.source,
                    "published": item.published.isoformat() if item.published else None,
                    "language": None,
                    "status": status,
                    "reason": reason,
                    "text": None,
                    "raw_hash": raw_hash,
                    "content_hash": None,
                    "signature": None,
                    "guard": None,
                    "duplicate_of": None,
                    "published_source": item.published_source if item.published else None,
                    "notes": "\n".join(item.notes) or None,
                },
            )

    def mark_events_dirty(self, doc_id: str) -> None:
        """The events this document reports to must be updated (see episignal.events.refresh)."""
        self.conn.execute("INSERT INTO event_dirty (document_id) VALUES (?)", (doc_id,))

    def events_dirty(self) -> bool:
        return self.events.pending() > 0

    def _clear_derived(self, doc_id: str) -> None:
        """Drop what an earlier version of this document produced (a changed rescan)."""
        if self.conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
            return  # a new document: nothing to drop (one lookup instead of five deletes)
        removed = 0
        for table in ("extractions", "facts", "responses", "reports", "duplicates", "near_bands"):
            cursor = self.conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
            removed += (
                cursor.rowcount if table in ("facts", "responses", "reports", "duplicates") else 0
            )
        if removed:
            self.mark_events_dirty(doc_id)  # events lose this document's facts or outlet

    def _upsert(self, p: PreparedDocument, status: str, *, duplicate_of: str | None) -> None:
        doc = p.document
        self.conn.execute(
            _UPSERT_DOCUMENT,
            {
                "id": doc.id,
                "origin": doc.origin,
                "url": doc.url,
                "title": doc.title,
                "source": doc.source,
                "published": doc.published.isoformat() if doc.published else None,
                "language": doc.language,
                "status": status,
                "reason": None,
                "text": doc.text,
                "raw_hash": p.raw_hash or None,
                "content_hash": doc.content_hash or None,
                "signature": p.signature,
                "guard": p.guard,
                "duplicate_of": duplicate_of,
                "published_source": doc.published_source,
                "notes": "\n".join(doc.notes) or None,
            },
        )

    # ----------------------------------------------------------------------- read models

    @property
    def events(self) -> SQLiteEventStore:
        """The event store on this connection: the query layer, corrections, triage, and
        what ``episignal.events.refresh_events`` updates."""
        if self._events is None:
            self._events = SQLiteEventStore(self.conn)
        return self._events

    def iter_documents_with_extractions(
        self, ids: Collection[str] | None = None
    ) -> Iterator[DocumentView]:
        """Documents with text and extraction record (only ``ids`` when given)."""
        return queries.iter_documents_with_extractions(self.conn, ids)

    def mark_all_events_dirty(self) -> None:
        """Have the next update rebuild every event (ids, triage and corrections are kept)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO event_dirty (document_id) SELECT id FROM documents "
                "WHERE duplicate_of IS NULL AND status = 'extracted'"
            )

    # ----------------------------------------------------------------------- counts

    def count(self, table: str, where: str = "") -> int:
        """Row count of a table (for summaries and tests); ``where`` is trusted SQL."""
        sql = f"SELECT COUNT(*) FROM {table}" + (f" WHERE {where}" if where else "")
        return int(self.conn.execute(sql).fetchone()[0])


def _canonical_status(p: PreparedDocument) -> str:
    if not p.supported:
        return "unsupported_language"
    return "extracted" if p.relevant else "irrelevant"


def _configure(conn: sqlite3.Connection) -> None:
    """WAL lets readers read while the writer writes; NORMAL sync is safe in WAL against
    process crashes (only a power loss can drop the last commits) and keeps commits cheap."""
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"cannot switch the database to WAL mode (got {mode})")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA temp_store=MEMORY")
    conn.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache
