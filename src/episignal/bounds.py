"""What a value read from input may be before anything computes with it.

Input is hostile or broken often enough: Go's zero time (``0001-01-01``) in feeds and JSON,
``9999-12-31`` as "no end", numbers no SQLite integer can hold. Readers check each value
here, at the boundary, and treat one outside its window as unknown, recording why; what
passes can be added to, subtracted from and stored without overflowing.
"""

from __future__ import annotations

import datetime as dt
import re

EARLIEST_DATE = dt.date(1900, 1, 1)
FUTURE_SLACK = dt.timedelta(days=1)  # time zones ahead of UTC are already "tomorrow"
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

_SURROGATE = re.compile("[\ud800-\udfff]")


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def latest_date(today: dt.date | None = None) -> dt.date:
    """The latest plausible date of a document read now: one day after today (UTC)."""
    return (today or today_utc()) + FUTURE_SLACK


def date_problem(value: dt.date, *, today: dt.date | None = None) -> str | None:
    """Why ``value`` cannot be a real document's date, or None when it can."""
    if value < EARLIEST_DATE:
        return f"{value.isoformat()} is before {EARLIEST_DATE.year}"
    if value > latest_date(today):
        return f"{value.isoformat()} is more than a day in the future"
    return None


def plausible_date(value: dt.date | None, *, today: dt.date | None = None) -> dt.date | None:
    """``value`` when it is a plausible date, else None."""
    if value is None or date_problem(value, today=today) is not None:
        return None
    return value


def storable_int(value: int) -> bool:
    """Does ``value`` fit an SQLite integer (signed 64 bits)?"""
    return INT64_MIN <= value <= INT64_MAX


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (which UTF-8 cannot encode) replaced by U+FFFD.

    JSON allows ``"\\ud800"``; Python decodes it to a lone surrogate that every later
    encode (SQLite, the language detector, a file) refuses.
    """
    if text.isascii() or _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub("\ufffd", text)


def printable_name(name: str) -> str:
    """A file name or id as text that any encoder accepts, without losing information.

    Names that are not valid UTF-8 reach Python with their bytes as surrogate escapes
    (``caf\\udce9``); they are shown the way Python shows such bytes (``caf\\xe9``). A lone
    surrogate from JSON is written as its escape (``\\ud800``).
    """
    if text_is_encodable(name):
        return name
    raw = name.encode("utf-8", "surrogateescape") if _only_escapes(name) else None
    if raw is not None:
        return raw.decode("utf-8", "backslashreplace")
    return name.encode("utf-8", "backslashreplace").decode("utf-8")


def text_is_encodable(text: str) -> bool:
    return text.isascii() or _SURROGATE.search(text) is None


def _only_escapes(name: str) -> bool:
    """True when every surrogate in ``name`` is a surrogateescape byte (U+DC80..U+DCFF)."""
    return all("\udc80" <= m.group() <= "\udcff" for m in _SURROGATE.finditer(name))
