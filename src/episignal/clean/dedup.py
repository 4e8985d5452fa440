"""Exact and near-duplicate keys for clean texts.

* :func:`content_hash` is the exact-duplicate key: a hash of the text with case,
  whitespace and punctuation folded, so a re-encoded or re-wrapped copy hashes alike.
* :func:`text_signature` is a MinHash (datasketch) of word 3-shingles of the article
  body, stored as 4 bytes per permutation (512 bytes for 128). Only sentence-like
  lines are shingled, so the headline, dateline and whatever furniture survived
  cleaning, which differ between outlets reprinting one wire story, do not count.
* :class:`NearDuplicateIndex` is a MinHash LSH index over such signatures that
  returns the documents whose estimated Jaccard similarity reaches a threshold.

Templated bulletins about different events (successive WHO updates) come out as
near-duplicates too; the scan guards merges with extracted facts.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash

from episignal.clean.furniture import is_prose

NUM_PERM = 128
SHINGLE_WORDS = 3
_SEED = 1
_BATCH = 4096
# The first 200,000 characters (about 30,000 words, far longer than any news story)
# decide; a huge page's tail cannot change which story it is.
_MAX_CHARS = 200_000
_NON_WORD = re.compile(r"[\W_]+")
_LINE_BREAK = re.compile(r"\n+")


def normalise_for_hash(text: str) -> str:
    """Case, Unicode forms, whitespace and punctuation folded: "Hello,  World!" -> "hello world"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NON_WORD.sub(" ", folded).strip()


def content_hash(text: str) -> str:
    """Exact-duplicate key: 40 hex digits of BLAKE2b over the normalised text."""
    return hashlib.blake2b(normalise_for_hash(text).encode("utf-8"), digest_size=20).hexdigest()


def body_text(text: str) -> str:
    """The sentence-like lines of a clean text (all of it when none look like sentences)."""
    lines = [line for line in _LINE_BREAK.split(text) if is_prose(line.strip())]
    return "\n".join(lines) if lines else text


def shingles(text: str, k: int = SHINGLE_WORDS) -> list[bytes]:
    """Word k-shingles of the normalised body; a text shorter than k words is one shingle."""
    words = normalise_for_hash(body_text(text[:_MAX_CHARS])).split()
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)})


def text_signature(text: str, num_perm: int = NUM_PERM) -> bytes:
    """MinHash signature of ``text``'s word shingles, ``4 * num_perm`` bytes."""
    minhash = _template(num_perm).copy()
    items = shingles(text)
    # update_batch builds a shingles x permutations matrix: feed it in slices so a
    # 10 MB page costs megabytes, not gigabytes.
    for start in range(0, len(items), _BATCH):
        minhash.update_batch(items[start : start + _BATCH])
    return np.asarray(minhash.hashvalues, dtype="<u4").tobytes()


def signature_similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (share of equal slots)."""
    va, vb = _values(a), _values(b)
    if va.shape != vb.shape:
        raise ValueError(f"signatures differ in size: {va.size} vs {vb.size} permutations")
    return float(np.count_nonzero(va == vb)) / va.size if va.size else 0.0


class NearDuplicateIndex:
    """MinHash LSH over stored signatures: which known documents is a text a copy of?"""

    def __init__(self, threshold: float = 0.65, num_perm: int = NUM_PERM) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        from datasketch import MinHashLSH  # (see _template)

        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self._signatures: dict[str, np.ndarray] = {}

    def add(self, doc_id: str, signature: bytes) -> None:
        """Index a document; adding an id already indexed is a no-op."""
        if doc_id in self._signatures:
            return
        values = self._checked(signature)
        self._lsh.insert(doc_id, self._lean(values))
        self._signatures[doc_id] = values

    def candidates(self, signature: bytes) -> list[tuple[str, float]]:
        """Indexed ids with estimated Jaccard >= threshold, most similar first."""
        values = self._checked(signature)
        found: list[tuple[str, float]] = []
        for doc_id in self._lsh.query(self._lean(values)):
            similarity = float(np.count_nonzero(self._signatures[doc_id] == values)) / values.size
            if similarity >= self.threshold:
                found.append((str(doc_id), similarity))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._signatures

    def _checked(self, signature: bytes) -> np.ndarray:
        values = _values(signature)
        if values.size != self.num_perm:
            raise ValueError(
                f"signature has {values.size} permutations, the index expects {self.num_perm}"
            )
        return values

    @staticmethod
    def _lean(values: np.ndarray) -> LeanMinHash:
        minhash = _template(values.size).copy()
        minhash.hashvalues = values.astype(minhash.hashvalues.dtype)
        from datasketch import LeanMinHash  # (see _template)

        return LeanMinHash(minhash)


def _values(signature: bytes) -> np.ndarray:
    if len(signature) % 4:
        raise ValueError(f"a signature is 4 bytes per permutation, got {len(signature)} bytes")
    return np.frombuffer(signature, dtype="<u4")


@functools.cache
def _template(num_perm: int) -> MinHash:
    """An empty MinHash whose copies share its permutations (drawing them is the slow part).

    Copying keeps this working across datasketch 1.x and 2.x, whose constructors differ.
    datasketch is imported here, on first use, not with the module: it loads scipy, a
    second or so that ``episignal extract`` (which only needs :func:`content_hash`) paid
    on every start.
    """
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=_SEED)
