"""PLACEHOLDER (being replaced by its owner): returns nothing yet."""

from __future__ import annotations

from typing import Any


def find_counts(
    ctx: Any, diseases: Any, locations: Any, dates: Any, sources: Any, resources: Any
) -> list[Any]:
    return []
