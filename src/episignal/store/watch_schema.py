"""Tables of ``episignal watch`` (migration 5): sources, items seen, the delta cursor, alerts.

Times are seconds since the epoch (REAL, UTC): the watcher compares and adds them on every
cycle, and ``episignal status`` formats them for people.
"""

from __future__ import annotations

SOURCE_KINDS = ("feed", "page", "sitemap", "folder", "warc-dir")
ITEM_STATES = ("pending", "done", "failed")
ALERT_STATUSES = ("pending", "sent", "failed", "dead", "digest")

_KINDS = ", ".join(f"'{k}'" for k in SOURCE_KINDS)
_ITEM_STATES = ", ".join(f"'{s}'" for s in ITEM_STATES)
_ALERT_STATUSES = ", ".join(f"'{s}'" for s in ALERT_STATUSES)

WATCH_TABLES: tuple[str, ...] = (
    f"""
    CREATE TABLE watch_sources (
        id                   INTEGER PRIMARY KEY,
        url                  TEXT NOT NULL UNIQUE,
        name                 TEXT NOT NULL,
        kind                 TEXT NOT NULL CHECK (kind IN ({_KINDS})),
        language             TEXT,
        every_s              REAL NOT NULL CHECK (every_s > 0),
        allow_private        INTEGER NOT NULL DEFAULT 0,
        follow_links         INTEGER NOT NULL DEFAULT 1,
        enabled              INTEGER NOT NULL DEFAULT 1,
        added_at             REAL NOT NULL,
        etag                 TEXT,
        last_modified        TEXT,
        last_poll_at         REAL,
        last_success_at      REAL,
        last_status          TEXT,
        last_error           TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        next_due_at          REAL NOT NULL,
        items_seen           INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX watch_sources_due ON watch_sources(next_due_at) WHERE enabled = 1",
    # One row per feed entry, sitemap URL, page version or file a source has shown: a
    # restarted watcher knows what it already processed and duplicates nothing.
    f"""
    CREATE TABLE watch_items (
        source_id     INTEGER NOT NULL REFERENCES watch_sources(id) ON DELETE CASCADE,
        item_key      TEXT NOT NULL,
        url           TEXT,
        document_id   TEXT,
        state         TEXT NOT NULL CHECK (state IN ({_ITEM_STATES})),
        attempts      INTEGER NOT NULL DEFAULT 0,
        last_error    TEXT,
        first_seen_at REAL NOT NULL,
        done_at       REAL,
        PRIMARY KEY (source_id, item_key)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX watch_items_done ON watch_items(done_at) WHERE done_at IS NOT NULL",
    # How far the alerting has read the event store's delta log (event_deltas.seq): it
    # moves in the transaction that stores the alerts, so a crash loses and doubles none.
    """
    CREATE TABLE watch_cursor (
        name       TEXT PRIMARY KEY,
        seq        INTEGER NOT NULL,
        updated_at REAL NOT NULL
    )
    """,
    # One alert per (channel, event, delta): the unique key makes a repeated delta a no-op.
    f"""
    CREATE TABLE watch_alerts (
        id              INTEGER PRIMARY KEY,
        created_at      REAL NOT NULL,
        channel         TEXT NOT NULL,
        rules           TEXT NOT NULL,
        event_id        TEXT NOT NULL,
        delta_kind      TEXT NOT NULL,
        delta_key       TEXT NOT NULL,
        title           TEXT NOT NULL,
        payload         TEXT NOT NULL,
        status          TEXT NOT NULL CHECK (status IN ({_ALERT_STATUSES})),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL,
        last_attempt_at REAL,
        sent_at         REAL,
        reason          TEXT,
        UNIQUE (channel, event_id, delta_key)
    )
    """,
    "CREATE INDEX watch_alerts_due ON watch_alerts(status, next_attempt_at)",
    "CREATE INDEX watch_alerts_sent ON watch_alerts(channel, sent_at)",
    """
    CREATE TABLE watch_digests (
        channel    TEXT NOT NULL,
        day        TEXT NOT NULL,
        status     TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
        alerts     INTEGER NOT NULL,
        path       TEXT,
        attempts   INTEGER NOT NULL DEFAULT 0,
        sent_at    REAL,
        reason     TEXT,
        PRIMARY KEY (channel, day)
    )
    """,
)
