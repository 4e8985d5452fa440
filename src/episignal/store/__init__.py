"""The SQLite store: documents, extractions, facts, responses, duplicates and events.

Public API:

* :class:`Store` — ``Store.open(path)`` (a context manager) creates or migrates the file;
  ``store.events`` is the event store (:class:`SQLiteEventStore`: the query layer,
  corrections, triage, and the backend ``episignal.events.refresh_events`` updates);
* :class:`DocumentWriter` — the scan's single writer, with exact/near duplicate detection;
* :class:`PreparedDocument` — the rows of one document, as the pipeline hands them over
  (``episignal.prepare`` computes them; the store never imports extraction code).

See docs/store.md for the schema and the rules.
"""

from __future__ import annotations

from episignal.store.db import Store
from episignal.store.eventstore import SQLiteEventStore
from episignal.store.records import PreparedDocument
from episignal.store.writer import DocumentWriter

__all__ = ["DocumentWriter", "PreparedDocument", "SQLiteEventStore", "Store"]
