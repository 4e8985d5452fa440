"""Per-thread SQLite connections for the web app (sqlite3 connections are not shared
between threads); WAL lets every reader run while a scan writes."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import suppress
from pathlib import Path

from episignal.errors import StoreError
from episignal.serve.legacy import StoreEventSource
from episignal.store import Store
from episignal.store.accounts import Accounts
from episignal.store.triage import TriageStore


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

    def store(self) -> Store:
        store: Store | None = getattr(self._local, "store", None)
        if store is None:
            store = Store.open(self.path)
            self._local.store = store
            with self._lock:
                self._stores.append(store)
        return store

    def source(self) -> StoreEventSource:
        source: StoreEventSource | None = getattr(self._local, "source", None)
        if source is None:
            source = StoreEventSource(self.store().conn)
            self._local.source = source
        return source

    def accounts(self) -> Accounts:
        return Accounts(self.store().conn)

    def triage(self) -> TriageStore:
        return TriageStore(self.store().conn)

    def close(self) -> None:
        with self._lock:
            for store in self._stores:
                with suppress(sqlite3.ProgrammingError):  # another thread's connection
                    store.close()
            self._stores.clear()
