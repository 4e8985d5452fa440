"""The delta cursor, alerts and digests of ``episignal watch`` (tables of migration 5).

Functions take a connection; writes are the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

_ALERT_COLUMNS = (
    "id, created_at, channel, rules, event_id, delta_kind, delta_key, title, payload, status, "
    "attempts, next_attempt_at, last_attempt_at, sent_at, reason"
)


# --------------------------------------------------------------------------- cursor


def get_cursor(conn: sqlite3.Connection, name: str) -> int | None:
    """The last event delta (sequence number) cursor ``name`` handled; None before any."""
    row = conn.execute("SELECT seq FROM watch_cursor WHERE name = ?", (name,)).fetchone()
    return None if row is None else int(row[0])


def set_cursor(conn: sqlite3.Connection, name: str, seq: int, now: float) -> None:
    conn.execute(
        "INSERT INTO watch_cursor (name, seq, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at",
        (name, seq, now),
    )


# --------------------------------------------------------------------------- alerts


@dataclass(frozen=True, slots=True)
class AlertDraft:
    """An alert to store: one per (channel, event, delta)."""

    channel: str
    rules: str  # names of the rules that matched, comma-separated
    event_id: str
    delta_kind: str
    delta_key: str
    title: str
    payload: str  # JSON
    status: str  # "pending" (sent soon) or "digest" (waits for the channel's digest)


@dataclass(frozen=True, slots=True)
class AlertRow:
    id: int
    created_at: float
    channel: str
    rules: str
    event_id: str
    delta_kind: str
    delta_key: str
    title: str
    payload: str
    status: str
    attempts: int
    next_attempt_at: float | None
    last_attempt_at: float | None
    sent_at: float | None
    reason: str | None


def _alert(row: Sequence[Any]) -> AlertRow:
    return AlertRow(
        id=int(row[0]),
        created_at=float(row[1]),
        channel=str(row[2]),
        rules=str(row[3]),
        event_id=str(row[4]),
        delta_kind=str(row[5]),
        delta_key=str(row[6]),
        title=str(row[7]),
        payload=str(row[8]),
        status=str(row[9]),
        attempts=int(row[10]),
        next_attempt_at=row[11],
        last_attempt_at=row[12],
        sent_at=row[13],
        reason=row[14],
    )


def insert_alert(conn: sqlite3.Connection, draft: AlertDraft, now: float) -> bool:
    """Store ``draft`` unless the same delta was already alerted on that channel."""
    cursor = conn.execute(
        "INSERT OR IGNORE INTO watch_alerts (created_at, channel, rules, event_id, delta_kind, "
        "delta_key, title, payload, status, next_attempt_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            now,
            draft.channel,
            draft.rules,
            draft.event_id,
            draft.delta_kind,
            draft.delta_key,
            draft.title,
            draft.payload,
            draft.status,
            now,
        ),
    )
    return cursor.rowcount > 0


def due_alerts(conn: sqlite3.Connection, now: float, limit: int = 100) -> list[AlertRow]:
    """Alerts to (re)send now, oldest first."""
    rows = conn.execute(
        f"SELECT {_ALERT_COLUMNS} FROM watch_alerts WHERE status IN ('pending', 'failed') "
        "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
        (now, limit),
    )
    return [_alert(r) for r in rows]


def next_alert_at(conn: sqlite3.Connection) -> float | None:
    row = conn.execute(
        "SELECT MIN(next_attempt_at) FROM watch_alerts WHERE status IN ('pending', 'failed')"
    ).fetchone()
    return None if row is None or row[0] is None else float(row[0])


def mark_sent(conn: sqlite3.Connection, alert_id: int, now: float) -> None:
    conn.execute(
        "UPDATE watch_alerts SET status = 'sent', attempts = attempts + 1, sent_at = ?, "
        "last_attempt_at = ?, next_attempt_at = NULL, reason = NULL WHERE id = ?",
        (now, now, alert_id),
    )


def mark_failed(
    conn: sqlite3.Connection, alert_id: int, now: float, reason: str, retry_at: float | None
) -> None:
    """A failed attempt: retried at ``retry_at``, or given up (``dead``) when None."""
    conn.execute(
        "UPDATE watch_alerts SET status = ?, attempts = attempts + 1, last_attempt_at = ?, "
        "next_attempt_at = ?, reason = ? WHERE id = ?",
        ("failed" if retry_at is not None else "dead", now, retry_at, reason, alert_id),
    )


def defer_alert(conn: sqlite3.Connection, alert_id: int, until: float, reason: str) -> None:
    """Hold an alert back without counting an attempt (the channel's rate limit)."""
    conn.execute(
        "UPDATE watch_alerts SET next_attempt_at = ?, reason = ? WHERE id = ?",
        (until, reason, alert_id),
    )


def sent_since(conn: sqlite3.Connection, channel: str, since: float) -> list[float]:
    """Times of the alerts sent on ``channel`` since ``since``, oldest first."""
    rows = conn.execute(
        "SELECT sent_at FROM watch_alerts WHERE channel = ? AND status = 'sent' "
        "AND sent_at >= ? ORDER BY sent_at",
        (channel, since),
    )
    return [float(r[0]) for r in rows]


def list_alerts(
    conn: sqlite3.Connection,
    *,
    status: str | None = None,
    channel: str | None = None,
    limit: int = 50,
) -> list[AlertRow]:
    """The latest alerts, newest first, optionally of one status or channel."""
    where, args = [], []
    if status is not None:
        where.append("status = ?")
        args.append(status)
    if channel is not None:
        where.append("channel = ?")
        args.append(channel)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT {_ALERT_COLUMNS} FROM watch_alerts{clause} ORDER BY id DESC LIMIT ?",
        (*args, limit),
    )
    return [_alert(r) for r in rows]


