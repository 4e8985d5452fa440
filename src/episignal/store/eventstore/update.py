"""SQL of the incremental event update (``EventUpdateBackend``): what changed, a key's
documents and memberships, an event's inputs, saving and dropping events, rescoring."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from episignal.models.codec import delta_to_json, event_to_json, latest_to_json
from episignal.models.delta import Delta, EventMerged, EventRemoved
from episignal.models.event import SEVERITY_RANK, Event, Exclusion, disease_key
from episignal.models.inputs import (
    EventInputs,
    EventKey,
    EventPeriod,
    KeyItem,
    KeyPlan,
    KeyState,
    Membership,
)
from episignal.store.eventstore.rows import (
    EVENT_SELECT,
    REPORT_SELECT,
    RESPONSE_SELECT,
    chunks,
    day,
    document_infos,
    event_from_row,
    fact_select,
    facts_from_rows,
    marks,
    record_hash,
    report_from_row,
    response_from_row,
)

WINDOW_DAYS = 14  # responses of other documents this close to an event's reports join it
TODAY_KEY = "events_today"

_DIRTY_KEYS = """
SELECT lower(f.disease), f.country FROM event_dirty x JOIN facts f ON f.document_id = x.document_id
 WHERE x.seq <= :upto AND f.disease IS NOT NULL AND f.country IS NOT NULL
UNION SELECT lower(r.disease), r.country FROM event_dirty x JOIN reports r ON r.document_id = x.document_id
 WHERE x.seq <= :upto
UNION SELECT lower(r.disease), r.country FROM event_dirty x
 JOIN responses r ON r.document_id = x.document_id
 WHERE x.seq <= :upto AND r.disease IS NOT NULL AND r.country IS NOT NULL
UNION SELECT m.disease_key, m.country FROM event_dirty x
 JOIN event_members m ON m.document_id = x.document_id WHERE x.seq <= :upto
UNION SELECT disease_key, country FROM event_dirty
 WHERE seq <= :upto AND disease_key IS NOT NULL AND country IS NOT NULL
