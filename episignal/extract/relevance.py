"""PLACEHOLDER (being replaced by its owner): returns nothing yet."""

from __future__ import annotations

from typing import Any

RELEVANCE_THRESHOLD = 0.5


def score_relevance(ctx: Any, diseases: Any, counts: Any, measures: Any) -> float:
    return 0.0
