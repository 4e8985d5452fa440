from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from episignal.errors import StoreError
from episignal.store import Store
from episignal.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate

TABLES = {
    "schema_migrations",
    "documents",
    "extractions",
    "facts",
    "responses",
    "duplicates",
    "events",
    "event_facts",
    "meta",
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
    extra = (
        Migration(3, "third", ("CREATE TABLE third (x INTEGER)",)),
        Migration(2, "second", ("CREATE TABLE second (x INTEGER)",)),
    )
    conn = sqlite3.connect(db, isolation_level=None)
    assert migrate(conn, MIGRATIONS + extra) == [2, 3]
    assert migrate(conn, MIGRATIONS + extra) == []
    assert {"second", "third"} <= tables(conn)
    conn.close()


def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    Store.open(db).close()
    broken = Migration(2, "broken", ("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL"))
    conn = sqlite3.connect(db, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, (*MIGRATIONS, broken))
    assert "half" not in tables(conn)
    applied = [r[0] for r in conn.execute("SELECT version FROM schema_migrations ORDER BY 1")]
    assert applied == [m.version for m in MIGRATIONS]
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
    with pytest.raises(StoreError, match="cannot use"):
        Store.open(db)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    with Store.open(tmp_path / "e.db") as store, pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO extractions (document_id, record) VALUES ('nope', '{}')")
