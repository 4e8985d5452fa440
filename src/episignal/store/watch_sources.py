"""The source registry and the items each source has shown (tables of migration 5).

Functions take a connection; writes are the caller's transaction unless they say otherwise.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from episignal.errors import StoreError

_SOURCE_COLUMNS = (
    "id, url, name, kind, language, every_s, allow_private, follow_links, enabled, added_at, "
    "etag, last_modified, last_poll_at, last_success_at, last_status, last_error, "
    "consecutive_failures, next_due_at, items_seen"
)


@dataclass(frozen=True, slots=True)
class SourceSpec:
    """What a user says about a source: where, what, how often."""

    url: str
    name: str
    kind: str
    every_s: float
    language: str | None = None
    allow_private: bool = False
    follow_links: bool = True


@dataclass(frozen=True, slots=True)
class SourceRow:
    """A registered source with its polling state."""

    id: int
    url: str
    name: str
    kind: str
    language: str | None
    every_s: float
    allow_private: bool
    follow_links: bool
    enabled: bool
    added_at: float
    etag: str | None
    last_modified: str | None
    last_poll_at: float | None
    last_success_at: float | None
    last_status: str | None
    last_error: str | None
    consecutive_failures: int
    next_due_at: float
    items_seen: int

    @property
    def spec(self) -> SourceSpec:
        return SourceSpec(
            self.url,
            self.name,
            self.kind,
            self.every_s,
            self.language,
            self.allow_private,
            self.follow_links,
        )


@dataclass(frozen=True, slots=True)
class PollRecord:
    """What one poll of a source did, to be written to its row."""

    at: float
    ok: bool
    status: str  # "ok", "not modified", or a short failure reason
    next_due_at: float
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    new_items: int = 0


def _source(row: Sequence[Any]) -> SourceRow:
    return SourceRow(
        id=int(row[0]),
        url=str(row[1]),
        name=str(row[2]),
        kind=str(row[3]),
        language=row[4],
        every_s=float(row[5]),
        allow_private=bool(row[6]),
        follow_links=bool(row[7]),
        enabled=bool(row[8]),
        added_at=float(row[9]),
        etag=row[10],
        last_modified=row[11],
        last_poll_at=row[12],
        last_success_at=row[13],
        last_status=row[14],
        last_error=row[15],
        consecutive_failures=int(row[16]),
        next_due_at=float(row[17]),
        items_seen=int(row[18]),
    )


# --------------------------------------------------------------------------- registry


def add_source(conn: sqlite3.Connection, spec: SourceSpec, now: float) -> SourceRow:
    """Register ``spec``; a URL already registered is an error that names its source."""
    existing = find_source(conn, spec.url)
    if existing is not None:
        raise StoreError(
            f"{spec.url} is already registered as source {existing.id} ({existing.name})",
            hint="remove it first, or use `episignal sources import` to update sources",
        )
    conn.execute(
        "INSERT INTO watch_sources (url, name, kind, language, every_s, allow_private, "
        "follow_links, added_at, next_due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*_spec_values(spec), now, now),
    )
    found = find_source(conn, spec.url)
    assert found is not None
    return found


def upsert_source(conn: sqlite3.Connection, spec: SourceSpec, now: float) -> tuple[SourceRow, bool]:
    """Register ``spec`` or update the registered source with its URL, keeping its state.

    Returns the row and whether it is new. A shorter schedule takes effect at once.
    """
    existing = find_source(conn, spec.url)
    if existing is None:
        return add_source(conn, spec, now), True
    conn.execute(
        "UPDATE watch_sources SET name = ?, kind = ?, language = ?, every_s = ?, "
        "allow_private = ?, follow_links = ?, enabled = 1, "
        "next_due_at = MIN(next_due_at, COALESCE(last_poll_at, ?) + ?) WHERE id = ?",
        (*_spec_values(spec)[1:], now, spec.every_s, existing.id),
    )
    updated = find_source(conn, spec.url)
    assert updated is not None
    return updated, False


def _spec_values(spec: SourceSpec) -> tuple[Any, ...]:
    return (
        spec.url,
        spec.name,
        spec.kind,
        spec.language,
        spec.every_s,
        int(spec.allow_private),
        int(spec.follow_links),
    )


def find_source(conn: sqlite3.Connection, ref: str | int) -> SourceRow | None:
    """The source with id ``ref`` (an int or a string of digits), else with URL or name ``ref``."""
    if isinstance(ref, int) or ref.isdigit():
        row = conn.execute(
            f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE id = ?", (int(ref),)
        ).fetchone()
        if row is not None or isinstance(ref, int):
            return None if row is None else _source(row)
    row = conn.execute(
        f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE url = ? OR name = ? ORDER BY id",
        (ref, ref),
    ).fetchone()
    return None if row is None else _source(row)


def list_sources(conn: sqlite3.Connection) -> list[SourceRow]:
    rows = conn.execute(f"SELECT {_SOURCE_COLUMNS} FROM watch_sources ORDER BY id")
    return [_source(row) for row in rows]


def remove_source(conn: sqlite3.Connection, source_id: int) -> None:
    """Forget a source and its items (the documents read from it stay in the store)."""
    conn.execute("DELETE FROM watch_sources WHERE id = ?", (source_id,))


# --------------------------------------------------------------------------- scheduling


def due_sources(
    conn: sqlite3.Connection, now: float, limit: int, busy: Iterable[int] = ()
) -> list[SourceRow]:
    """Enabled sources due at ``now``, longest overdue first, not those in ``busy``."""
    skip = set(busy)
    rows = conn.execute(
        f"SELECT {_SOURCE_COLUMNS} FROM watch_sources WHERE enabled = 1 AND next_due_at <= ? "
        "ORDER BY next_due_at, id LIMIT ?",
        (now, limit + len(skip)),
    )
    return [s for s in map(_source, rows) if s.id not in skip][:limit]


def next_due_at(conn: sqlite3.Connection, busy: Iterable[int] = ()) -> float | None:
    """When the next source not in ``busy`` is due, or None without sources."""
    skip = tuple(busy)
    marks = ",".join("?" * len(skip))
    where = f" AND id NOT IN ({marks})" if skip else ""
    row = conn.execute(
        f"SELECT MIN(next_due_at) FROM watch_sources WHERE enabled = 1{where}", skip
    ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def record_poll(conn: sqlite3.Connection, source_id: int, poll: PollRecord) -> None:
    """Write one poll's outcome: validators and success on success, a failure count else."""
    if poll.ok:
        conn.execute(
            "UPDATE watch_sources SET last_poll_at = ?, last_success_at = ?, last_status = ?, "
            "last_error = NULL, consecutive_failures = 0, next_due_at = ?, "
            "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
            "items_seen = items_seen + ? WHERE id = ?",
            (
                poll.at,
                poll.at,
                poll.status,
                poll.next_due_at,
                poll.etag,
                poll.last_modified,
                poll.new_items,
                source_id,
            ),
        )
    else:
        conn.execute(
            "UPDATE watch_sources SET last_poll_at = ?, last_status = ?, last_error = ?, "
            "consecutive_failures = consecutive_failures + 1, next_due_at = ? WHERE id = ?",
            (poll.at, poll.status, poll.error, poll.next_due_at, source_id),
        )


