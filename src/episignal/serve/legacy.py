""":class:`EventSource` over today's store: the materialised ``events`` table (records
rebuilt by ``Store.refresh_events``) plus the workbench's tables (triage, corrections and
``interim_event_marks``, the board's per-event summary and new/changed stamps).

Filters, order and paging run in SQL on indexed, small columns; the JSON records are read
only for the events shown.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any, cast

from episignal.serve.corrections import corrected_record, has_corrections
from episignal.serve.source import DocumentView, EventFilter, EventRow, Marker, Page
from episignal.store.accounts import now_iso, write
from episignal.store.triage import Corrections, Status, Triage, TriageStore

_ORDER = {
    "-score": "e.score DESC, e.last_seen DESC, e.id DESC",  # walks interim_events_score
    "score": "e.score ASC, e.last_seen ASC, e.id ASC",
    "-last_seen": "e.last_seen DESC, e.score DESC, e.id",
    "last_seen": "e.last_seen ASC, e.score DESC, e.id",
    "-first_seen": "e.first_seen DESC, e.score DESC, e.id",
    "first_seen": "e.first_seen ASC, e.score DESC, e.id",
    "disease": "e.disease COLLATE NOCASE, e.score DESC, e.id",
    "country": "e.country, e.admin1, e.score DESC, e.id",
}
_ROW_SQL = """
SELECT e.id, e.disease, e.icd10, e.country, e.admin1, e.first_seen, e.last_seen, e.score,
       m.reason, m.cases, m.deaths, m.flags, m.documents, coalesce(t.status, 'new'), t.assignee,
       m.created_at, m.changed_at
FROM events e
LEFT JOIN interim_event_marks m ON m.event_id = e.id
LEFT JOIN interim_triage t ON t.event_id = e.id
"""


def like_pattern(text: str) -> str:
    """``%text%`` for LIKE ... ESCAPE '\\', with the user's own wildcards made literal."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where_clause(flt: EventFilter) -> tuple[str, list[Any]]:
    """SQL conditions for ``flt`` (parameters only: no user text enters the SQL)."""
    clauses = ["e.id NOT IN (SELECT event_id FROM interim_event_merges)"]
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if flt.disease:
        add(
            "(e.disease = ? COLLATE NOCASE OR e.icd10 = ? COLLATE NOCASE)", flt.disease, flt.disease
        )
    if flt.country:
        add("e.country = ?", flt.country.upper())
    if flt.admin1:
        add("e.admin1 = ? COLLATE NOCASE", flt.admin1)
    if flt.since:
        add("e.last_seen >= ?", flt.since.isoformat())
    if flt.until:
        add("e.first_seen <= ?", flt.until.isoformat())
    if flt.status:
        add("coalesce(t.status, 'new') = ?", flt.status)
    if flt.assignee:
        add("t.assignee = ? COLLATE NOCASE", flt.assignee)
    if flt.tag:
        add(
            "EXISTS (SELECT 1 FROM triage_tags g WHERE g.event_id = e.id AND g.tag = ?)",
            flt.tag.strip().lower(),
        )
    if flt.flag:
        add("m.flags LIKE ? ESCAPE '\\'", like_pattern(f",{flt.flag},"))
    if flt.min_score is not None:
        add("e.score >= ?", flt.min_score)
    for word in (flt.text or "").split()[:8]:
        pattern = like_pattern(word)
        add(
            "(e.disease LIKE ? ESCAPE '\\' OR e.country LIKE ? ESCAPE '\\' "
            "OR e.admin1 LIKE ? ESCAPE '\\' OR m.reason LIKE ? ESCAPE '\\')",
            *[pattern] * 4,
        )
    if flt.marker == "new":
        add("m.created_at > ?", flt.seen_since or "")
    elif flt.marker == "changed":
        add("m.changed_at > ? AND m.created_at <= ?", flt.seen_since or "", flt.seen_since or "")
    return " WHERE " + " AND ".join(clauses), params


def marker_of(created: str | None, changed: str | None, seen_since: str | None) -> Marker | None:
    if created is None:
        return None
    if seen_since is None or created > seen_since:
        return "new"
    return "changed" if changed is not None and changed > seen_since else None


def summary(record: dict[str, Any]) -> tuple[Any, ...]:
    """(reason, cases, deaths, flags, documents) of a record, as ``interim_event_marks`` keeps them."""
    latest = record.get("latest") or {}
    kinds = sorted({str(f.get("kind")) for f in record.get("flags") or []})
    return (
        record.get("reason"),
        latest.get("cases"),
        latest.get("deaths"),
        "," + ",".join(kinds) + "," if kinds else "",
        len(record.get("documents") or []),
    )


