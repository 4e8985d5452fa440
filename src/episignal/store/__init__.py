"""The SQLite store: documents, extractions, facts, responses, duplicates and events.

Public API:

* :class:`Store` — ``Store.open(path)`` (a context manager) creates or migrates the file;
  ``load_events()``, ``iter_documents_with_extractions()``, ``refresh_events()``;
* :class:`DocumentWriter` — the scan's single writer, with exact/near duplicate detection;
* :class:`PreparedDocument` — the rows of one document, as the pipeline hands them over
  (``episignal.prepare`` computes them; the store never imports extraction code).

See docs/store.md for the schema and the rules.
"""

from __future__ import annotations

from episignal.store.db import Store
from episignal.store.queries import EventChanges
from episignal.store.records import PreparedDocument
from episignal.store.writer import DocumentWriter

__all__ = ["DocumentWriter", "EventChanges", "PreparedDocument", "Store"]