def alert_counts(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute("SELECT status, COUNT(*) FROM watch_alerts GROUP BY status ORDER BY 1")
    return {str(r[0]): int(r[1]) for r in rows}


# --------------------------------------------------------------------------- digests


def digest_alerts(conn: sqlite3.Connection, channel: str) -> list[AlertRow]:
    """Alerts waiting for ``channel``'s next digest, oldest first."""
    rows = conn.execute(
        f"SELECT {_ALERT_COLUMNS} FROM watch_alerts WHERE channel = ? AND status = 'digest' "
        "ORDER BY id",
        (channel,),
    )
    return [_alert(r) for r in rows]


@dataclass(frozen=True, slots=True)
class DigestRow:
    channel: str
    day: str
    status: str
    alerts: int
    path: str | None
    attempts: int
    sent_at: float | None
    reason: str | None


def find_digest(conn: sqlite3.Connection, channel: str, day: str) -> DigestRow | None:
    row = conn.execute(
        "SELECT channel, day, status, alerts, path, attempts, sent_at, reason FROM watch_digests "
        "WHERE channel = ? AND day = ?",
        (channel, day),
    ).fetchone()
    if row is None:
        return None
    return DigestRow(
        str(row[0]), str(row[1]), str(row[2]), int(row[3]), row[4], int(row[5]), row[6], row[7]
    )


def record_digest(
    conn: sqlite3.Connection,
    digest: DigestRow,
    alert_ids: Sequence[int],
) -> None:
    """Write a digest attempt; a sent digest marks its alerts sent."""
    conn.execute(
        "INSERT INTO watch_digests (channel, day, status, alerts, path, attempts, sent_at, reason) "
        "VALUES (?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (channel, day) DO UPDATE SET "
        "status = excluded.status, alerts = excluded.alerts, path = excluded.path, "
        "attempts = watch_digests.attempts + 1, sent_at = excluded.sent_at, "
        "reason = excluded.reason",
        (
            digest.channel,
            digest.day,
            digest.status,
            digest.alerts,
            digest.path,
            digest.sent_at,
            digest.reason,
        ),
    )
    if digest.status == "sent":
        conn.executemany(
            "UPDATE watch_alerts SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
            "last_attempt_at = ?, reason = ? WHERE id = ?",
            [(digest.sent_at, digest.sent_at, f"digest {digest.day}", i) for i in alert_ids],
        )
    else:  # the alerts wait for the digest's retry; each shows why it is late
        conn.executemany(
            "UPDATE watch_alerts SET attempts = attempts + 1, reason = ? WHERE id = ?",
            [(f"digest failed: {digest.reason}", i) for i in alert_ids],
        )
