"""The single writer: decides what each prepared document is and stores it atomically.

For each document, in input order:

1. same id and same raw content already stored -> ``unchanged`` (a rescan adds nothing);
2. a canonical document has the same normalised text -> ``exact`` duplicate;
3. a language without a profile -> ``unsupported_language`` (stored, not extracted);
4. a canonical document is near-identical (MinHash LSH, whose bands live in the
   database: see :mod:`episignal.store.nearindex`) *and* tells the same facts (primary
   disease, affected countries, set of (value, measure) counts) -> ``near`` duplicate;
   templated bulletins about different events stay separate;
5. otherwise a new canonical document (``new``; its status says whether it is relevant).

Copies keep their own row (outlet, url, title) but contribute no facts.
"""

from __future__ import annotations

import logging
from typing import Literal, Protocol

from episignal.store.db import RETRY_STATUSES, Store
from episignal.store.records import PreparedDocument, guards_agree

log = logging.getLogger(__name__)

Outcome = Literal["unchanged", "exact", "near", "unsupported_language", "new"]


class NearIndex(Protocol):
    """What the writer needs of a near-duplicate index (inside the document's transaction)."""

    def add(self, doc_id: str, signature: bytes) -> None: ...

    def candidates(self, signature: bytes) -> list[tuple[str, float]]: ...


class DocumentWriter:
    """Stores prepared documents one transaction each, with duplicate detection."""

    def __init__(self, store: Store, index: NearIndex | None = None) -> None:
        self.store = store
        # The database's own index by default, so that concurrent writers see each other.
        self.index: NearIndex = index if index is not None else store.near_index

    def is_unchanged(self, doc_id: str, raw_hash: str) -> bool:
        """Already stored from the same raw content (and not a failure worth retrying)."""
        state = self.store.stored_state(doc_id)
        return (
            state is not None
            and bool(raw_hash)
            and state.raw_hash == raw_hash
            and state.status not in RETRY_STATUSES
        )

    def write(self, p: PreparedDocument) -> Outcome:
        """Classify and store ``p`` in one transaction. The checks run inside it too, so a
        second scan writing to the same file at the same time cannot slip in between."""
        with self.store.transaction():
            outcome = self._classify_and_put(p)
            if outcome == "new" and p.signature is not None:
                self.index.add(p.document.id, p.signature)
        return outcome

    def _classify_and_put(self, p: PreparedDocument) -> Outcome:
        doc = p.document
        if self.is_unchanged(doc.id, p.raw_hash):
            return "unchanged"
        canonical = self.store.canonical_with_hash(doc.content_hash, exclude=doc.id)
        if canonical is not None:
            self.store.put_duplicate(p, canonical, "exact", 1.0)
            return "exact"
        if not p.supported:
            self.store.put_canonical(p)
            return "unsupported_language"
        near = self._near_match(p)
        if near is not None:
            self.store.put_duplicate(p, near[0], "near", near[1])
            return "near"
        self.store.put_canonical(p)
        return "new"

    def _near_match(self, p: PreparedDocument) -> tuple[str, float] | None:
        """The most similar canonical document that also tells the same facts."""
        if p.signature is None:
            return None
        candidates = sorted(self.index.candidates(p.signature), key=lambda c: (-c[1], c[0]))
        for doc_id, similarity in candidates:
            if doc_id == p.document.id:
                continue
            guard = self.store.guard_of(doc_id)
            if guard is not None and p.guard is not None and guards_agree(guard, p.guard):
                return doc_id, similarity
            log.debug(
                "%s resembles %s (%.2f) but reports other facts: kept apart",
                p.document.id,
                doc_id,
                similarity,
            )
        return None
