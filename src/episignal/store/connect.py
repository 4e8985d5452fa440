"""Opening a database file safely, and saying plainly what is wrong with one that fails.

* A file another program holds locked is waited for, with a message after a moment, then
  refused with a clear error (never a traceback).
* A file we may not write is opened read-only: reading commands work, writing ones say why
  they cannot.
* A file that is not SQLite, or is damaged, is named as such.
* An SQLite file of another application (its header's application id, or tables that are
  not ours) is refused: episignal never adds its tables to someone else's database.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from episignal.errors import StoreError
from episignal.store.migrations import APPLICATION_ID

log = logging.getLogger(__name__)

T = TypeVar("T")

NOTICE_AFTER_S = 2.0  # wait this long for a lock silently, then say that we are waiting
LOCK_TIMEOUT_S = 60.0  # then give up with a clear error
_OUR_TABLES = frozenset({"schema_migrations", "documents"})  # made by migration 1


def connect(path: Path) -> tuple[sqlite3.Connection, bool]:
    """An autocommit connection to ``path`` and whether it is read-only."""
    read_only = path.exists() and not os.access(path, os.W_OK)
    try:
        if read_only:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=NOTICE_AFTER_S, isolation_level=None)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=NOTICE_AFTER_S, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    return conn, read_only


def check_owner(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse an SQLite file that belongs to another application."""
    application = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if application == APPLICATION_ID:
        return
    if application != 0:
        raise StoreError(
            f"{path} belongs to another application (SQLite application id {application:#x})",
            hint="choose another --db: episignal does not write into other programs' files",
        )
    tables = {
        str(row[0])
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not str(row[0]).startswith("sqlite_")
    }
    if tables and not tables >= _OUR_TABLES:
        shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is the SQLite database of another application (tables: {shown})",
            hint="choose another --db: episignal does not add its tables to other files",
        )


def waiting_for_lock(
    conn: sqlite3.Connection, path: Path, action: Callable[[], T], *, timeout: float
) -> T:
    """Run ``action``; if another process holds the write lock, say so and keep waiting
    up to ``timeout`` seconds, then fail with a :class:`StoreError`."""
    try:
        return action()
    except sqlite3.OperationalError as exc:
        if not is_locked(exc):
            raise
    log.warning(
        "%s is locked by another process (another scan?): waiting up to %.0f s", path, timeout
    )
    conn.execute(f"PRAGMA busy_timeout={int(max(timeout - NOTICE_AFTER_S, 0.0) * 1000)}")
    try:
        return action()
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            raise StoreError(
                f"{path} is still locked by another process after {timeout:.0f} s",
                hint="wait for the other scan to finish, or close the program using the file",
            ) from exc
        raise
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(NOTICE_AFTER_S * 1000)}")


def is_locked(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc).lower() or "busy" in str(exc).lower()


def explain(exc: sqlite3.Error, path: Path | str = "the database") -> StoreError:
    """A :class:`StoreError` that says what an SQLite failure means for the user."""
    message = str(exc).lower()
    if is_locked(exc):
        return StoreError(
            f"{path} is locked by another process", hint="wait for the other scan to finish"
        )
    if "readonly" in message or "read-only" in message:
        return StoreError(
            f"{path} is read-only: it can be read, not written",
            hint="give write permission, or use another --db",
        )
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreError(
            f"{path} is damaged or not an SQLite database ({exc})",
            hint="restore a copy, or rebuild it with `episignal scan` into a new --db",
        )
    if "disk" in message or "full" in message or "i/o" in message:
        return StoreError(f"cannot write {path}: {exc}", hint="check the disk and its free space")
    return StoreError(f"database error on {path}: {exc}")
