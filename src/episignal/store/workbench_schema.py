"""Schema of the analysts' workbench (migration 6): accounts, sessions, API tokens, triage
tags and notes, the audit log and full-text search over documents.

Triage status, assignee and analysts' corrections live in the event store (migration 4:
``event_triage``, ``claim_exclusions``, ``event_moves``, ``event_redirects``); tags and
notes here are keyed on event ids, which the event store never changes. Nothing references
the ``events`` table: a merged event's id redirects, its notes stay readable under it.
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
    # The board's assignee filter (event_triage is the event store's, migration 4).
    "CREATE INDEX event_triage_assignee ON event_triage(assignee COLLATE NOCASE)",
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
    "CREATE INDEX audit_log_actor ON audit_log(actor, id)",
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
