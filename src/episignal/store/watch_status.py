"""Read-only figures for ``episignal status`` (what arrived when), and the ``meta`` values
of ``signals --since last-run``.

``documents.created_at`` is when the database first received a document, so these say what
the database really holds and since when, whatever the documents' publication dates.
"""

from __future__ import annotations

import sqlite3

ISO_FORMAT = "%Y-%m-%dT%H:%M:%fZ"  # documents.created_at, as SQLite writes it


def documents_per_day(conn: sqlite3.Connection, days: int) -> list[tuple[str, int]]:
    """Documents received per day over the last ``days`` days (UTC), oldest first."""
    rows = conn.execute(
        "SELECT substr(created_at, 1, 10) AS day, COUNT(*) FROM documents "
        "WHERE created_at >= strftime('%Y-%m-%d', 'now', ?) GROUP BY day ORDER BY day",
        (f"-{max(0, days - 1)} days",),
    )
    return [(str(r[0]), int(r[1])) for r in rows]


def events_per_day(conn: sqlite3.Connection, days: int) -> list[tuple[str, int]]:
    """New events per day (by when the database received their first document) over the
    last ``days`` days."""
    rows = conn.execute(
        "SELECT substr(first, 1, 10) AS day, COUNT(*) FROM ("
        "  SELECT MIN(d.created_at) AS first FROM event_documents ed"
        "  JOIN documents d ON d.id = ed.document_id"
        "  GROUP BY ed.event_id"
        ") WHERE first >= strftime('%Y-%m-%d', 'now', ?) GROUP BY day ORDER BY day",
        (f"-{max(0, days - 1)} days",),
    )
    return [(str(r[0]), int(r[1])) for r in rows]


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
