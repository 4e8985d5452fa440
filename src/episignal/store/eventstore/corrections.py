"""SQL of analysts' corrections (``EventCorrections``) and of triage state.

A correction is recorded (``event_corrections``), its effect stored where the update reads
it (``event_moves``, ``event_segments``/``event_members``, ``claim_exclusions``) and the
keys it touches marked changed; the next ``refresh_events`` applies it. Corrections name
events by any id they ever had (redirects are followed).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from episignal.models.corrections import Correction, CorrectionError, CorrectionKind
from episignal.models.delta import Delta, EventMerged
from episignal.models.event import Event
from episignal.models.signal import TRIAGE_STATUSES, Triage, TriageStatus


class CorrectionsSQL:
    """The corrections half of the SQLite event store (mixed into SQLiteEventStore)."""

    conn: sqlite3.Connection
    clock: Callable[[], str]

    def resolve(self, event_id: str) -> str | None:
        raise NotImplementedError

    def event(self, event_id: str) -> Event | None:
        raise NotImplementedError

    def retire(self, event_id: str, target: str | None, reason: str, by: str | None) -> None:
        raise NotImplementedError

    def log_deltas(self, deltas: list[Delta]) -> None:
        raise NotImplementedError

    def _write(self) -> Any:
        raise NotImplementedError

    def _live(self, event_id: str) -> str:
        live = self.resolve(event_id)
        if live is None:
            raise CorrectionError(f"no event {event_id!r} (it never existed or was removed)")
        return live

    def _mark_event(self, event_id: str) -> None:
        self.conn.execute(
            "INSERT INTO event_dirty (disease_key, country) "
            "SELECT DISTINCT disease_key, country FROM event_members WHERE event_id = ?",
            (event_id,),
        )

    def _record(
        self,
        kind: CorrectionKind,
        event: str,
        *,
        by: str | None,
        note: str | None = None,
        other: str | None = None,
        document: str | None = None,
        claim: str | None = None,
    ) -> Correction:
        correction = Correction(kind, event, self.clock(), by, note, other, document, claim)
        self.conn.execute(
            "INSERT INTO event_corrections (kind, event_id, other, document_id, claim_key, by, "
            "note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                correction.kind,
                correction.event,
                correction.other,
                correction.document,
                correction.claim,
                correction.by,
                correction.note,
                correction.at,
            ),
        )
        return correction

    # ----------------------------------------------------------------------- corrections

    def move_document(
        self,
        document_id: str,
        from_event: str,
        to_event: str,
        *,
        by: str | None = None,
        note: str | None = None,
    ) -> Correction:
        """Move a document's reports and figures from one event to another, for good."""
        with self._write():
            source, target = self._live(from_event), self._live(to_event)
            if source == target:
                raise CorrectionError(f"{document_id!r} is already in event {target}")
            keys = self.conn.execute(
                "SELECT disease_key, country FROM event_members WHERE event_id = ? "
                "AND document_id = ?",
                (source, document_id),
            ).fetchall()
            if not keys:
                raise CorrectionError(f"document {document_id!r} is not in event {source}")
            stamp = self.clock()
            self.conn.executemany(
                "INSERT INTO event_moves (document_id, disease_key, country, to_event, by, note, at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (document_id, disease_key, country) "
                "DO UPDATE SET to_event = excluded.to_event, by = excluded.by, "
                "note = excluded.note, at = excluded.at",
                [(document_id, k, c, target, by, note, stamp) for k, c in keys],
            )
            self.conn.executemany(
                "INSERT INTO event_dirty (disease_key, country) VALUES (?, ?)", keys
            )
            self._mark_event(target)
            return self._record(
                "move_document", target, other=source, document=document_id, by=by, note=note
            )

    def merge_events(
        self, into: str, other: str, *, by: str | None = None, note: str | None = None
    ) -> Correction:
        """Merge ``other`` into ``into``: its reports join, its id redirects for good."""
        with self._write():
            target, merged = self._live(into), self._live(other)
            if target == merged:
                raise CorrectionError(f"{into!r} and {other!r} are the same event")
            self._mark_event(merged)
            self._mark_event(target)
            for sql in (
                "UPDATE event_segments SET event_id = ? WHERE event_id = ?",
                "UPDATE event_members SET event_id = ? WHERE event_id = ?",
            ):
                self.conn.execute(sql, (target, merged))
            self.retire(merged, target, "merged by an analyst", by)
            self.log_deltas([EventMerged(target, merged, by)])
            return self._record("merge_events", target, other=merged, by=by, note=note)

    def exclude_claim(
        self, event_id: str, claim_key: str, *, reason: str, by: str | None = None
    ) -> Correction:
        """Keep a claim out of its series (shown struck through, with ``reason``)."""
        if not reason.strip():
            raise CorrectionError("an exclusion needs a reason")
        with self._write():
            live = self._live(event_id)
            document = self._claim_document(live, claim_key)
            self.conn.execute(
                "INSERT INTO claim_exclusions (claim_key, document_id, event_id, reason, by, at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (claim_key) DO UPDATE SET "
                "reason = excluded.reason, by = excluded.by, at = excluded.at",
                (claim_key, document, live, reason.strip(), by, self.clock()),
            )
            self._mark_event(live)
            return self._record(
                "exclude_claim", live, document=document, claim=claim_key, by=by, note=reason
            )

    def include_claim(self, event_id: str, claim_key: str, *, by: str | None = None) -> Correction:
        """Undo an exclusion."""
        with self._write():
            live = self._live(event_id)
            found = self.conn.execute(
                "DELETE FROM claim_exclusions WHERE claim_key = ? RETURNING document_id",
                (claim_key,),
            ).fetchone()
            if found is None:
                raise CorrectionError(f"claim {claim_key!r} is not excluded")
            self._mark_event(live)
            return self._record("include_claim", live, document=found[0], claim=claim_key, by=by)

    def _claim_document(self, event_id: str, claim_key: str) -> str:
        event = self.event(event_id)
        if event is not None:
            for _, _, claim in event.claims():
                if claim.key == claim_key:
                    return claim.document
        raise CorrectionError(f"event {event_id} has no claim {claim_key!r}")

    # ----------------------------------------------------------------------- triage

    def triage(self, event_id: str) -> Triage:
        """The triage of this id (a merged id keeps its own), else of the event it became."""
        own = self._own_triage(event_id)
        if own.updated_at is not None:
            return own
        live = self.resolve(event_id)
        return self._own_triage(live) if live not in (None, event_id) else own

    def set_triage(
        self,
        event_id: str,
        *,
        status: TriageStatus | None = None,
        assignee: str | None = None,
        by: str | None = None,
    ) -> tuple[Triage, Triage]:
        if status is not None and status not in TRIAGE_STATUSES:
            raise CorrectionError(
                f"unknown status {status!r}; choose from {', '.join(TRIAGE_STATUSES)}"
            )
        with self._write():
            live = self._live(event_id)
            before = self._own_triage(live)
            after = Triage(
                status=status or before.status,
                assignee=(assignee or None) if assignee is not None else before.assignee,
                updated_at=self.clock(),
                updated_by=by,
                tags=before.tags,
            )
            self.conn.execute(
                "INSERT INTO event_triage (event_id, status, assignee, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (event_id) DO UPDATE SET "
                "status = excluded.status, assignee = excluded.assignee, "
                "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                (live, after.status, after.assignee, after.updated_at, after.updated_by),
            )
            return before, after

    def _own_triage(self, event_id: str) -> Triage:
        row = self.conn.execute(
            "SELECT status, assignee, updated_at, updated_by FROM event_triage WHERE event_id = ?",
            (event_id,),
        ).fetchone()
        # Tags are the workbench's (migration 6), keyed on event ids like the rest.
        tags = tuple(
            str(r[0])
            for r in self.conn.execute(
                "SELECT tag FROM triage_tags WHERE event_id = ? ORDER BY tag", (event_id,)
            )
        )
        if row is None:
            return Triage(tags=tags)
        return Triage(row[0], row[1], row[2], row[3], tags)
