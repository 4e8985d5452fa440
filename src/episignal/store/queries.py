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

from episignal.document import MEASURES, DocumentInfo, Fact, Measure, ResponseItem, Species, Status
from episignal.store.values import (
    stored_choice,
    stored_count,
    stored_country,
    stored_date,
    stored_flag,
    stored_object,
    stored_range,
    stored_span,
    stored_text,
)

_FACTS = """
SELECT f.id, f.document_id, f.value, f.measure, f.span_start, f.span_end, f.quote, f.low, f.high,
       f.approximate, f.status, f.cumulative, f.species, f.date, d.published, f.disease, f.icd10,
       f.variant, f.country, f.admin1, f.source, d.source
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


_date = stored_date  # every date read back passes the plausible window
_STATUSES = ("confirmed", "probable", "suspected")
_SPECIES = ("human", "animal")


def load_facts(conn: sqlite3.Connection) -> list[Fact]:
    """Every fact of a canonical document (copies contribute none); a row whose values
    are out of their domain (see :mod:`episignal.store.values`) is passed over."""
    facts = [_fact(row) for row in conn.execute(_FACTS)]
    return [f for f in facts if f is not None]


def _fact(row: sqlite3.Row | tuple[Any, ...]) -> Fact | None:
    value = stored_count(row[2])
    span = stored_span(row[4], row[5])
    measure = stored_choice(row[3], MEASURES)
    if value is None or span is None or measure is None or not isinstance(row[0], int):
        return None
    low, high = stored_range(row[7], row[8], value)
    return Fact(
        id=row[0],
        document_id=str(row[1]),
        value=value,
        measure=cast(Measure, measure),
        span=span,
        quote=stored_text(row[6]) or "",
        low=low,
        high=high,
        approximate=bool(stored_flag(row[9])),
        status=cast(Status | None, stored_choice(row[10], _STATUSES)),
        cumulative=stored_flag(row[11]),
        species=cast(Species, stored_choice(row[12], _SPECIES) or "human"),
        date=_date(row[13]),
        published=_date(row[14]),
        disease=stored_text(row[15]) or None,
        icd10=stored_text(row[16]),
        variant=stored_text(row[17]),
        country=stored_country(row[18]),
        admin1=stored_text(row[19]),
        source=stored_text(row[20]),
        outlet=stored_text(row[21]),
    )


def load_responses(conn: sqlite3.Connection) -> list[ResponseItem]:
    responses = [_response(row) for row in conn.execute(_RESPONSES)]
    return [r for r in responses if r is not None]


def _response(row: sqlite3.Row | tuple[Any, ...]) -> ResponseItem | None:
    span = stored_span(row[2], row[3])
    data = stored_object(row[5])
    kind = stored_choice(row[1], ("measure", "resource"))
    if span is None or data is None or kind is None or not _response_data_ok(kind, data):
        return None
    return ResponseItem(
        document_id=str(row[0]),
        kind=cast(Literal["measure", "resource"], kind),
        span=span,
        quote=stored_text(row[4]) or "",
        data=data,
        disease=stored_text(row[6]) or None,
        country=stored_country(row[7]),
        date=_date(row[8]),
        published=_date(row[9]),
    )


def _response_data_ok(kind: str, data: dict[str, Any]) -> bool:
    """The record of a measure names its kind, that of a resource its item (as text)."""
    return isinstance(data.get("kind" if kind == "measure" else "item"), str)


def outlet_name(source: str | None, url: str | None) -> str | None:
    """Who published a document: its source name, else its web site's host."""
    if source:
        return source
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:  # "http://[oops" and other unparseable URLs
            return None
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
        outlet = outlet_name(stored_text(source), stored_text(url))
        if canonical in ids and outlet is not None:
            copies[canonical].append(outlet)
    infos: list[DocumentInfo] = []
    for row in conn.execute(
        "SELECT id, url, title, source, published, duplicate_of FROM documents "
        "WHERE duplicate_of IS NULL AND status IN ('extracted', 'irrelevant') ORDER BY rowid"
    ):
        if row[0] not in ids:
            continue
        url, title, source = stored_text(row[1]), stored_text(row[2]), stored_text(row[3])
        own = outlet_name(source, url)
        outlets = dict.fromkeys([*([own] if own else []), *copies.get(row[0], [])])
        infos.append(
            DocumentInfo(
                id=str(row[0]),
                url=url,
                title=title,
                source=source,
                published=_date(row[4]),
                duplicate_of=stored_text(row[5]),
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
        extraction = stored_object(row[10])
        if extraction is not None:
            extraction["text"] = stored_text(row[7]) or ""
        yield {
            "id": str(row[0]),
            "url": stored_text(row[1]),
            "title": stored_text(row[2]),
            "source": stored_text(row[3]),
            "published": _iso(_date(row[4])),
            "language": stored_text(row[5]),
            "status": stored_text(row[6]),
            "text": stored_text(row[7]),
            "reason": stored_text(row[8]),
            "duplicate_of": stored_text(row[9]),
            "extraction": extraction,
        }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


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
