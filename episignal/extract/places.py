"""PLACEHOLDER (being replaced by its owner): returns nothing yet."""

from __future__ import annotations

from typing import Any


def find_locations(ctx: Any, diseases: Any) -> list[Any]:
    return []
