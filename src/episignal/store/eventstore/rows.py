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

from episignal.document import MEASURES, DocumentInfo, Fact, Measure, ResponseItem, Species, Status
from episignal.models.codec import event_from_json, latest_from_json
from episignal.models.event import Event
from episignal.models.inputs import ReportItem
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

CHUNK = 500  # ids per IN (...) list
VOLATILE = ("score", "score_parts", "version", "created_at", "updated_at")


def day(value: object) -> dt.date | None:
    """A stored ISO date within the plausible window, or None (also for a value that is
    not one): every date read back passes :func:`episignal.store.values.stored_date`."""
    if isinstance(value, str):
        return stored_date(value[:10])
    return None


_STATUSES = ("confirmed", "probable", "suspected")
_SPECIES = ("human", "animal")


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
    """The optional columns the facts table has (those migration 2 adds: a database
    opened read-only at an older version lacks them)."""
    present = {str(row[1]) for row in conn.execute("PRAGMA table_info(facts)")}
    return tuple(c for c in ("scope", "kind", "area", "condition", "exclusion") if c in present)


FACT_SELECT = """
SELECT f.id, f.document_id, f.value, f.measure, f.span_start, f.span_end, f.quote, f.low,
       f.high, f.approximate, f.status, f.cumulative, f.species, f.date, d.published,
       f.disease, f.icd10, f.variant, f.country, f.admin1, f.source, d.source{extra}
FROM facts f JOIN documents d ON d.id = f.document_id
"""


def fact_select(extra: Sequence[str]) -> str:
    return FACT_SELECT.format(extra="".join(f", f.{c}" for c in extra))


def fact_from_row(row: Sequence[Any], extra: Sequence[str]) -> Fact | None:
    """The fact of a row, or None when its values are out of their domain (see
    :mod:`episignal.store.values`): such a row is passed over, never a failure."""
    value = stored_count(row[2])
    span = stored_span(row[4], row[5])
    measure = stored_choice(row[3], MEASURES)
    if value is None or span is None or measure is None or not isinstance(row[0], int):
        return None
    low, high = stored_range(row[7], row[8], value)
    fields: dict[str, Any] = {
        "id": row[0],
        "document_id": str(row[1]),
        "value": value,
        "measure": cast(Measure, measure),
        "span": span,
        "quote": stored_text(row[6]) or "",
        "low": low,
        "high": high,
        "approximate": bool(stored_flag(row[9])),
        "status": cast(Status | None, stored_choice(row[10], _STATUSES)),
        "cumulative": stored_flag(row[11]),
        "species": cast(Species, stored_choice(row[12], _SPECIES) or "human"),
        "date": day(row[13]),
        "published": day(row[14]),
        "disease": stored_text(row[15]) or None,
        "icd10": stored_text(row[16]),
        "variant": stored_text(row[17]),
        "country": stored_country(row[18]),
        "admin1": stored_text(row[19]),
        "source": stored_text(row[20]),
        "outlet": stored_text(row[21]),
    }
    known = set(Fact.__dataclass_fields__)
    for name, stored in zip(extra, row[22:], strict=False):
        if name in known:
            fields[name] = stored_text(stored)
    return Fact(**fields)


def facts_from_rows(rows: Iterable[Sequence[Any]], extra: Sequence[str]) -> list[Fact]:
    """The facts of ``rows`` whose values are in their domain."""
    facts = (fact_from_row(row, extra) for row in rows)
    return [f for f in facts if f is not None]


REPORT_SELECT = """
SELECT r.id, r.document_id, r.disease, r.country, r.span_start, r.span_end, r.quote, r.icd10,
       coalesce(r.date, d.published)
FROM reports r JOIN documents d ON d.id = r.document_id
"""


def report_from_row(row: Sequence[Any]) -> ReportItem | None:
    """The report of a row, or None when its values are out of their domain."""
    span = stored_span(row[4], row[5])
    disease, country = stored_text(row[2]), stored_country(str(row[3]).upper())
    if span is None or not disease or country is None or not isinstance(row[0], int):
        return None
    return ReportItem(
        id=row[0],
        document_id=str(row[1]),
        disease=disease,
        country=country,
        span=span,
        quote=stored_text(row[6]) or "",
        icd10=stored_text(row[7]),
        date=day(row[8]),
    )


RESPONSE_SELECT = """
SELECT r.document_id, r.kind, r.span_start, r.span_end, r.quote, r.data, r.disease, r.country,
       r.date, d.published, r.id
FROM responses r JOIN documents d ON d.id = r.document_id
"""


def response_from_row(row: Sequence[Any]) -> ResponseItem | None:
    """The measure or resource of a row, or None when its values are out of their domain."""
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
        date=day(row[8]),
        published=day(row[9]),
    )


def _response_data_ok(kind: str, data: dict[str, Any]) -> bool:
    """The record of a measure names its kind, that of a resource its item (as text)."""
    return isinstance(data.get("kind" if kind == "measure" else "item"), str)


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
            outlet = outlet_name(stored_text(source), stored_text(url))
            if outlet is not None:
                copies[str(canonical)].append(outlet)
        for row in conn.execute(
            "SELECT id, url, title, source, published, duplicate_of, language FROM documents "
            f"WHERE id IN ({marks(len(batch))})",
            batch,
        ):
            url, title, source = stored_text(row[1]), stored_text(row[2]), stored_text(row[3])
            own = outlet_name(source, url)
            outlets = dict.fromkeys([*([own] if own else []), *copies.get(str(row[0]), [])])
            infos.append(
                DocumentInfo(
                    id=str(row[0]),
                    url=url,
                    title=title,
                    source=source,
                    published=day(row[4]),
                    duplicate_of=stored_text(row[5]),
                    outlets=tuple(outlets),
                    language=stored_text(row[6]),
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
