"""Migration 4: the persistent event store (SQL statements only; see docs/store.md).

Events are stored, not recomputed on read: ``events`` holds each event's record (the
``episignal events`` JSON) and the columns the query layer filters and sorts on, with
side tables for areas, flags and documents, and an FTS5 index for free text. What the
incremental update needs: ``reports`` (per document, the primary disease in each affected
country), ``event_members`` (where each document of each (disease, country) key belongs),
``event_segments`` (periods of reporting and their event), ``event_dirty`` (what changed).
What survives every rebuild: ``event_redirects`` (merged or retired ids), ``event_moves``,
``claim_exclusions``, ``event_corrections`` (the log of analysts' corrections),
``event_triage``; ``event_deltas`` logs what each update changed.
"""

from __future__ import annotations

_STATUSES = "'new', 'monitoring', 'verified', 'discarded', 'escalated'"

EVENT_STORE: tuple[str, ...] = (
    # The events of version 1 were recomputed from the facts on every read: derived data,
    # rebuilt by the first update (every canonical document is marked changed below).
    "DROP TABLE event_facts",
    "DROP TABLE events",
    "DELETE FROM meta WHERE key = 'events_dirty'",
    """
    CREATE TABLE reports (
        id          INTEGER PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        disease     TEXT NOT NULL,
        icd10       TEXT,
        country     TEXT NOT NULL,
        date        TEXT,
        span_start  INTEGER NOT NULL,
        span_end    INTEGER NOT NULL,
        quote       TEXT NOT NULL
    )
    """,
    "CREATE INDEX reports_document ON reports(document_id)",
    "CREATE INDEX reports_key ON reports(country, lower(disease))",
    "CREATE INDEX facts_key ON facts(country, lower(disease))",
    "CREATE INDEX responses_key ON responses(country, lower(disease), date)",
    # Reports of documents stored before this version, from their extraction records: the
    # sentence is not known here, so the title stands for it.
    """
    INSERT INTO reports (document_id, disease, icd10, country, date, span_start, span_end, quote)
    SELECT d.id, json_extract(e.record, '$.primary.disease.name'),
           json_extract(e.record, '$.primary.disease.icd10'), upper(c.value), d.published,
           0, 0, coalesce(d.title, '')
    FROM documents d
    JOIN extractions e ON e.document_id = d.id
    JOIN json_each(e.record, '$.primary.countries') c
    WHERE d.status = 'extracted' AND d.duplicate_of IS NULL
      AND json_extract(e.record, '$.primary.disease.name') IS NOT NULL
    """,
    """
    CREATE TABLE events (
        id          TEXT PRIMARY KEY,
        disease     TEXT NOT NULL,
        disease_key TEXT NOT NULL,
        icd10       TEXT,
        country     TEXT NOT NULL,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL,
        cases       INTEGER,
        deaths      INTEGER,
        base_score  REAL NOT NULL,
        score       REAL NOT NULL,
        recency     REAL NOT NULL,
        reason      TEXT NOT NULL,
        severity    INTEGER NOT NULL,
        documents   INTEGER NOT NULL,
        split_from  TEXT,
        version     INTEGER NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        summary     TEXT NOT NULL,
        record      TEXT NOT NULL,
        record_hash TEXT NOT NULL
    )
    """,
    "CREATE INDEX events_score ON events(score, id)",
    "CREATE INDEX events_last_seen ON events(last_seen, id)",
    "CREATE INDEX events_first_seen ON events(first_seen, id)",
    "CREATE INDEX events_updated ON events(updated_at, id)",
    "CREATE INDEX events_created ON events(created_at, id)",
    "CREATE INDEX events_cases ON events(cases, id)",
    "CREATE INDEX events_deaths ON events(deaths, id)",
    "CREATE INDEX events_place ON events(country, disease_key)",
    "CREATE INDEX events_disease ON events(disease_key)",
    "CREATE INDEX events_icd10 ON events(icd10)",
    """
    CREATE TABLE event_areas (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        admin1   TEXT NOT NULL,
        PRIMARY KEY (event_id, admin1)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX event_areas_admin1 ON event_areas(admin1 COLLATE NOCASE)",
    """
    CREATE TABLE event_flags (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind     TEXT NOT NULL,
        admin1   TEXT NOT NULL DEFAULT '',
        severity TEXT NOT NULL,
        PRIMARY KEY (event_id, kind, admin1)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX event_flags_kind ON event_flags(kind)",
    """
    CREATE TABLE event_documents (
        event_id    TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        document_id TEXT NOT NULL,
        PRIMARY KEY (event_id, document_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX event_documents_document ON event_documents(document_id)",
    """
    CREATE TABLE event_segments (
        id          TEXT PRIMARY KEY,
        disease_key TEXT NOT NULL,
        country     TEXT NOT NULL,
        event_id    TEXT NOT NULL,
        split_from  TEXT
    )
    """,
    "CREATE INDEX event_segments_key ON event_segments(country, disease_key)",
    "CREATE INDEX event_segments_event ON event_segments(event_id)",
    """
    CREATE TABLE event_members (
        document_id TEXT NOT NULL,
        disease_key TEXT NOT NULL,
        country     TEXT NOT NULL,
        date        TEXT NOT NULL,
        segment_id  TEXT,
        event_id    TEXT NOT NULL,
        PRIMARY KEY (document_id, disease_key, country)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX event_members_event ON event_members(event_id)",
    "CREATE INDEX event_members_key ON event_members(country, disease_key)",
    "CREATE INDEX event_members_date ON event_members(date)",
    """
    CREATE TABLE event_redirects (
        old_id TEXT PRIMARY KEY,
        new_id TEXT,
        reason TEXT NOT NULL,
        by     TEXT,
        at     TEXT NOT NULL
    )
    """,
    "CREATE INDEX event_redirects_new ON event_redirects(new_id)",
    """
    CREATE TABLE event_moves (
        document_id TEXT NOT NULL,
        disease_key TEXT NOT NULL,
        country     TEXT NOT NULL,
        to_event    TEXT NOT NULL,
        by          TEXT,
        note        TEXT,
        at          TEXT NOT NULL,
        PRIMARY KEY (document_id, disease_key, country)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX event_moves_key ON event_moves(country, disease_key)",
    """
    CREATE TABLE claim_exclusions (
        claim_key   TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        event_id    TEXT NOT NULL,
        reason      TEXT NOT NULL,
        by          TEXT,
        at          TEXT NOT NULL
    )
    """,
    "CREATE INDEX claim_exclusions_document ON claim_exclusions(document_id)",
    """
    CREATE TABLE event_corrections (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        event_id    TEXT NOT NULL,
        other       TEXT,
        document_id TEXT,
        claim_key   TEXT,
        by          TEXT,
        note        TEXT,
        at          TEXT NOT NULL
    )
    """,
    "CREATE INDEX event_corrections_event ON event_corrections(event_id)",
    f"""
    CREATE TABLE event_triage (
        event_id   TEXT PRIMARY KEY,
        status     TEXT NOT NULL DEFAULT 'new' CHECK (status IN ({_STATUSES})),
        assignee   TEXT,
        updated_at TEXT,
        updated_by TEXT
    )
    """,
    "CREATE INDEX event_triage_status ON event_triage(status)",
    """
    CREATE TABLE event_dirty (
        seq         INTEGER PRIMARY KEY AUTOINCREMENT,
        document_id TEXT,
        disease_key TEXT,
        country     TEXT
    )
    """,
    """
    CREATE TABLE event_deltas (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        at       TEXT NOT NULL,
        event_id TEXT NOT NULL,
        kind     TEXT NOT NULL,
        data     TEXT NOT NULL
    )
    """,
    "CREATE INDEX event_deltas_event ON event_deltas(event_id)",
    """
    CREATE VIRTUAL TABLE event_search USING fts5(
        event_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    INSERT INTO event_dirty (document_id)
    SELECT id FROM documents WHERE status = 'extracted' AND duplicate_of IS NULL
    """,
)
