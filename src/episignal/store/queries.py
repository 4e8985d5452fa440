"""Read models over the documents: a document with its extraction (report, explain) and a
document's facts. Events are read through :mod:`episignal.store.eventstore`."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from typing import Any

from episignal.document import DocumentInfo, Fact
from episignal.models.document_view import DocumentView
from episignal.store.eventstore.rows import (
    day,
    document_infos,
    fact_columns,
    fact_select,
    facts_from_rows,
    outlet_name,
)

__all__ = [
    "document_facts",
    "document_info",
    "document_infos",
    "iter_documents_with_extractions",
    "outlet_name",
]


def document_facts(conn: sqlite3.Connection, doc_id: str) -> list[Fact]:
    """The facts stored for one document, in extraction order."""
    extra = fact_columns(conn)
    sql = fact_select(extra) + "WHERE f.document_id = ? ORDER BY f.id"
    return facts_from_rows(conn.execute(sql, (doc_id,)), extra)


def document_info(conn: sqlite3.Connection, doc_id: str) -> DocumentInfo | None:
    found = document_infos(conn, [doc_id])
    return found[0] if found else None


def iter_documents_with_extractions(
    conn: sqlite3.Connection, ids: Collection[str] | None = None
) -> Iterator[DocumentView]:
    """Documents with their text and extraction record (or None), in storage order.

    With ``ids``, only those documents are read (by primary key, not a scan of the table).
    """
    select = (
        "SELECT d.id, d.url, d.title, d.source, d.published, d.language, d.status, d.text, "
        "d.reason, d.duplicate_of, e.record "
        "FROM documents d LEFT JOIN extractions e ON e.document_id = d.id"
    )
    if ids is None:
        yield from (_document_record(row) for row in conn.execute(select + " ORDER BY d.rowid"))
        return
    for doc_id in sorted(ids):
        row = conn.execute(select + " WHERE d.id = ?", (doc_id,)).fetchone()
        if row is not None:
            yield _document_record(row)


def _document_record(row: Any) -> DocumentView:
    extraction: dict[str, Any] | None = None
    if row[10] is not None:
        extraction = json.loads(row[10])
        extraction["text"] = row[7]
    return DocumentView(
        id=str(row[0]),
        url=row[1],
        title=row[2],
        source=row[3],
        published=day(row[4]),
        language=row[5],
        status=str(row[6]),
        text=row[7],
        reason=row[8],
        duplicate_of=row[9],
        extraction=extraction,
    )
