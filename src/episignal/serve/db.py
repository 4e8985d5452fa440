"""Per-thread SQLite connections for the web app (sqlite3 connections are not shared
between threads); WAL lets every reader run while a scan writes."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

from episignal.errors import StoreError
from episignal.serve.cache import EventCaches
from episignal.serve.workbench import Workbench
from episignal.store import Store
from episignal.store.accounts import Accounts
from episignal.store.triage import TriageStore

MMAP_BYTES = 1 << 30


class Database:
    """Opens (and on first use migrates) the database; hands each thread its own objects."""

    def __init__(self, path: Path) -> None:
        if not path.exists():
            raise StoreError(
                f"no database at {path}", hint="run `episignal scan SOURCES --db PATH` first"
            )
        self.path = path
        Store.open(path).close()  # migrate once, before any request
        self._local = threading.local()
        self._lock = threading.Lock()
        self._stores: list[Store] = []
        self.caches = EventCaches()

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.path)
            # Readers share the OS page cache through a memory map instead of copying
            # pages into each connection's own cache (one connection per thread).
            store.conn.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            self._local.store = store
            self._local.workbench = Workbench(store, self.caches)
            self._local.accounts = Accounts(store.conn)
            with self._lock:
                self._stores.append(store)
        return store

    def workbench(self) -> Workbench:
        self.store()
        workbench: Workbench = self._local.workbench
        return workbench

    def accounts(self) -> Accounts:
        self.store()
        accounts: Accounts = self._local.accounts
        return accounts

    def triage(self) -> TriageStore:
        return self.workbench().ledger

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                with suppress(sqlite3.ProgrammingError):  # another thread's connection
                    store.close()
            self._stores.clear()