# --------------------------------------------------------------------------- items


@dataclass(frozen=True, slots=True)
class ItemState:
    state: str
    attempts: int


def item_states(
    conn: sqlite3.Connection, source_id: int, keys: Sequence[str]
) -> dict[str, ItemState]:
    """State of those of ``keys`` the source has shown before."""
    out: dict[str, ItemState] = {}
    for start in range(0, len(keys), 500):  # SQLite's bound-parameter limit
        batch = keys[start : start + 500]
        marks = ",".join("?" * len(batch))
        rows = conn.execute(
            f"SELECT item_key, state, attempts FROM watch_items "
            f"WHERE source_id = ? AND item_key IN ({marks})",
            (source_id, *batch),
        )
        out.update({str(r[0]): ItemState(str(r[1]), int(r[2])) for r in rows})
    return out


def finish_item(
    conn: sqlite3.Connection,
    source_id: int,
    key: str,
    *,
    url: str | None,
    document_id: str | None,
    state: str,
    now: float,
    error: str | None = None,
) -> None:
    """Mark an item processed (``done``) or given up (``failed``, with why)."""
    conn.execute(
        "INSERT INTO watch_items (source_id, item_key, url, document_id, state, attempts, "
        "last_error, first_seen_at, done_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) "
        "ON CONFLICT (source_id, item_key) DO UPDATE SET url = excluded.url, "
        "document_id = excluded.document_id, state = excluded.state, "
        "attempts = attempts + 1, last_error = excluded.last_error, done_at = excluded.done_at",
        (source_id, key, url, document_id, state, error, now, now),
    )


def retry_item(
    conn: sqlite3.Connection, source_id: int, key: str, *, url: str | None, error: str, now: float
) -> int:
    """Count one failed attempt at an item left pending; return its attempts so far."""
    conn.execute(
        "INSERT INTO watch_items (source_id, item_key, url, state, attempts, last_error, "
        "first_seen_at) VALUES (?, ?, ?, 'pending', 1, ?, ?) "
        "ON CONFLICT (source_id, item_key) DO UPDATE SET attempts = attempts + 1, "
        "last_error = excluded.last_error",
        (source_id, key, url, error, now),
    )
    row = conn.execute(
        "SELECT attempts FROM watch_items WHERE source_id = ? AND item_key = ?", (source_id, key)
    ).fetchone()
    return int(row[0])


def pending_items(conn: sqlite3.Connection) -> dict[int, int]:
    """Per source id, items seen but not processed yet (waiting for a retry)."""
    rows = conn.execute(
        "SELECT source_id, COUNT(*) FROM watch_items WHERE state = 'pending' GROUP BY source_id"
    )
    return {int(r[0]): int(r[1]) for r in rows}
