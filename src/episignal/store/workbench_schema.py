"""Schema of the analysts' workbench (migration 6): accounts, sessions, API tokens, triage
tags and notes, the audit log and full-text search over documents; and, for the interim
adapter over today's store, triage status, corrections and "new/changed" stamps.

Triage and corrections are keyed on event ids and on claim keys (``document:start-end:
measure``), never on fact row ids, which a rescan of a changed document renumbers.
Nothing here references the ``events`` table: events are rebuilt, triage must outlive that.
"""

from __future__ import annotations

_NOW = "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))"

_ACCOUNTS = (
    f"""
    CREATE TABLE users (
        id            INTEGER PRIMARY KEY,
        username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        role          TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
        disabled      INTEGER NOT NULL DEFAULT 0,
        created_at    TEXT NOT NULL DEFAULT {_NOW},
        last_login_at TEXT
    )
    """,
    # Only a hash of each session and API token is kept: a copy of the database opens nothing.
    f"""
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        since      TEXT,
        created_at TEXT NOT NULL DEFAULT {_NOW},
        expires_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX sessions_user ON sessions(user_id)",
    f"""
    CREATE TABLE api_tokens (
        id           INTEGER PRIMARY KEY,
        token_hash   TEXT NOT NULL UNIQUE,
        user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        created_at   TEXT NOT NULL DEFAULT {_NOW},
        last_used_at TEXT,
        revoked_at   TEXT
    )
    """,
)

_TRIAGE = (
    """
    CREATE TABLE triage_tags (
        event_id TEXT NOT NULL,
        tag      TEXT NOT NULL,
        PRIMARY KEY (event_id, tag)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX triage_tags_tag ON triage_tags(tag)",
    f"""
    CREATE TABLE triage_notes (
        id         INTEGER PRIMARY KEY,
        event_id   TEXT NOT NULL,
        author     TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT {_NOW}
    )
    """,
    "CREATE INDEX triage_notes_event ON triage_notes(event_id)",
)

_AUDIT = (
    f"""
    CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL DEFAULT {_NOW},
        actor     TEXT NOT NULL,
        event_id  TEXT,
        action    TEXT NOT NULL,
        old_value TEXT,
        new_value TEXT,
        detail    TEXT
    )
    """,
    "CREATE INDEX audit_log_event ON audit_log(event_id, id)",
)

# Interim: what the workbench keeps for itself until the persistent event store (which has
# its own triage status, corrections and created/updated stamps) is wired in; only
# serve/legacy.py and the interim half of store/triage.py use these tables.
_INTERIM = (
    # The board's default order without a sort of every event (columns that the event
    # store's events table has too, so this index is harmless there).
    "CREATE INDEX IF NOT EXISTS interim_events_score ON events(score, last_seen, id)",
    f"""
    CREATE TABLE interim_triage (
        event_id   TEXT PRIMARY KEY,
        status     TEXT NOT NULL DEFAULT 'new'
                   CHECK (status IN ('new', 'monitoring', 'verified', 'discarded', 'escalated')),
        assignee   TEXT,
        updated_at TEXT NOT NULL DEFAULT {_NOW},
        updated_by TEXT
    )
    """,
    "CREATE INDEX interim_triage_status ON interim_triage(status)",
    f"""
    CREATE TABLE interim_claim_exclusions (
        event_id   TEXT NOT NULL,
        claim_key  TEXT NOT NULL,
        reason     TEXT NOT NULL,
        author     TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT {_NOW},
        PRIMARY KEY (event_id, claim_key)
    ) WITHOUT ROWID
    """,
    f"""
    CREATE TABLE interim_document_moves (
        document_id TEXT NOT NULL,
        from_event  TEXT NOT NULL,
        to_event    TEXT NOT NULL,
        author      TEXT NOT NULL,
        created_at  TEXT NOT NULL DEFAULT {_NOW},
        PRIMARY KEY (document_id, from_event)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX interim_document_moves_to ON interim_document_moves(to_event)",
    f"""
    CREATE TABLE interim_event_merges (
        event_id   TEXT PRIMARY KEY,
        into_event TEXT NOT NULL,
        author     TEXT NOT NULL,
        created_at TEXT NOT NULL DEFAULT {_NOW}
    )
    """,
    "CREATE INDEX interim_event_merges_into ON interim_event_merges(into_event)",
    # When the workbench first saw each event and last saw its content change (board
    # markers), with the board's summary of the event as corrected (filters run on it).
    """
    CREATE TABLE interim_event_marks (
        event_id    TEXT PRIMARY KEY,
        record_hash TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        changed_at  TEXT NOT NULL,
        reason      TEXT,
        cases       INTEGER,
        deaths      INTEGER,
        flags       TEXT NOT NULL DEFAULT '',
        documents   INTEGER NOT NULL DEFAULT 0
    )
    """,
)

# External-content FTS5 index over documents' title and text, kept in step by triggers so a
# scan's writes are searchable as soon as they commit.
_SEARCH = (
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END
    """,
    """
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents
    WHEN old.title IS NOT new.title OR old.text IS NOT new.text BEGIN
        INSERT INTO documents_fts (documents_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END
    """,
    "INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')",
    "CREATE INDEX documents_published ON documents(published)",
)

WORKBENCH_STATEMENTS: tuple[str, ...] = (*_ACCOUNTS, *_TRIAGE, *_AUDIT, *_SEARCH)
INTERIM_STATEMENTS: tuple[str, ...] = _INTERIM
