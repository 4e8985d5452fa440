"""Overlap checks in constant time give the answers of the quadratic scan they replace."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from episignal.extract.spanindex import BUCKET, SpanIndex

spans = st.tuples(st.integers(0, 2_000), st.integers(0, 300)).map(lambda p: (p[0], p[0] + p[1]))


@given(st.lists(spans, max_size=60), spans)
def test_overlaps_agrees_with_a_linear_scan(
    kept: list[tuple[int, int]], probe: tuple[int, int]
) -> None:
    index = SpanIndex(kept)
    expected = any(s < probe[1] and probe[0] < e for s, e in kept)
    assert index.overlaps(*probe) == expected


def test_a_check_looks_only_at_nearby_spans() -> None:
    index = SpanIndex((n * 100, n * 100 + 10) for n in range(100_000))  # a 10 MB text's worth
    assert index.overlaps(5_000_005, 5_000_006)
    assert not index.overlaps(5_000_050, 5_000_060)
    assert max(len(b) for b in index._buckets.values()) <= 2 * (1 + 10 // BUCKET)
