"""Rows of the event store <-> models: dates, facts, documents, stored events."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any, Literal, cast

from episignal.document import DocumentInfo, Fact, Measure, ResponseItem, Species, Status
from episignal.models.codec import event_from_json, latest_from_json
from episignal.models.event import Event
from episignal.models.inputs import ReportItem

CHUNK = 500  # ids per IN (...) list
VOLATILE = ("score", "score_parts", "version", "created_at", "updated_at")


def day(value: object) -> dt.date | None:
    """A stored ISO date, or None (also for a value that is not one)."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def chunks(ids: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in ids:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def marks(n: int) -> str:
    return ",".join("?" * n)


def fact_columns(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The optional columns the facts table has (``scope`` and ``kind`` once the
    extraction records them)."""
    present = {str(row[1]) for row in conn.execute("PRAGMA table_info(facts)")}
    return tuple(c for c in ("scope", "kind") if c in present)


FACT_SELECT = """
SELECT f.id, f.document_id, f.value, f.measure, f.span_start, f.span_end, f.quote, f.low,
       f.high, f.approximate, f.status, f.cumulative, f.species, f.date, d.published,
       f.disease, f.icd10, f.variant, f.country, f.admin1, f.source, d.source{extra}
FROM facts f JOIN documents d ON d.id = f.document_id
"""


def fact_select(extra: Sequence[str]) -> str:
    return FACT_SELECT.format(extra="".join(f", f.{c}" for c in extra))


def fact_from_row(row: Sequence[Any], extra: Sequence[str]) -> Fact:
    fields: dict[str, Any] = {
        "id": int(row[0]),
        "document_id": str(row[1]),
        "value": int(row[2]),
        "measure": cast(Measure, row[3]),
        "span": (int(row[4]), int(row[5])),
        "quote": str(row[6]),
        "low": row[7],
        "high": row[8],
        "approximate": bool(row[9]),
        "status": cast(Status | None, row[10]),
        "cumulative": None if row[11] is None else bool(row[11]),
        "species": cast(Species, row[12]),
        "date": day(row[13]),
        "published": day(row[14]),
        "disease": row[15],
        "icd10": row[16],
        "variant": row[17],
        "country": row[18],
        "admin1": row[19],
        "source": row[20],
        "outlet": row[21],
    }
    known = set(Fact.__dataclass_fields__)
    for name, value in zip(extra, row[22:], strict=False):
        if name in known:
            fields[name] = value
    return Fact(**fields)


REPORT_SELECT = """
SELECT r.id, r.document_id, r.disease, r.country, r.span_start, r.span_end, r.quote, r.icd10,
       coalesce(r.date, d.published)
FROM reports r JOIN documents d ON d.id = r.document_id
"""


def report_from_row(row: Sequence[Any]) -> ReportItem:
    return ReportItem(
        id=int(row[0]),
        document_id=str(row[1]),
        disease=str(row[2]),
        country=str(row[3]).upper(),
        span=(int(row[4]), int(row[5])),
        quote=str(row[6]),
        icd10=row[7],
        date=day(row[8]),
    )


RESPONSE_SELECT = """
SELECT r.document_id, r.kind, r.span_start, r.span_end, r.quote, r.data, r.disease, r.country,
       r.date, d.published, r.id
FROM responses r JOIN documents d ON d.id = r.document_id
"""


def response_from_row(row: Sequence[Any]) -> ResponseItem:
    try:
        data = json.loads(row[5])
    except (TypeError, ValueError):
        data = {}
    return ResponseItem(
        document_id=str(row[0]),
        kind=cast(Literal["measure", "resource"], row[1]),
        span=(int(row[2]), int(row[3])),
        quote=str(row[4]),
        data=data if isinstance(data, dict) else {},
        disease=row[6],
        country=row[7],
        date=day(row[8]),
        published=day(row[9]),
    )


def outlet_name(source: str | None, url: str | None) -> str | None:
    """Who published a document: its source name, else its web site's host."""
    from urllib.parse import urlsplit

    if source:
        return source
    if url:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return None
        if host:
            return host.removeprefix("www.")
    return None


def document_infos(conn: sqlite3.Connection, ids: Collection[str]) -> list[DocumentInfo]:
    """DocumentInfo of documents ``ids``, each listing its own and its copies' outlets."""
    copies: dict[str, list[str]] = defaultdict(list)
    infos: list[DocumentInfo] = []
    for batch in chunks(sorted(ids)):
        for canonical, source, url in conn.execute(
            f"SELECT duplicate_of, source, url FROM documents WHERE duplicate_of IN ({marks(len(batch))}) "
            "ORDER BY rowid",
            batch,
        ):
            outlet = outlet_name(source, url)
            if outlet is not None:
                copies[str(canonical)].append(outlet)
        for row in conn.execute(
            "SELECT id, url, title, source, published, duplicate_of FROM documents "
            f"WHERE id IN ({marks(len(batch))})",
            batch,
        ):
            own = outlet_name(row[3], row[1])
            outlets = dict.fromkeys([*([own] if own else []), *copies.get(str(row[0]), [])])
            infos.append(
                DocumentInfo(
                    id=str(row[0]),
                    url=row[1],
                    title=row[2],
                    source=row[3],
                    published=day(row[4]),
                    duplicate_of=row[5],
                    outlets=tuple(outlets),
                )
            )
    return infos


def record_hash(record: dict[str, Any]) -> str:
    """A hash of what an event says (not its score, version or times)."""
    content = {k: v for k, v in record.items() if k not in VOLATILE}
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(raw.encode("utf-8"), digest_size=16).hexdigest()


EVENT_SELECT = (
    "SELECT e.record, e.score, e.recency, e.version, e.created_at, e.updated_at FROM events e"
)


def event_from_row(row: Sequence[Any]) -> Event:
    """A stored event, with the score of today (rescaled since the record was written)."""
    event = event_from_json(json.loads(row[0]))
    parts = {**event.score_parts, "recency": float(row[2])}
    return replace(
        event,
        score=float(row[1]),
        score_parts=parts,
        version=int(row[3]),
        created_at=row[4],
        updated_at=row[5],
    )


def summary_latest(summary: str) -> Any:
    data = json.loads(summary)
    return latest_from_json(data.get("latest") or {}), data