"""


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class UpdateSQL:
    """The update half of the SQLite event store (mixed into SQLiteEventStore)."""

    conn: sqlite3.Connection
    # Per country, the first report date (memberships change only in apply_plan, which
    # empties it): one lookup per country per update, not one per event.
    _coverage: dict[str, dt.date | None]
    clock: Callable[[], str]
    fact_extra: tuple[str, ...]

    def resolve(self, event_id: str) -> str | None:  # implemented by the reader
        raise NotImplementedError

    # ----------------------------------------------------------------------- step 1

    def dirty(self) -> tuple[list[EventKey], int]:
        row = self.conn.execute("SELECT max(seq) FROM event_dirty").fetchone()
        upto = int(row[0] or 0)
        if not upto:
            return [], 0
        keys = {
            (disease_key(str(d)), str(c).upper())
            for d, c in self.conn.execute(_DIRTY_KEYS, {"upto": upto})
            if d and c
        }
        return sorted(keys), upto

    def clear_dirty(self, upto: int) -> None:
        with self._write():
            self.conn.execute("DELETE FROM event_dirty WHERE seq <= ?", (upto,))

    def key_state(self, key: EventKey) -> KeyState:
        dkey, country = key
        items = self._key_facts(key) + self._key_reports(key)
        members = {
            str(row[0]): Membership(
                str(row[0]), key, day(row[1]) or dt.date.min, row[2], str(row[3])
            )
            for row in self.conn.execute(
                "SELECT document_id, date, segment_id, event_id FROM event_members "
                "WHERE country = ? AND disease_key = ?",
                (country, dkey),
            )
        }
        segments = dict(
            self.conn.execute(
                "SELECT id, event_id FROM event_segments WHERE country = ? AND disease_key = ?",
                (country, dkey),
            ).fetchall()
        )
        moves: dict[str, str] = {}
        for doc_id, target in self.conn.execute(
            "SELECT document_id, to_event FROM event_moves WHERE country = ? AND disease_key = ?",
            (country, dkey),
        ).fetchall():
            live = self.resolve(str(target))
            if live is not None:
                moves[str(doc_id)] = live
        return KeyState(key, tuple(items), members, segments, moves)

    def _key_facts(self, key: EventKey) -> list[KeyItem]:
        extra = "".join(f", f.{c}" for c in self.fact_extra)
        rows = self.conn.execute(
            f"SELECT f.document_id, coalesce(d.published, f.date), f.admin1{extra} "
            "FROM facts f JOIN documents d ON d.id = f.document_id "
            "WHERE f.country = ? AND lower(f.disease) = ? AND d.duplicate_of IS NULL",
            (key[1], key[0]),
        )
        out: list[KeyItem] = []
        for row in rows:
            values = dict(zip(self.fact_extra, row[3:], strict=False))
            out.append(
                KeyItem(
                    str(row[0]),
                    day(row[1]),
                    "fact",
                    values.get("scope"),
                    values.get("kind"),
                    row[2],
                    values.get("exclusion"),
                )
            )
        return out

    def _key_reports(self, key: EventKey) -> list[KeyItem]:
        rows = self.conn.execute(
            "SELECT r.document_id, coalesce(r.date, d.published) FROM reports r "
            "JOIN documents d ON d.id = r.document_id "
            "WHERE r.country = ? AND lower(r.disease) = ? AND d.duplicate_of IS NULL",
            (key[1], key[0]),
        )
        return [KeyItem(str(doc), day(when), "report") for doc, when in rows]

    def apply_plan(self, plan: KeyPlan) -> None:
        dkey, country = plan.key
        self._coverage = {}
        self.conn.execute(
            "DELETE FROM event_members WHERE country = ? AND disease_key = ?", (country, dkey)
        )
        self.conn.executemany(
            "INSERT INTO event_members (document_id, disease_key, country, date, segment_id, "
            "event_id) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (m.document, dkey, country, m.date.isoformat(), m.segment, m.event)
                for m in plan.memberships
            ],
        )
        kept = set(plan.segment_events)
        for (segment,) in self.conn.execute(
            "SELECT id FROM event_segments WHERE country = ? AND disease_key = ?", (country, dkey)
        ).fetchall():
            if segment not in kept:
                self.conn.execute("DELETE FROM event_segments WHERE id = ?", (segment,))
        for segment, event in plan.segment_events.items():
            self.conn.execute(
                "INSERT INTO event_segments (id, disease_key, country, event_id, split_from) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET event_id = excluded.event_id",
                (segment, dkey, country, event, plan.split_from.get(event)),
            )

    # ----------------------------------------------------------------------- step 2

    def is_empty(self, event_id: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM event_members WHERE event_id = ? LIMIT 1", (event_id,)
        ).fetchone()
        return row is None

    def event_inputs(self, event_id: str) -> EventInputs | None:
        rows = self.conn.execute(
            "SELECT document_id, disease_key, country, date, segment_id FROM event_members "
            "WHERE event_id = ?",
            (event_id,),
        ).fetchall()
        if not rows:
            return None
        members = tuple(
            Membership(str(r[0]), (str(r[1]), str(r[2])), day(r[3]) or dt.date.min, r[4], event_id)
            for r in rows
        )
        key = self._home_key(event_id, members)
        first, last = min(m.date for m in members), max(m.date for m in members)
        responses = self._responses(event_id, key, first, last)
        doc_ids = {m.document for m in members} | {r.document_id for r in responses}
        previous = self._stored(event_id)
        origin = self.conn.execute(
            "SELECT split_from FROM event_segments WHERE id = ?", (event_id,)
        ).fetchone()
        return EventInputs(
            event_id=event_id,
            key=key,
            memberships=members,
            facts=tuple(self._member_facts(event_id)),
            reports=tuple(self._member_reports(event_id)),
            responses=tuple(responses),
            documents=tuple(document_infos(self.conn, doc_ids)),
            exclusions=self._exclusions({m.document for m in members}),
            neighbours=self._neighbours(key),
            coverage_since=self._coverage_since(key[1]),
            previous=previous,
            split_from=origin[0] if origin else (previous.split_from if previous else None),
            merged_from=self._merged_from(event_id),
            created_at=previous.created_at if previous else None,
        )

    def _home_key(self, event_id: str, members: Sequence[Membership]) -> EventKey:
        row = self.conn.execute(
            "SELECT disease_key, country FROM event_segments WHERE id = ?", (event_id,)
        ).fetchone()
        if row is not None:
            return str(row[0]), str(row[1])
        tally = Counter(m.key for m in members)
        return min(tally, key=lambda k: (-tally[k], k))

    def _member_facts(self, event_id: str) -> list[Any]:
        sql = fact_select(self.fact_extra) + (
            # "+f.country": look facts up by document, not by every fact of the country
            "JOIN event_members m ON m.document_id = f.document_id AND m.country = +f.country "
            "AND m.disease_key = lower(f.disease) WHERE m.event_id = ? ORDER BY f.id"
        )
        return facts_from_rows(self.conn.execute(sql, (event_id,)), self.fact_extra)

    def _member_reports(self, event_id: str) -> list[Any]:
        sql = REPORT_SELECT + (
            "JOIN event_members m ON m.document_id = r.document_id AND m.country = r.country "
            "AND m.disease_key = lower(r.disease) WHERE m.event_id = ? ORDER BY r.id"
        )
        reports = (report_from_row(row) for row in self.conn.execute(sql, (event_id,)))
        return [r for r in reports if r is not None]

    def _responses(self, event_id: str, key: EventKey, first: dt.date, last: dt.date) -> list[Any]:
        own = RESPONSE_SELECT + (
            "WHERE r.document_id IN (SELECT document_id FROM event_members WHERE event_id = ?) "
            "ORDER BY r.id"
        )
        found = {row[10]: response_from_row(row) for row in self.conn.execute(own, (event_id,))}
        lo = _shift(first, -WINDOW_DAYS)
        hi = _shift(last, WINDOW_DAYS)
        window = RESPONSE_SELECT + (
            "WHERE r.country = ? AND lower(r.disease) = ? AND d.duplicate_of IS NULL "
            "AND coalesce(r.date, d.published) BETWEEN ? AND ? "
            "AND NOT EXISTS (SELECT 1 FROM event_members m WHERE m.document_id = r.document_id "
            "AND m.country = r.country AND m.disease_key = lower(r.disease))"
        )
        for row in self.conn.execute(window, (key[1], key[0], lo, hi)):
            found.setdefault(row[10], response_from_row(row))
        return [found[k] for k in sorted(found) if found[k] is not None]

    def _exclusions(self, doc_ids: set[str]) -> dict[str, Exclusion]:
        out: dict[str, Exclusion] = {}
        for batch in chunks(sorted(doc_ids)):
            for key, reason, by, at in self.conn.execute(
                "SELECT claim_key, reason, by, at FROM claim_exclusions "
                f"WHERE document_id IN ({marks(len(batch))})",
                batch,
            ):
                out[str(key)] = Exclusion(str(reason), by, at)
        return out

    def _neighbours(self, key: EventKey) -> tuple[EventPeriod, ...]:
        rows = self.conn.execute(
            "SELECT event_id, min(date), max(date) FROM event_members "
            "WHERE country = ? AND disease_key = ? GROUP BY event_id",
            (key[1], key[0]),
        )
        return tuple(
            EventPeriod(str(e), day(a) or dt.date.min, day(b) or dt.date.min) for e, a, b in rows
        )

    def _coverage_since(self, country: str) -> dt.date | None:
        """The first report date the database holds from ``country`` (any disease)."""
        cache: dict[str, dt.date | None] = self.__dict__.setdefault("_coverage", {})
        if country not in cache:
            row = self.conn.execute(
                "SELECT min(date) FROM event_members WHERE country = ?", (country,)
            ).fetchone()
            cache[country] = day(row[0]) if row is not None else None
        return cache[country]

    def _merged_from(self, event_id: str) -> tuple[str, ...]:
        rows = self.conn.execute(
            "SELECT old_id FROM event_redirects WHERE new_id = ? AND reason LIKE 'merged%' "
            "ORDER BY old_id",
            (event_id,),
        )
        return tuple(str(r[0]) for r in rows)

    def _stored(self, event_id: str) -> Event | None:
        row = self.conn.execute(EVENT_SELECT + " WHERE e.id = ?", (event_id,)).fetchone()
        return event_from_row(row) if row is not None else None

    # ----------------------------------------------------------------------- saving

    def save_event(self, event: Event, base_score: float) -> bool:
        prev = self.conn.execute(
            "SELECT record_hash, version, created_at, updated_at FROM events WHERE id = ?",
            (event.id,),
        ).fetchone()
        record = event_to_json(event)
        digest = record_hash(record)
        changed = prev is None or prev[0] != digest
        stamp = self.clock()
        event = replace(
            event,
            version=1 if prev is None else int(prev[1]) + int(changed),
            created_at=prev[2] if prev is not None else stamp,
            updated_at=stamp if changed else prev[3],
        )
        self._write_event(event, base_score, digest)
        self.conn.execute("DELETE FROM event_redirects WHERE old_id = ?", (event.id,))
        return changed

    def _write_event(self, event: Event, base_score: float, digest: str) -> None:
        summary = {
            "latest": latest_to_json(event.latest),
            "areas": list(event.areas),
            "flags": sorted({f.kind for f in event.flags}),
        }
        severity = max((SEVERITY_RANK[f.severity] for f in event.flags), default=0)
        self.conn.execute(_UPSERT_EVENT, {
            "id": event.id,
            "disease": event.disease.name,
            "disease_key": event.disease.key,
            "icd10": event.disease.icd10,
            "country": event.country,
            "first_seen": event.first_seen.isoformat(),
            "last_seen": event.last_seen.isoformat(),
            "cases": event.latest.get("cases"),
            "deaths": event.latest.get("deaths"),
            "base_score": base_score,
            "score": event.score,
            "recency": float(event.score_parts.get("recency", 1.0)),
            "reason": event.reason,
            "severity": severity,
            "documents": len(event.documents),
            "split_from": event.split_from,
            "version": event.version,
            "created_at": event.created_at,
            "updated_at": event.updated_at,
            "summary": json.dumps(summary, ensure_ascii=False),
            "record": json.dumps(event_to_json(event), ensure_ascii=False),
            "record_hash": digest,
        })  # fmt: skip
        self._write_side_tables(event)

    def _write_side_tables(self, event: Event) -> None:
        for table in ("event_areas", "event_flags", "event_documents"):
            self.conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (event.id,))
        self.conn.executemany(
            "INSERT INTO event_areas (event_id, admin1) VALUES (?, ?)",
            [(event.id, a) for a in event.areas],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO event_flags (event_id, kind, admin1, severity) VALUES (?, ?, ?, ?)",
            [(event.id, f.kind, f.admin1 or "", f.severity) for f in event.flags],
        )
        self.conn.executemany(
            "INSERT INTO event_documents (event_id, document_id) VALUES (?, ?)",
            [(event.id, d) for d in event.document_ids],
        )
        key = search_rowid(event.id)
        self.conn.execute("DELETE FROM event_search WHERE rowid = ?", (key,))
        self.conn.execute(
            "INSERT INTO event_search (rowid, event_id, body) VALUES (?, ?, ?)",
            (key, event.id, search_text(event)),
        )

    def drop_event(self, event_id: str) -> Delta | None:
        redirect = self.conn.execute(
            "SELECT new_id, by FROM event_redirects WHERE old_id = ?", (event_id,)
        ).fetchone()
        exists = self.conn.execute("SELECT 1 FROM events WHERE id = ?", (event_id,)).fetchone()
        if exists is None and redirect is None:
            return None
        target, by = (redirect[0], redirect[1]) if redirect else (self._heir(event_id), None)
        self.retire(event_id, target, "merged" if target else "removed", by)
        return EventMerged(target, event_id, by) if target else EventRemoved(event_id)

    def _heir(self, event_id: str) -> str | None:
        """The live event that now holds most of the documents ``event_id`` cited."""
        row = self.conn.execute(
            "SELECT m.event_id, count(*) AS n FROM event_documents x "
            "JOIN event_members m ON m.document_id = x.document_id "
            "WHERE x.event_id = ? AND m.event_id != ? GROUP BY m.event_id ORDER BY n DESC, m.event_id "
            "LIMIT 1",
            (event_id, event_id),
        ).fetchone()
        return str(row[0]) if row is not None else None

    def retire(self, event_id: str, target: str | None, reason: str, by: str | None) -> None:
        """Delete an event's row and redirect its id (and every id pointing to it)."""
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))
        self.conn.execute("DELETE FROM event_search WHERE rowid = ?", (search_rowid(event_id),))
        self.conn.execute(
            "INSERT INTO event_redirects (old_id, new_id, reason, by, at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id",
            (event_id, target, reason, by, self.clock()),
        )
        if target is not None:
            self.conn.execute(
                "UPDATE event_redirects SET new_id = ? WHERE new_id = ?", (target, event_id)
            )
            self.conn.execute(
                "UPDATE event_moves SET to_event = ? WHERE to_event = ?", (target, event_id)
            )
            self.conn.execute(
                "UPDATE claim_exclusions SET event_id = ? WHERE event_id = ?", (target, event_id)
            )

    def log_deltas(self, deltas: Sequence[Delta]) -> None:
        stamp = self.clock()
        self.conn.executemany(
            "INSERT INTO event_deltas (at, event_id, kind, data) VALUES (?, ?, ?, ?)",
            [
                (stamp, d.event, d.kind, json.dumps(delta_to_json(d), ensure_ascii=False))
                for d in deltas
            ],
        )

    def last_delta_seq(self) -> int:
        row = self.conn.execute("SELECT max(seq) FROM event_deltas").fetchone()
        return int(row[0] or 0)

    # ----------------------------------------------------------------------- time

    def latest_report_date(self) -> dt.date | None:
        tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
        row = self.conn.execute(
            "SELECT max(date) FROM event_members WHERE date <= ?", (tomorrow,)
        ).fetchone()
        return day(row[0]) if row else None

    def rescore(self, today: dt.date, recency: Callable[[dt.date], float]) -> None:
        stored = self.conn.execute("SELECT value FROM meta WHERE key = ?", (TODAY_KEY,)).fetchone()
        if stored is not None and stored[0] == today.isoformat():
            return
        with self._write():
            after = ""
            while True:
                rows = self.conn.execute(
                    "SELECT id, base_score, last_seen FROM events WHERE id > ? ORDER BY id LIMIT 2000",
                    (after,),
                ).fetchall()
                if not rows:
                    break
                updates = []
                for event_id, base, last_seen in rows:
                    factor = recency(day(last_seen) or today)
                    updates.append(
                        (round(min(100.0, base * factor), 1), round(factor, 3), event_id)
                    )
                self.conn.executemany(
                    "UPDATE events SET score = ?, recency = ? WHERE id = ?", updates
                )
                after = rows[-1][0]
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (TODAY_KEY, today.isoformat()),
            )

    def _write(self) -> Any:  # implemented by SQLiteEventStore
        raise NotImplementedError


