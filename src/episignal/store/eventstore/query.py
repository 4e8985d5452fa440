"""SQL of the query layer: an EventQuery as a WHERE clause, an ORDER BY and a page.

Every value is a bound parameter (never spliced into the SQL); free text is matched
against the FTS5 index with each word quoted, so no input can change the query.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from typing import Any

from episignal.models.event import Disease, Event, Severity
from episignal.models.query import ANY_FLAG, EventQuery, Page
from episignal.models.signal import Signal, Triage
from episignal.store.eventstore.rows import EVENT_SELECT, day, event_from_row, summary_latest

SORT_COLUMNS = {
    "score": "e.score",
    "last_seen": "e.last_seen",
    "first_seen": "e.first_seen",
    "cases": "coalesce(e.cases, -1)",
    "deaths": "coalesce(e.deaths, -1)",
    "updated": "e.updated_at",
    "created": "e.created_at",
    "disease": "e.disease_key",
    "country": "e.country",
}
SEVERITIES: dict[int, Severity] = {1: "info", 2: "warning", 3: "error"}
_WORD = re.compile(r"\w+", re.UNICODE)
FROM = "FROM events e LEFT JOIN event_triage t ON t.event_id = e.id"


def where(q: EventQuery) -> tuple[str, list[Any]]:
    """The WHERE clause of ``q`` (``1`` when it filters nothing) and its parameters."""
    clauses: list[str] = []
    params: list[Any] = []

    def add(sql: str, *values: Any) -> None:
        clauses.append(sql)
        params.extend(values)

    if q.diseases:
        keys = [d.lower() for d in q.diseases]
        codes = [d.upper() for d in q.diseases]
        m = ",".join("?" * len(keys))
        add(
            f"(e.disease_key IN ({m}) OR upper(e.icd10) IN ({m}) "
            f"OR substr(upper(e.icd10), 1, 3) IN ({m}))",
            *keys,
            *codes,
            *codes,
        )
    if q.countries:
        add(f"e.country IN ({','.join('?' * len(q.countries))})", *[c.upper() for c in q.countries])
    if q.admin1:
        add(
            "EXISTS (SELECT 1 FROM event_areas a WHERE a.event_id = e.id "
            "AND a.admin1 = ? COLLATE NOCASE)",
            q.admin1,
        )
    if q.since:
        add("e.last_seen >= ?", q.since.isoformat())
    if q.until:
        add("e.first_seen <= ?", q.until.isoformat())
    if q.statuses:
        add(f"coalesce(t.status, 'new') IN ({','.join('?' * len(q.statuses))})", *q.statuses)
    if q.assignee:
        add("t.assignee = ? COLLATE NOCASE", q.assignee.strip())
    if q.tags:
        add(
            "EXISTS (SELECT 1 FROM triage_tags g WHERE g.event_id = e.id "
            f"AND g.tag IN ({','.join('?' * len(q.tags))}))",
            *[t.strip().lower() for t in q.tags],
        )
    if q.min_score is not None:
        add("e.score >= ?", q.min_score)
    _flags(q, add)
    if q.language:
        add(
            "EXISTS (SELECT 1 FROM event_documents x JOIN documents d ON d.id = x.document_id "
            "WHERE x.event_id = e.id AND d.language = ?)",
            q.language.lower(),
        )
    text = fts_match(q.text)
    if text:
        add("e.id IN (SELECT event_id FROM event_search WHERE event_search MATCH ?)", text)
    if q.changed_since:
        add("e.updated_at > ?", q.changed_since)
    if q.created_since:
        add("e.created_at > ?", q.created_since)
    if q.ids:
        add(f"e.id IN ({','.join('?' * len(q.ids))})", *q.ids)
    return (" AND ".join(clauses) or "1"), params


def _flags(q: EventQuery, add: Any) -> None:
    kinds = [k for k in q.flags if k != ANY_FLAG]
    if ANY_FLAG in q.flags:
        add("e.severity > 0")
    if kinds:
        add(
            "EXISTS (SELECT 1 FROM event_flags f WHERE f.event_id = e.id "
            f"AND f.kind IN ({','.join('?' * len(kinds))}))",
            *kinds,
        )


def fts_match(text: str | None) -> str | None:
    """Free text as an FTS5 query: every word, quoted (AND); None when there is none."""
    words = _WORD.findall(text or "")
    return " ".join('"' + w.replace('"', '""') + '"' for w in words) or None


def order(q: EventQuery) -> str:
    direction = "DESC" if q.descending else "ASC"
    return f"ORDER BY {SORT_COLUMNS[q.sort_field]} {direction}, e.id {direction}"


def page_sql(q: EventQuery) -> tuple[str, list[Any]]:
    if q.limit is None:
        return ("LIMIT -1 OFFSET ?", [q.offset]) if q.offset else ("", [])
    return "LIMIT ? OFFSET ?", [q.limit, q.offset]


SIGNAL_COLUMNS = (
    "e.id, e.score, e.reason, e.disease, e.icd10, e.country, e.first_seen, e.last_seen, "
    "e.summary, e.severity, e.documents, e.created_at, e.updated_at, "
    "t.status, t.assignee, t.updated_at, t.updated_by, "
    "(SELECT group_concat(g.tag, ',') FROM triage_tags g WHERE g.event_id = e.id)"
)


def signals(conn: sqlite3.Connection, q: EventQuery) -> Page[Signal]:
    clause, params = where(q)
    limit, limit_params = page_sql(q)
    rows = conn.execute(
        f"SELECT {SIGNAL_COLUMNS} {FROM} WHERE {clause} {order(q)} {limit}",
        [*params, *limit_params],
    ).fetchall()
    total = int(
        conn.execute(f"SELECT count(*) {count_from(q)} WHERE {clause}", params).fetchone()[0]
    )
    items = tuple(signal_from_row(row, q.offset + i) for i, row in enumerate(rows, 1))
    return Page(items, total, q.offset, q.limit)


def count_from(q: EventQuery) -> str:
    """The FROM of a count: the join to triage only when a filter reads it (SQLite keeps a
    LEFT JOIN it does not need, one lookup per event: 2 ms of every unfiltered board)."""
    return FROM if q.statuses or q.assignee else "FROM events e"


def signal_from_row(row: Any, rank: int) -> Signal:
    latest, summary = summary_latest(row[8])
    return Signal(
        event=str(row[0]),
        rank=rank,
        score=float(row[1]),
        reason=str(row[2]),
        disease=Disease(str(row[3]), row[4]),
        country=str(row[5]),
        first_seen=day(row[6]) or dt.date.min,
        last_seen=day(row[7]) or dt.date.min,
        latest=latest,
        areas=tuple(summary.get("areas") or ()),
        flags=tuple(summary.get("flags") or ()),
        severity=SEVERITIES.get(int(row[9])),
        documents=int(row[10]),
        triage=Triage(row[13] or "new", row[14], row[15], row[16], split_tags(row[17])),
        created_at=row[11],
        updated_at=row[12],
    )


def split_tags(joined: str | None) -> tuple[str, ...]:
    return tuple(sorted(joined.split(","))) if joined else ()


def events(conn: sqlite3.Connection, q: EventQuery) -> Iterator[Event]:
    """Full events in the query's order, streamed from one cursor."""
    clause, params = where(q)
    limit, limit_params = page_sql(q)
    select = EVENT_SELECT.replace("FROM events e", FROM)
    cursor = conn.execute(f"{select} WHERE {clause} {order(q)} {limit}", [*params, *limit_params])
    for row in cursor:
        yield event_from_row(row)
