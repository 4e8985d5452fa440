"""The near-duplicate index, kept in the database so that every scan shares it.

A MinHash signature (128 little-endian uint32 values, see ``episignal.clean.dedup``) is
cut into :data:`BANDS` bands of :data:`ROWS` values; each band's hash is a row of
``near_bands``. Two documents are candidates when they share a band (the banding
datasketch chooses for a Jaccard threshold of 0.65 over 128 permutations). Because the
rows are read and written inside the document's own transaction, concurrent scans of one
database (and the watcher) decide as one sequential scan would: a copy stored by another
process a moment ago is found.
"""

from __future__ import annotations

import hashlib
import sqlite3
from array import array
from collections.abc import Iterator

NUM_PERM = 128
BANDS = 16
ROWS = 8
_BYTES_PER_VALUE = 4
_INDEXED_STATUSES = ("extracted", "irrelevant")

# CROSS JOIN fixes the join order: from the signature's band keys, through the bands'
# primary key, to each candidate document (never a scan of the documents).
_CANDIDATES = f"""
SELECT DISTINCT d.id, d.signature
FROM (VALUES {", ".join(["(?, ?)"] * BANDS)}) AS k
CROSS JOIN near_bands b ON b.band = k.column1 AND b.key = k.column2
CROSS JOIN documents d ON d.id = b.document_id
WHERE d.duplicate_of IS NULL AND d.signature IS NOT NULL AND d.status IN {_INDEXED_STATUSES!r}
"""


def band_keys(signature: bytes) -> list[tuple[int, int]]:
    """(band, key) of each band of ``signature``; key is a signed 64-bit hash of its values."""
    if len(signature) != NUM_PERM * _BYTES_PER_VALUE:
        raise ValueError(f"a signature has {NUM_PERM * 4} bytes, got {len(signature)}")
    width = ROWS * _BYTES_PER_VALUE
    return [(band, _key(signature[band * width : (band + 1) * width])) for band in range(BANDS)]


def _key(chunk: bytes) -> int:
    digest = hashlib.blake2b(chunk, digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal values."""
    if len(a) != len(b) or not a or len(a) % _BYTES_PER_VALUE:
        return 0.0
    va, vb = array("I", a), array("I", b)
    return sum(1 for x, y in zip(va, vb, strict=True) if x == y) / len(va)


class StoredNearIndex:
    """MinHash LSH over the canonical documents of one database connection.

    :meth:`candidates` and :meth:`add` must run inside the document's write transaction.
    """

    def __init__(self, conn: sqlite3.Connection, threshold: float = 0.65) -> None:
        self.conn = conn
        self.threshold = threshold

    def candidates(self, signature: bytes) -> list[tuple[str, float]]:
        """Canonical documents with estimated Jaccard >= threshold, most similar first."""
        if len(signature) != NUM_PERM * _BYTES_PER_VALUE:
            return []
        keys = [value for pair in band_keys(signature) for value in pair]
        found: dict[str, float] = {}
        for doc_id, stored in self.conn.execute(_CANDIDATES, keys):
            if isinstance(stored, bytes):
                found[str(doc_id)] = similarity(signature, stored)
        kept = [(d, s) for d, s in found.items() if s >= self.threshold]
        return sorted(kept, key=lambda pair: (-pair[1], pair[0]))

    def add(self, doc_id: str, signature: bytes) -> None:
        if len(signature) != NUM_PERM * _BYTES_PER_VALUE:
            return  # not a MinHash of ours: the document simply has no near copies
        self.conn.executemany(
            "INSERT OR IGNORE INTO near_bands (band, key, document_id) VALUES (?, ?, ?)",
            [(band, key, doc_id) for band, key in band_keys(signature)],
        )

    def remove(self, doc_id: str) -> None:
        self.conn.execute("DELETE FROM near_bands WHERE document_id = ?", (doc_id,))


def backfill(conn: sqlite3.Connection) -> None:
    """Index the canonical documents a database held before the index lived in it."""
    index = StoredNearIndex(conn)
    for doc_id, signature in _indexed_signatures(conn):
        index.add(doc_id, signature)


def _indexed_signatures(conn: sqlite3.Connection) -> Iterator[tuple[str, bytes]]:
    cursor = conn.execute(
        "SELECT id, signature FROM documents WHERE duplicate_of IS NULL "
        f"AND signature IS NOT NULL AND status IN {_INDEXED_STATUSES!r} ORDER BY rowid"
    )
    for doc_id, signature in cursor:
        if isinstance(signature, bytes):
            yield str(doc_id), signature