def _shift(day_: dt.date, days: int) -> str:
    ordinal = min(max(day_.toordinal() + days, 1), dt.date.max.toordinal())
    return dt.date.fromordinal(ordinal).isoformat()


def search_rowid(event_id: str) -> int:
    """The FTS row of an event: its id's 48 bits ("evt-" + 12 hex digits), so that rows are
    found by key, not by scanning the index (other ids: 63 bits of their hash)."""
    digits = event_id.removeprefix("evt-")
    if len(digits) == 12 and all(c in "0123456789abcdef" for c in digits):
        return int(digits, 16)
    digest = hashlib.blake2b(event_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1 | 1 << 61


def search_text(event: Event) -> str:
    """What free text matches: disease, code, place, areas, reason, titles, quotes."""
    parts = [
        event.disease.name,
        event.disease.icd10 or "",
        event.country,
        *event.areas,
        event.reason,
    ]
    parts += [d.title or "" for d in event.documents[:200]]
    parts += [r.quote for r in event.reports[:100]]
    return "\n".join(p for p in parts if p)


_UPSERT_EVENT = """
INSERT INTO events (id, disease, disease_key, icd10, country, first_seen, last_seen, cases, deaths,
                    base_score, score, recency, reason, severity, documents, split_from, version,
                    created_at, updated_at, summary, record, record_hash)
VALUES (:id, :disease, :disease_key, :icd10, :country, :first_seen, :last_seen, :cases, :deaths,
        :base_score, :score, :recency, :reason, :severity, :documents, :split_from, :version,
        :created_at, :updated_at, :summary, :record, :record_hash)
ON CONFLICT (id) DO UPDATE SET
    disease = excluded.disease, disease_key = excluded.disease_key, icd10 = excluded.icd10,
    country = excluded.country, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
    cases = excluded.cases, deaths = excluded.deaths, base_score = excluded.base_score,
    score = excluded.score, recency = excluded.recency, reason = excluded.reason,
    severity = excluded.severity, documents = excluded.documents,
    split_from = excluded.split_from, version = excluded.version,
    created_at = excluded.created_at, updated_at = excluded.updated_at,
    summary = excluded.summary, record = excluded.record, record_hash = excluded.record_hash
"""
