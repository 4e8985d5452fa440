from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from episignal.errors import StoreError
from episignal.models import EventQuery
from episignal.store import Store
from episignal.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate

TABLES = {
    "schema_migrations",
    "documents",
    "extractions",
    "facts",
    "responses",
    "duplicates",
    "meta",
    "reports",
    "events",
    "event_areas",
    "event_flags",
    "event_documents",
    "event_segments",
    "event_members",
    "event_redirects",
    "event_moves",
    "claim_exclusions",
    "event_corrections",
    "event_triage",
    "event_dirty",
    "event_deltas",
    "event_search",
}


def tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def test_open_creates_every_table_and_records_the_migration(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new" / "e.db") as store:
        assert tables(store.conn) >= TABLES
        rows = store.conn.execute("SELECT version, name FROM schema_migrations").fetchall()
        assert [r[0] for r in rows] == [m.version for m in MIGRATIONS]
        assert rows[-1][0] == LATEST_VERSION


def test_pragmas_wal_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    with Store.open(tmp_path / "e.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    Store.open(db).close()
    with Store.open(db) as store:
        assert migrate(store.conn) == []
        assert store.count("schema_migrations") == len(MIGRATIONS)


def test_later_migrations_apply_in_order_once(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    Store.open(db).close()
    later, last = LATEST_VERSION + 1, LATEST_VERSION + 2
    extra = (
        Migration(last, "third", ("CREATE TABLE third (x INTEGER)",)),
        Migration(later, "second", ("CREATE TABLE second (x INTEGER)",)),
    )
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, MIGRATIONS + extra) == [later, last]
    assert migrate(conn, MIGRATIONS + extra) == []
    assert {"second", "third"} <= tables(conn)
    conn.close()


def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    Store.open(db).close()
    broken = Migration(
        LATEST_VERSION + 1, "broken", ("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL")
    )
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, (*MIGRATIONS, broken))
    assert "half" not in tables(conn)
    versions = [
        r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY version")
    ]
    assert versions == [m.version for m in MIGRATIONS]
    conn.close()


def test_version_1_facts_gain_scope_kind_and_exclusion(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    conn.execute("INSERT INTO documents (id, origin, status) VALUES ('d', 'x', 'extracted')")
    conn.execute(
        "INSERT INTO facts (document_id, measure, species, value, approximate, span_start, "
        "span_end, quote) VALUES ('d', 'cases', 'human', 12, 0, 0, 2, '12 cases')"
    )
    assert 2 in migrate(conn)
    row = conn.execute("SELECT scope, kind, area, condition, exclusion FROM facts").fetchone()
    assert row == ("national", "observed", None, None, None)  # what version 1 facts meant
    conn.close()


def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    Store.open(db).close()
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO schema_migrations (version, name) VALUES (99, 'future')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(db)


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "notes.db"
    db.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store.open(db)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with Store.open(tmp_path / "e.db") as store, pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO extractions (document_id, record) VALUES ('nope', '{}')")


def test_a_version_1_database_gets_its_events_back_after_migration_4(tmp_path: Path) -> None:
    import json

    from episignal.events import refresh_events

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    migrate(conn, MIGRATIONS[:1])
    record = {"primary": {"disease": {"name": "Cholera", "icd10": "A00"}, "countries": ["MW"]}}
    conn.execute(
        "INSERT INTO documents (id, origin, title, published, status, text) "
        "VALUES ('d', 'x', 'Cholera in Malawi', '2023-01-24', 'extracted', 'Cholera in Malawi.')"
    )
    conn.execute("INSERT INTO extractions VALUES ('d', ?)", (json.dumps(record),))
    conn.close()
    with Store.open(db) as store:
        assert store.events.pending() == 1
        assert refresh_events(store.events).created == 1
        (signal,) = store.events.signals(EventQuery()).items
        assert (signal.disease.name, signal.country) == ("Cholera", "MW")
        event = store.events.event(signal.event)
        assert event is not None and event.reports[0].quote == "Cholera in Malawi"


def test_migration_7_adds_unsupported_language_and_keeps_non_english_rows(tmp_path: Path) -> None:
    """A store of before language profiles keeps its ``non_english`` rows readable."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, tuple(m for m in MIGRATIONS if m.version < 7))
    conn.execute("INSERT INTO documents (id, origin, status) VALUES ('old', 'o', 'non_english')")
    conn.close()
    with Store.open(path) as store:
        conn = store.conn
        conn.execute(
            "INSERT INTO documents (id, origin, status, language) "
            "VALUES ('nl', 'o', 'unsupported_language', 'nl')"
        )
        rows = conn.execute("SELECT id, status FROM documents ORDER BY id").fetchall()
        assert rows == [("nl", "unsupported_language"), ("old", "non_english")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO documents (id, origin, status) VALUES ('x', 'o', 'bogus')")
