"""PLACEHOLDER (being replaced by its owner): returns nothing yet."""

from __future__ import annotations

from typing import Any


def find_resources(ctx: Any, locations: Any, dates: Any) -> list[Any]:
    return []
