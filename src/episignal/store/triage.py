"""The workbench's half of triage: tags, notes and the audit log.

Status and assignee live in the event store (``event_triage``, set through
``EventCorrections.set_triage``), as do analysts' corrections; the workbench writes an
audit row for each of them with :meth:`TriageStore.audit_change` inside the same
transaction. Tags and notes are keyed on event ids, which the event store never changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass

from episignal.errors import EpisignalError
from episignal.store.accounts import now_iso, write

MAX_NOTE = 10_000
MAX_TAG = 40
MAX_TAGS = 50
AUDIT_COLUMNS = ("id", "at", "actor", "event_id", "action", "old_value", "new_value", "detail")


class TriageError(EpisignalError):
    """A triage change was refused (empty note, too many tags...)."""

    code = "E510"


@dataclass(frozen=True, slots=True)
class Note:
    id: int
    event_id: str
    author: str
    body: str
    created_at: str


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    event_id: str | None
    action: str
    old_value: str | None
    new_value: str | None
    detail: str | None


def normalise_tags(tags: Collection[str]) -> tuple[str, ...]:
    """Lower case, single spaces, no commas (a tag list is written comma-separated)."""
    cleaned = {" ".join(t.replace(",", " ").split())[:MAX_TAG].lower() for t in tags}
    found = tuple(sorted(t for t in cleaned if t))
    if len(found) > MAX_TAGS:
        raise TriageError(f"at most {MAX_TAGS} tags per event")
    return found


class TriageStore:
    """Tags, notes and the audit log in one episignal database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------- reads

    def tags(self, event_id: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT tag FROM triage_tags WHERE event_id = ? ORDER BY tag", (event_id,)
        )
        return tuple(str(r[0]) for r in rows)

    def notes(self, event_id: str) -> list[Note]:
        rows = self.conn.execute(
            "SELECT id, event_id, author, body, created_at FROM triage_notes "
            "WHERE event_id = ? ORDER BY id",
            (event_id,),
        )
        return [Note(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def audit(
        self,
        *,
        event_id: str | None = None,
        actor: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AuditEntry]:
        """Audit rows newest first."""
        where, params = _audit_filters(event_id, actor)
        rows = self.conn.execute(
            f"SELECT {', '.join(AUDIT_COLUMNS)} FROM audit_log{where} "
            "ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [AuditEntry(*row) for row in rows]

    def audit_count(self, *, event_id: str | None = None, actor: str | None = None) -> int:
        where, params = _audit_filters(event_id, actor)
        return int(
            self.conn.execute(f"SELECT COUNT(*) FROM audit_log{where}", params).fetchone()[0]
        )

    # ------------------------------------------------------------------- writes

    def set_tags(self, event_id: str, tags: Collection[str], actor: str) -> bool:
        new = normalise_tags(tags)
        with write(self.conn):
            old = self.tags(event_id)
            if old == new:
                return False
            self.conn.execute("DELETE FROM triage_tags WHERE event_id = ?", (event_id,))
            self.conn.executemany(
                "INSERT INTO triage_tags (event_id, tag) VALUES (?, ?)",
                [(event_id, t) for t in new],
            )
            self.audit_change(
                actor, event_id, "tags", ", ".join(old) or None, ", ".join(new) or None
            )
        return True

    def add_note(self, event_id: str, body: str, actor: str) -> Note:
        text = body.strip()
        if not text:
            raise TriageError("empty note")
        if len(text) > MAX_NOTE:
            raise TriageError(f"note longer than {MAX_NOTE} characters")
        with write(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO triage_notes (event_id, author, body, created_at) "
                "VALUES (?, ?, ?, ?) RETURNING id, created_at",
                (event_id, actor, text, now_iso()),
            )
            note_id, created = cursor.fetchone()
            self.audit_change(actor, event_id, "note", None, text)
        return Note(int(note_id), event_id, actor, text, str(created))

    def audit_change(
        self,
        actor: str,
        event_id: str | None,
        action: str,
        old: str | None,
        new: str | None,
        detail: str | None = None,
    ) -> None:
        """One audit row; call inside the transaction of the change it records."""
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, event_id, action, old_value, new_value, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), actor, event_id, action, old, new, detail),
        )

    def record(self, actor: str, action: str, detail: str | None = None) -> None:
        """An audit row for an action that concerns no event (login, token created...)."""
        with write(self.conn):
            self.audit_change(actor, None, action, None, None, detail)


def _audit_filters(event_id: str | None, actor: str | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    if event_id is not None:
        clauses.append("event_id = ?")
        params.append(event_id)
    if actor is not None:
        clauses.append("actor = ?")
        params.append(actor)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