class StoreEventSource:
    """The workbench's event queries over one SQLite connection (see the module doc)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.ledger = TriageStore(conn)
        self._corrections_seen = -1

    # ------------------------------------------------------------------- lists

    def events(self, flt: EventFilter) -> Page[EventRow]:
        where, params = where_clause(flt)
        total = int(
            self.conn.execute(
                "SELECT COUNT(*) FROM events e LEFT JOIN interim_event_marks m ON m.event_id = e.id "
                f"LEFT JOIN interim_triage t ON t.event_id = e.id{where}",
                params,
            ).fetchone()[0]
        )
        offset = (max(flt.page, 1) - 1) * flt.per_page
        rows = self.conn.execute(
            f"{_ROW_SQL}{where} ORDER BY {_ORDER[flt.sort]} LIMIT ? OFFSET ?",
            [*params, flt.per_page, offset],
        ).fetchall()
        return Page(tuple(self._rows(rows, flt.seen_since)), total, flt.page, flt.per_page)

    def rows(self, event_ids: Sequence[str], seen_since: str | None = None) -> list[EventRow]:
        if not event_ids:
            return []
        marks = ", ".join("?" * len(event_ids))
        found = self.conn.execute(f"{_ROW_SQL} WHERE e.id IN ({marks})", list(event_ids))
        by_id = {r.id: r for r in self._rows(found.fetchall(), seen_since)}
        return [by_id[i] for i in event_ids if i in by_id]

    def _rows(self, rows: Sequence[Sequence[Any]], seen_since: str | None) -> list[EventRow]:
        triage = self.ledger.triage_of([str(r[0]) for r in rows])
        out = []
        for r in rows:
            flags = tuple(f for f in str(r[11] or "").split(",") if f)
            tags = triage[r[0]].tags if r[0] in triage else ()
            out.append(
                EventRow(
                    id=str(r[0]),
                    disease=r[1],
                    icd10=r[2],
                    country=r[3],
                    admin1=r[4],
                    first_seen=r[5],
                    last_seen=r[6],
                    score=float(r[7] or 0.0),
                    reason=str(r[8] or ""),
                    cases=r[9],
                    deaths=r[10],
                    flags=flags,
                    documents=int(r[12] or 0),
                    status=cast(Status, r[13]),
                    assignee=r[14],
                    tags=tags,
                    created_at=r[15],
                    changed_at=r[16],
                    marker=marker_of(r[15], r[16], seen_since),
                )
            )
        return out

    # ------------------------------------------------------------------- one event

    def raw_record(self, event_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT record FROM events WHERE id = ?", (event_id,)).fetchone()
        return None if row is None else cast(dict[str, Any], json.loads(row[0]))

    def event(self, event_id: str) -> dict[str, Any] | None:
        if self.ledger.merged_into(event_id) is not None:
            return None
        return corrected_record(event_id, self.raw_record, self.ledger.corrections())

    def resolve(self, event_id: str) -> str | None:
        return self.ledger.merged_into(event_id)

    # ------------------------------------------------------------------- triage, corrections

    def triage(self, event_id: str) -> Triage:
        return self.ledger.triage(event_id)

    def set_status(self, event_id: str, status: str, actor: str) -> bool:
        return self.ledger.set_status(event_id, status, actor)

    def set_assignee(self, event_id: str, assignee: str | None, actor: str) -> bool:
        return self.ledger.set_assignee(event_id, assignee, actor)

    def exclude_claim(self, event_id: str, claim_key: str, reason: str, actor: str) -> bool:
        changed = self.ledger.exclude_claim(event_id, claim_key, reason, actor)
        self.refresh_marks()
        return changed

    def include_claim(self, event_id: str, claim_key: str, actor: str) -> bool:
        changed = self.ledger.restore_claim(event_id, claim_key, actor)
        self.refresh_marks()
        return changed

    def move_document(self, document_id: str, from_event: str, to_event: str, actor: str) -> None:
        self.ledger.move_document(document_id, from_event, to_event, actor)
        self.refresh_marks()

    def merge_events(self, event_id: str, into: str, actor: str) -> None:
        self.ledger.merge_events(event_id, into, actor)
        self.refresh_marks()

    # ------------------------------------------------------------------- documents

    def document(self, document_id: str) -> DocumentView | None:
        row = self.conn.execute(
            "SELECT d.id, d.url, d.title, d.source, d.published, d.language, d.status, d.text, "
            "d.duplicate_of, x.record FROM documents d "
            "LEFT JOIN extractions x ON x.document_id = d.id WHERE d.id = ?",
            (document_id,),
        ).fetchone()
        if row is None:
            return None
        extraction = json.loads(row[9]) if row[9] is not None else None
        return DocumentView(
            id=str(row[0]),
            url=row[1],
            title=row[2],
            source=row[3],
            published=row[4],
            language=row[5],
            status=str(row[6]),
            text=row[7],
            duplicate_of=row[8],
            extraction=extraction,
            events=tuple(self.rows(self._events_citing(str(row[8] or row[0])))),
        )

    def _events_citing(self, document_id: str) -> list[str]:
        found = [
            str(r[0])
            for r in self.conn.execute(
                "SELECT DISTINCT ef.event_id FROM facts f JOIN event_facts ef ON ef.fact_id = f.id "
                "WHERE f.document_id = ? ORDER BY ef.event_id",
                (document_id,),
            )
        ]
        moves = self.ledger.corrections().moves
        for move in moves:
            if move.document_id == document_id:
                found = [e for e in found if e != move.from_event] + [move.to_event]
        resolved = [self.resolve(e) or e for e in found]
        return list(dict.fromkeys(resolved))

    # ------------------------------------------------------------------- marks

    def refresh_marks(self) -> int:
        """Stamp new and changed events; refresh the summaries corrections change.

        The comparison is redone under the write lock: several server processes (or a
        request and the background task) may stamp at the same moment.
        """
        version = self._corrections_version()
        if not self._marks_lag() and version == self._corrections_seen:
            return 0
        with write(self.conn):
            current = dict(self.conn.execute("SELECT id, record_hash FROM events").fetchall())
            known = dict(self.conn.execute("SELECT event_id, record_hash FROM interim_event_marks"))
            fresh = [i for i, h in current.items() if known.get(i) != h]
            corrections = self.ledger.corrections()
            corrected = has_corrections(current, corrections)
            touched = corrected if version != self._corrections_seen else set()
            now = now_iso()
            for event_id in fresh:
                record = (
                    corrected_record(event_id, self.raw_record, corrections)
                    if event_id in corrected
                    else self.raw_record(event_id)  # most events: no correction to apply
                )
                self._stamp(event_id, str(current[event_id]), event_id in known, now, record or {})
            for event_id in touched - set(fresh):
                self._resummarise(event_id, corrections)
            self.conn.executemany(
                "DELETE FROM interim_event_marks WHERE event_id = ?",
                [(i,) for i in known if i not in current],
            )
        self._corrections_seen = version
        return len(fresh)

    def _marks_lag(self) -> bool:
        """Whether some event is new, changed or gone since the marks were last stamped."""
        row = self.conn.execute(
            "SELECT EXISTS (SELECT 1 FROM events e LEFT JOIN interim_event_marks m "
            "ON m.event_id = e.id WHERE m.record_hash IS NOT e.record_hash) "
            "OR EXISTS (SELECT 1 FROM interim_event_marks m "
            "WHERE m.event_id NOT IN (SELECT id FROM events))"
        ).fetchone()
        return bool(row[0])

    def _corrections_version(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0])

    def _stamp(
        self, event_id: str, digest: str, known: bool, now: str, record: dict[str, Any]
    ) -> None:
        values = summary(record)
        if known:
            self.conn.execute(
                "UPDATE interim_event_marks SET record_hash = ?, changed_at = ?, reason = ?, cases = ?, "
                "deaths = ?, flags = ?, documents = ? WHERE event_id = ?",
                (digest, now, *values, event_id),
            )
        else:
            self.conn.execute(
                "INSERT INTO interim_event_marks (event_id, record_hash, created_at, changed_at, reason, "
                "cases, deaths, flags, documents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (event_id, digest, now, now, *values),
            )

    def _resummarise(self, event_id: str, corrections: Corrections) -> None:
        record = corrected_record(event_id, self.raw_record, corrections)
        if record is not None:
            self.conn.execute(
                "UPDATE interim_event_marks SET reason = ?, cases = ?, deaths = ?, flags = ?, "
                "documents = ? WHERE event_id = ?",
                (*summary(record), event_id),
            )
