"""Values read back from the database, checked before anything computes with them.

The database may hold what no scan of ours would write: rows from an older version, a
hand edit, another tool, a damaged page read back as text. A value outside its domain
(a date in year 1, a count of -5 or of "abc", a span past the end of the text) is read as
unknown, or the row is passed over, so that stored data never makes a later command fail.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from datetime import date
from typing import Any

from episignal.bounds import plausible_date

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_COUNTRY = re.compile(r"[A-Z]{2}")
MAX_SPAN = 1 << 40  # no clean text is a terabyte long


def stored_date(value: object) -> date | None:
    """A ``YYYY-MM-DD`` text within the plausible window, else None."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value.strip()):
        return None
    try:
        return plausible_date(date.fromisoformat(value.strip()))
    except ValueError:
        return None


def stored_count(value: object) -> int | None:
    """A non-negative whole number (an integer, or a float/text that is one), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and value >= 0:
        return int(value)
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 19:
        return int(value.strip())
    return None


def stored_span(start: object, end: object) -> tuple[int, int] | None:
    a, b = stored_count(start), stored_count(end)
    if a is None or b is None or a > b or b > MAX_SPAN:
        return None
    return a, b


def stored_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def stored_choice(value: object, choices: Collection[str]) -> str | None:
    return value if isinstance(value, str) and value in choices else None


def stored_flag(value: object) -> bool | None:
    """0/1 (or a boolean) as a flag; anything else is unknown."""
    if isinstance(value, bool | int) and value in (0, 1):
        return bool(value)
    return None


def stored_country(value: object) -> str | None:
    return value if isinstance(value, str) and _COUNTRY.fullmatch(value) else None


def stored_object(value: object) -> dict[str, Any] | None:
    """A JSON object stored as text, else None."""
    if not isinstance(value, str | bytes):
        return None
    try:
        loaded = json.loads(value)
    except (ValueError, RecursionError):
        return None
    return loaded if isinstance(loaded, dict) else None


def stored_range(low: object, high: object, value: int) -> tuple[int | None, int | None]:
    """A figure's range when it makes sense (low <= value <= high), else (None, None)."""
    lo, hi = stored_count(low), stored_count(high)
    if lo is None and hi is None:
        return None, None
    if (lo is not None and lo > value) or (hi is not None and hi < value):
        return None, None
    return lo, hi
