"""Read models over the store: facts, documents and responses for events; documents with
their extraction for the report; the materialised events table."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, cast
from urllib.parse import urlsplit

from episignal.document import (
    CountKind,
    DocumentInfo,
    Fact,
    Measure,
    ResponseItem,
    Scope,
    Species,
    Status,
)

_FACTS = """
SELECT f.id, f.document_id, f.value, f.measure, f.span_start, f.span_end, f.quote, f.low, f.high,
       f.approximate, f.status, f.cumulative, f.species, f.date, d.published, f.disease, f.icd10,
       f.variant, f.country, f.admin1, f.source, d.source, f.scope, f.kind, f.area, f.condition,
       f.exclusion
FROM facts f JOIN documents d ON d.id = f.document_id
WHERE d.duplicate_of IS NULL
ORDER BY f.id
"""
_RESPONSES = """
SELECT r.document_id, r.kind, r.span_start, r.span_end, r.quote, r.data, r.disease, r.country,
       r.date, d.published
FROM responses r JOIN documents d ON d.id = r.document_id
WHERE d.duplicate_of IS NULL
ORDER BY r.id
"""
# Event fields that change when the event's content changes; score and reason also move
# when unrelated events advance "today", which is not an update of this event.
_CONTENT_KEYS = (
    "disease",
    "country",
    "admin1",
    "first_seen",
    "last_seen",
    "documents",
    "series",
    "latest",
    "measures",
    "resources",
    "flags",
)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def load_facts(conn: sqlite3.Connection) -> list[Fact]:
    """Every fact of a canonical document (copies contribute none)."""
    return [_fact(row) for row in conn.execute(_FACTS)]


def _fact(row: sqlite3.Row | tuple[Any, ...]) -> Fact:
    return Fact(
        id=int(row[0]),
        document_id=str(row[1]),
        value=int(row[2]),
        measure=cast(Measure, row[3]),
        span=(int(row[4]), int(row[5])),
        quote=str(row[6]),
        low=row[7],
        high=row[8],
        approximate=bool(row[9]),
        status=cast(Status | None, row[10]),
        cumulative=None if row[11] is None else bool(row[11]),
        species=cast(Species, row[12]),
        date=_date(row[13]),
        published=_date(row[14]),
        disease=row[15],
        icd10=row[16],
        variant=row[17],
        country=row[18],
        admin1=row[19],
        source=row[20],
        outlet=row[21],
        scope=cast(Scope, row[22]),
        kind=cast(CountKind, row[23]),
        area=row[24],
        condition=row[25],
        exclusion=row[26],
    )


def load_responses(conn: sqlite3.Connection) -> list[ResponseItem]:
    return [
        ResponseItem(
            document_id=str(row[0]),
            kind=cast(Literal["measure", "resource"], row[1]),
            span=(int(row[2]), int(row[3])),
            quote=str(row[4]),
            data=json.loads(row[5]),
            disease=row[6],
            country=row[7],
            date=_date(row[8]),
            published=_date(row[9]),
        )
        for row in conn.execute(_RESPONSES)
    ]


def outlet_name(source: str | None, url: str | None) -> str | None:
    """Who published a document: its source name, else its web site's host."""
    if source:
        return source
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.removeprefix("www.")
    return None


def load_document_infos(conn: sqlite3.Connection, ids: Collection[str]) -> list[DocumentInfo]:
    """DocumentInfo of the canonical documents ``ids``, each listing its copies' outlets."""
    copies: dict[str, list[str]] = defaultdict(list)
    for canonical, source, url in conn.execute(
        "SELECT duplicate_of, source, url FROM documents WHERE duplicate_of IS NOT NULL "
        "ORDER BY rowid"
    ):
        outlet = outlet_name(source, url)
        if canonical in ids and outlet is not None:
            copies[canonical].append(outlet)
    infos: list[DocumentInfo] = []
    for row in conn.execute(
        "SELECT id, url, title, source, published, duplicate_of FROM documents "
        "WHERE duplicate_of IS NULL AND status IN ('extracted', 'irrelevant') ORDER BY rowid"
    ):
        if row[0] not in ids:
            continue
        own = outlet_name(row[3], row[1])
        outlets = dict.fromkeys([*([own] if own else []), *copies.get(row[0], [])])
        infos.append(
            DocumentInfo(
                id=str(row[0]),
                url=row[1],
                title=row[2],
                source=row[3],
                published=_date(row[4]),
                duplicate_of=row[5],
                outlets=tuple(outlets),
            )
        )
    return infos


def load_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Event records built from the stored facts (the ``episignal events`` contract)."""
    from episignal.events import build_events

    facts = load_facts(conn)
    responses = load_responses(conn)
    ids = {f.document_id for f in facts} | {r.document_id for r in responses}
    return build_events(facts, load_document_infos(conn, ids), responses)


def iter_documents_with_extractions(
    conn: sqlite3.Connection, ids: Collection[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Document records for the report, with their extraction record (or None)."""
    cursor = conn.execute(
        "SELECT d.id, d.url, d.title, d.source, d.published, d.language, d.status, d.text, "
        "d.reason, d.duplicate_of, e.record "
        "FROM documents d LEFT JOIN extractions e ON e.document_id = d.id ORDER BY d.rowid"
    )
    for row in cursor:
        if ids is not None and row[0] not in ids:
            continue
        extraction: dict[str, Any] | None = None
        if row[10] is not None:
            extraction = json.loads(row[10])
            extraction["text"] = row[7]
        yield {
            "id": row[0],
            "url": row[1],
            "title": row[2],
            "source": row[3],
            "published": row[4],
            "language": row[5],
            "status": row[6],
            "text": row[7],
            "reason": row[8],
            "duplicate_of": row[9],
            "extraction": extraction,
        }


@dataclass(frozen=True, slots=True)
class EventChanges:
    created: int
    updated: int
    removed: int


def content_hash(event: dict[str, Any]) -> str:
    content = {key: event.get(key) for key in _CONTENT_KEYS}
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()


def replace_events(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> EventChanges:
    """Materialise ``events`` into events/event_facts; say what changed since last time.

    ``conn`` must be inside a transaction.
    """
    before = dict(conn.execute("SELECT id, record_hash FROM events").fetchall())
    conn.execute("DELETE FROM event_facts")
    conn.execute("DELETE FROM events")
    created = updated = 0
    for event in events:
        digest = content_hash(event)
        if event["id"] not in before:
            created += 1
        elif before[event["id"]] != digest:
            updated += 1
        disease = event.get("disease") or {}
        conn.execute(
            "INSERT INTO events (id, disease, icd10, country, admin1, first_seen, last_seen, "
            "score, record, record_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event["id"],
                disease.get("name"),
                disease.get("icd10"),
                event.get("country"),
                event.get("admin1"),
                event.get("first_seen"),
                event.get("last_seen"),
                event.get("score"),
                json.dumps(event, ensure_ascii=False, default=str),
                digest,
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO event_facts (event_id, fact_id) VALUES (?, ?)",
            [(event["id"], fact_id) for fact_id in event.get("fact_ids") or []],
        )
    removed = len(set(before) - {e["id"] for e in events})
    conn.execute("UPDATE meta SET value = '0' WHERE key = 'events_dirty'")
    return EventChanges(created, updated, removed)
