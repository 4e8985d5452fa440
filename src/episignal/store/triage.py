"""Triage and corrections of events, every change written with its audit-log row.

Statuses, assignees, tags and notes are keyed on event ids; corrections on claim keys
(``document:start-end:measure``) and document ids, never on fact row ids, so they survive
rescans and event rebuilds. Each method is one transaction: the change and its audit row
commit together or not at all.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal, cast

from episignal.errors import EpisignalError
from episignal.store.accounts import now_iso, write

Status = Literal["new", "monitoring", "verified", "discarded", "escalated"]
STATUSES: tuple[Status, ...] = ("new", "monitoring", "verified", "discarded", "escalated")
MAX_NOTE = 10_000
MAX_TAG = 40


class TriageError(EpisignalError):
    """A triage change or correction was refused (unknown status, merge into itself...)."""

    code = "E510"


@dataclass(frozen=True, slots=True)
class Triage:
    event_id: str
    status: Status
    assignee: str | None
    tags: tuple[str, ...]
    updated_at: str | None
    updated_by: str | None


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


@dataclass(frozen=True, slots=True)
class Exclusion:
    event_id: str
    claim_key: str
    reason: str
    author: str
    created_at: str


@dataclass(frozen=True, slots=True)
class DocumentMove:
    document_id: str
    from_event: str
    to_event: str
    author: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Corrections:
    """Every analyst correction, as the event read model applies them."""

    exclusions: tuple[Exclusion, ...]
    moves: tuple[DocumentMove, ...]
    merges: dict[str, str]  # merged event id -> the event it was merged into


def normalise_tags(tags: Collection[str]) -> tuple[str, ...]:
    cleaned = {" ".join(t.split())[:MAX_TAG].lower() for t in tags}
    return tuple(sorted(t for t in cleaned if t))


class TriageStore:
    """Triage, notes, corrections and the audit log in one episignal database."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # ------------------------------------------------------------------- reads

    def triage(self, event_id: str) -> Triage:
        return self.triage_of([event_id]).get(event_id) or Triage(
            event_id, "new", None, (), None, None
        )

    def triage_of(self, event_ids: Sequence[str]) -> dict[str, Triage]:
        """Triage of the events that have any (others are "new", unassigned, untagged)."""
        if not event_ids:
            return {}
        marks = ", ".join("?" * len(event_ids))
        tags: dict[str, list[str]] = {}
        for event_id, tag in self.conn.execute(
            f"SELECT event_id, tag FROM triage_tags WHERE event_id IN ({marks}) ORDER BY tag",
            list(event_ids),
        ):
            tags.setdefault(event_id, []).append(tag)
        found: dict[str, Triage] = {}
        rows = self.conn.execute(
            "SELECT event_id, status, assignee, updated_at, updated_by FROM interim_triage "
            f"WHERE event_id IN ({marks})",
            list(event_ids),
        )
        for event_id, status, assignee, at, by in rows:
            found[event_id] = Triage(
                event_id, cast(Status, status), assignee, tuple(tags.get(event_id, [])), at, by
            )
        for event_id in set(tags) - set(found):
            found[event_id] = Triage(event_id, "new", None, tuple(tags[event_id]), None, None)
        return found

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
        where, params = _audit_filters(event_id, actor)
        rows = self.conn.execute(
            "SELECT id, at, actor, event_id, action, old_value, new_value, detail FROM audit_log"
            f"{where} ORDER BY id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return [AuditEntry(*r) for r in rows]

    def audit_count(self, *, event_id: str | None = None, actor: str | None = None) -> int:
        where, params = _audit_filters(event_id, actor)
        return int(
            self.conn.execute(f"SELECT COUNT(*) FROM audit_log{where}", params).fetchone()[0]
        )

    def corrections(self) -> Corrections:
        exclusions = tuple(
            Exclusion(*r)
            for r in self.conn.execute(
                "SELECT event_id, claim_key, reason, author, created_at FROM interim_claim_exclusions"
            )
        )
        moves = tuple(
            DocumentMove(*r)
            for r in self.conn.execute(
                "SELECT document_id, from_event, to_event, author, created_at "
                "FROM interim_document_moves ORDER BY created_at"
            )
        )
        merges = dict(self.conn.execute("SELECT event_id, into_event FROM interim_event_merges"))
        return Corrections(exclusions, moves, merges)

    def merged_into(self, event_id: str) -> str | None:
        """Where ``event_id`` now lives after merges (following chains), or None."""
        seen = {event_id}
        target: str | None = None
        current = event_id
        while True:
            row = self.conn.execute(
                "SELECT into_event FROM interim_event_merges WHERE event_id = ?", (current,)
            ).fetchone()
            if row is None or row[0] in seen:
                return target
            target = current = str(row[0])
            seen.add(current)

    # ------------------------------------------------------------------- triage writes

    def set_status(self, event_id: str, status: str, actor: str) -> bool:
        if status not in STATUSES:
            raise TriageError(f"unknown status {status!r}", hint=f"one of {', '.join(STATUSES)}")
        return self._set_field(event_id, "status", status, actor)

    def set_assignee(self, event_id: str, assignee: str | None, actor: str) -> bool:
        value = (assignee or "").strip()[:64] or None
        return self._set_field(event_id, "assignee", value, actor)

    def set_tags(self, event_id: str, tags: Collection[str], actor: str) -> bool:
        new = normalise_tags(tags)
        with write(self.conn):
            old = tuple(
                r[0]
                for r in self.conn.execute(
                    "SELECT tag FROM triage_tags WHERE event_id = ? ORDER BY tag", (event_id,)
                )
            )
            if old == new:
                return False
            self.conn.execute("DELETE FROM triage_tags WHERE event_id = ?", (event_id,))
            self.conn.executemany(
                "INSERT INTO triage_tags (event_id, tag) VALUES (?, ?)",
                [(event_id, t) for t in new],
            )
            self._audit(actor, event_id, "tags", ", ".join(old) or None, ", ".join(new) or None)
        return True

    def add_note(self, event_id: str, body: str, actor: str) -> Note:
        text = body.strip()
        if not text:
            raise TriageError("empty note")
        if len(text) > MAX_NOTE:
            raise TriageError(f"note longer than {MAX_NOTE} characters")
        with write(self.conn):
            cursor = self.conn.execute(
                "INSERT INTO triage_notes (event_id, author, body) VALUES (?, ?, ?)",
                (event_id, actor, text),
            )
            self._audit(actor, event_id, "note", None, text)
        note_id = int(cursor.lastrowid or 0)
        return next(n for n in self.notes(event_id) if n.id == note_id)

    def _set_field(
        self, event_id: str, field: Literal["status", "assignee"], value: str | None, actor: str
    ) -> bool:
        with write(self.conn):
            row = self.conn.execute(
                f"SELECT {field} FROM interim_triage WHERE event_id = ?", (event_id,)
            ).fetchone()
            old = row[0] if row is not None else ("new" if field == "status" else None)
            if old == value:
                return False
            self.conn.execute(
                f"INSERT INTO interim_triage (event_id, {field}, updated_at, updated_by) "
                f"VALUES (?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET {field} = excluded.{field}, "
                "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (event_id, value, now_iso(), actor),
            )
            self._audit(actor, event_id, field, old, value)
        return True

    # ------------------------------------------------------------------- corrections

    def exclude_claim(self, event_id: str, claim_key: str, reason: str, actor: str) -> bool:
        why = reason.strip()
        if not why:
            raise TriageError("say why the claim is excluded")
        with write(self.conn):
            cursor = self.conn.execute(
                "INSERT OR IGNORE INTO interim_claim_exclusions (event_id, claim_key, reason, author) "
                "VALUES (?, ?, ?, ?)",
                (event_id, claim_key, why[:MAX_NOTE], actor),
            )
            if cursor.rowcount:
                self._audit(actor, event_id, "exclude_claim", claim_key, None, why)
        return cursor.rowcount > 0

    def restore_claim(self, event_id: str, claim_key: str, actor: str) -> bool:
        with write(self.conn):
            cursor = self.conn.execute(
                "DELETE FROM interim_claim_exclusions WHERE event_id = ? AND claim_key = ?",
                (event_id, claim_key),
            )
            if cursor.rowcount:
                self._audit(actor, event_id, "restore_claim", None, claim_key)
        return cursor.rowcount > 0

    def move_document(self, document_id: str, from_event: str, to_event: str, actor: str) -> None:
        if from_event == to_event:
            raise TriageError("a document cannot move to the event it is in")
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO interim_document_moves (document_id, from_event, to_event, author) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (document_id, from_event) DO UPDATE SET "
                "to_event = excluded.to_event, author = excluded.author, "
                "created_at = excluded.created_at",
                (document_id, from_event, to_event, actor),
            )
            detail = json.dumps({"document": document_id})
            self._audit(actor, from_event, "move_document", from_event, to_event, detail)
            self._audit(actor, to_event, "receive_document", from_event, to_event, detail)

    def merge_events(self, event_id: str, into_event: str, actor: str) -> None:
        """Merge ``event_id`` into ``into_event``: it redirects there from now on."""
        target = self.merged_into(into_event) or into_event
        if target == event_id:
            raise TriageError("an event cannot be merged into itself")
        with write(self.conn):
            self.conn.execute(
                "INSERT INTO interim_event_merges (event_id, into_event, author) VALUES (?, ?, ?) "
                "ON CONFLICT (event_id) DO UPDATE SET into_event = excluded.into_event, "
                "author = excluded.author, created_at = excluded.created_at",
                (event_id, target, actor),
            )
            self._audit(actor, event_id, "merge", event_id, target)
            self._audit(actor, target, "absorb", event_id, target)

    # ------------------------------------------------------------------- audit

    def _audit(
        self,
        actor: str,
        event_id: str | None,
        action: str,
        old: str | None,
        new: str | None,
        detail: str | None = None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (at, actor, event_id, action, old_value, new_value, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (now_iso(), actor, event_id, action, old, new, detail),
        )

    def record(self, actor: str, action: str, detail: str | None = None) -> None:
        """An audit row for an action that concerns no event (login, token created...)."""
        with write(self.conn):
            self._audit(actor, None, action, None, None, detail)


def _audit_filters(event_id: str | None, actor: str | None) -> tuple[str, list[str]]:
    clauses, params = [], []
    if event_id is not None:
        clauses.append("event_id = ?")
        params.append(event_id)
    if actor is not None:
        clauses.append("actor = ?")
        params.append(actor)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
