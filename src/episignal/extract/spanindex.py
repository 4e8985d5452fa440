"""A set of spans that answers "does this span overlap one of yours?" in constant time.

A linear scan of every span kept so far makes overlap checks quadratic in the length of a
text: a 5 MB page of one repeated sentence took minutes. Spans are filed in buckets of
:data:`BUCKET` characters, so a check looks only at spans near its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

Span = tuple[int, int]
BUCKET = 64


class SpanIndex:
    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._buckets: defaultdict[int, list[Span]] = defaultdict(list)
        for span in spans:
            self.add(span)

    def add(self, span: Span) -> None:
        start, end = span
        for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
            self._buckets[bucket].append(span)

    def overlaps(self, start: int, end: int) -> bool:
        """True when a kept span shares a character with ``[start, end)``."""
        for bucket in range(start // BUCKET, max(start, end - 1) // BUCKET + 1):
            spans = self._buckets.get(bucket)
            if spans and any(s < end and start < e for s, e in spans):
                return True
        return False
