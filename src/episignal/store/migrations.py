"""Numbered schema migrations, applied in order and recorded in ``schema_migrations``.

A migration is a tuple of SQL statements run in one ``BEGIN IMMEDIATE`` transaction
together with its ``schema_migrations`` row, so a database is always at a whole version.
Never edit a released migration: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from episignal.errors import StoreError
from episignal.store.eventstore.schema import EVENT_STORE
from episignal.store.nearindex import backfill as backfill_near_bands
from episignal.store.watch_schema import WATCH_TABLES
from episignal.store.workbench_schema import WORKBENCH_STATEMENTS

# Written into the SQLite header ("epsi"): a database of another application is refused
# instead of having our tables added to it.
APPLICATION_ID = 0x65707369


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    # Rows the statements cannot compute (hashes): filled in, in the same transaction.
    backfill: Callable[[sqlite3.Connection], None] | None = None


_DOCUMENT_STATUSES = (
    "'extracted', 'irrelevant', 'duplicate', 'near_duplicate', 'non_english', 'skipped', 'failed'"
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "documents, extractions, facts, responses, duplicates, events",
        (
            f"""
            CREATE TABLE documents (
                id           TEXT PRIMARY KEY,
                origin       TEXT NOT NULL,
                url          TEXT,
                title        TEXT,
                source       TEXT,
                published    TEXT,
                language     TEXT,
                status       TEXT NOT NULL CHECK (status IN ({_DOCUMENT_STATUSES})),
                reason       TEXT,
                text         TEXT,
                raw_hash     TEXT,
                content_hash TEXT,
                signature    BLOB,
                guard        TEXT,
                duplicate_of TEXT REFERENCES documents(id) ON DELETE SET NULL,
                created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                updated_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            )
            """,
            # Canonical documents have distinct texts; copies share their canonical's hash.
            """
            CREATE UNIQUE INDEX documents_canonical_hash ON documents(content_hash)
            WHERE duplicate_of IS NULL AND content_hash IS NOT NULL
            """,
            """
            CREATE INDEX documents_duplicate_of ON documents(duplicate_of)
            WHERE duplicate_of IS NOT NULL
            """,
            "CREATE INDEX documents_status ON documents(status)",
            """
            CREATE TABLE extractions (
                document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                record      TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE facts (
                id          INTEGER PRIMARY KEY,
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                disease     TEXT,
                icd10       TEXT,
                variant     TEXT,
                country     TEXT,
                admin1      TEXT,
                date        TEXT,
                measure     TEXT NOT NULL,
                status      TEXT,
                cumulative  INTEGER,
                species     TEXT NOT NULL,
                value       INTEGER NOT NULL,
                low         INTEGER,
                high        INTEGER,
                approximate INTEGER NOT NULL,
                source      TEXT,
                span_start  INTEGER NOT NULL,
                span_end    INTEGER NOT NULL,
                quote       TEXT NOT NULL
            )
            """,
            "CREATE INDEX facts_document ON facts(document_id)",
            """
            CREATE TABLE responses (
                id          INTEGER PRIMARY KEY,
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                kind        TEXT NOT NULL CHECK (kind IN ('measure', 'resource')),
                disease     TEXT,
                country     TEXT,
                date        TEXT,
                span_start  INTEGER NOT NULL,
                span_end    INTEGER NOT NULL,
                quote       TEXT NOT NULL,
                data        TEXT NOT NULL
            )
            """,
            "CREATE INDEX responses_document ON responses(document_id)",
            """
            CREATE TABLE duplicates (
                document_id  TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                canonical_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                kind         TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
                similarity   REAL NOT NULL
            )
            """,
            "CREATE INDEX duplicates_canonical ON duplicates(canonical_id)",
            """
            CREATE TABLE events (
                id          TEXT PRIMARY KEY,
                disease     TEXT,
                icd10       TEXT,
                country     TEXT,
                admin1      TEXT,
                first_seen  TEXT,
                last_seen   TEXT,
                score       REAL,
                record      TEXT NOT NULL,
                record_hash TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE event_facts (
                event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
                fact_id  INTEGER NOT NULL REFERENCES facts(id) ON DELETE CASCADE,
                PRIMARY KEY (event_id, fact_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX event_facts_fact ON event_facts(fact_id)",
            # Small key/value state, e.g. whether the events table lags behind the facts.
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO meta (key, value) VALUES ('events_dirty', '0')",
        ),
    ),
    Migration(
        2,
        "facts: scope, kind, area, condition and the reason a fact stays out of the series",
        (
            # Rows of a version-1 store were made only from relevant documents' figures and
            # read as observed national counts: the defaults keep that meaning.
            "ALTER TABLE facts ADD COLUMN scope TEXT NOT NULL DEFAULT 'national'",
            "ALTER TABLE facts ADD COLUMN kind TEXT NOT NULL DEFAULT 'observed'",
            "ALTER TABLE facts ADD COLUMN area TEXT",
            "ALTER TABLE facts ADD COLUMN condition TEXT",
            "ALTER TABLE facts ADD COLUMN exclusion TEXT",
        ),
    ),
    Migration(
        3,
        "near-duplicate index in the database, publication date sources, notes, application id",
        (
            # LSH bands of canonical documents' MinHash signatures: one row per band.
            """
            CREATE TABLE near_bands (
                band        INTEGER NOT NULL,
                key         INTEGER NOT NULL,
                document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                PRIMARY KEY (band, key, document_id)
            ) WITHOUT ROWID
            """,
            "CREATE INDEX near_bands_document ON near_bands(document_id)",
            # Where the publication date came from (metadata, dateline, text, file, ...).
            "ALTER TABLE documents ADD COLUMN published_source TEXT",
            # Values read from the input and set aside, with why (one per line).
            "ALTER TABLE documents ADD COLUMN notes TEXT",
            f"PRAGMA application_id = {APPLICATION_ID}",
        ),
        backfill=backfill_near_bands,
    ),
    Migration(4, "persistent events: reports, memberships, ids, corrections, triage", EVENT_STORE),
    Migration(5, "watch: sources, items seen, alerts, digests", WATCH_TABLES),
    Migration(
        6,
        "workbench: accounts, sessions, tags, notes, audit, document search",
        WORKBENCH_STATEMENTS,
    ),
    Migration(
        7,
        "documents: unsupported_language status for languages without a profile",
        (),
        backfill=lambda conn: _allow_status(conn, "unsupported_language"),
    ),
)

LATEST_VERSION = max(m.version for m in MIGRATIONS)

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
)
"""


def _allow_status(conn: sqlite3.Connection, status: str) -> None:
    """Add ``status`` to the CHECK list of documents.status, in place.

    SQLite cannot alter a CHECK constraint. Loosening one changes no stored row, so the
    table's schema text is edited (the procedure SQLite's ALTER TABLE documentation gives
    for constraint changes that leave the file format alone) instead of copying every
    document into a new table. Rows with the old statuses (``non_english``) stay valid.
    """
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'documents'"
    ).fetchone()
    anchor = "'non_english', "
    if row is None or anchor not in row[0]:
        raise StoreError("documents table without the expected status constraint")
    if f"'{status}'" in row[0]:
        return
    version = int(conn.execute("PRAGMA schema_version").fetchone()[0])
    conn.execute("PRAGMA writable_schema = ON")
    try:
        conn.execute(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'documents'",
            (row[0].replace(anchor, f"{anchor}'{status}', ", 1),),
        )
        conn.execute(f"PRAGMA schema_version = {version + 1}")
    finally:
        conn.execute("PRAGMA writable_schema = OFF")


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
    ).fetchone()
    if exists is None:
        return set()
    return {int(row[0]) for row in conn.execute("SELECT version FROM schema_migrations")}


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations ``conn`` lacks, in version order; return the versions applied.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Idempotent and safe
    when two processes open a fresh database at once: the pending list is re-read under
    the write lock.
    """
    known = {m.version for m in migrations}
    if _pending(applied_versions(conn), migrations) == [] and not _newer(conn, known):
        return []  # the common case takes no write lock: readers never wait on a writer
    done: list[int] = []
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(_CREATE_LEDGER)
        newer = _newer(conn, known)
        if newer:
            raise StoreError(
                f"the database has schema version {max(newer)}, newer than this episignal knows",
                hint="upgrade episignal or use another --db",
            )
        for migration in _pending(applied_versions(conn), migrations):
            for statement in migration.statements:
                conn.execute(statement)
            if migration.backfill is not None:
                migration.backfill(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                (migration.version, migration.name),
            )
            done.append(migration.version)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return done


def migrations_pending(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> bool:
    return bool(_pending(applied_versions(conn), migrations))


def _pending(applied: set[int], migrations: tuple[Migration, ...]) -> list[Migration]:
    return sorted((m for m in migrations if m.version not in applied), key=lambda m: m.version)


def _newer(conn: sqlite3.Connection, known: set[int]) -> set[int]:
    top = max(known, default=0)
    return {v for v in applied_versions(conn) if v > top}
