"""What is new since a moment: ``signals --since last-run|DATE|7d``.

An event is NEW when the event store first stored it after that moment, and changed (↑)
when its content (figures, flags, documents) changed since (see
:func:`episignal.models.signal.change_since`). Times are when the database received
them, not publication dates: "new to me since I last looked" is what an analyst asks.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from episignal.errors import ConfigError
from episignal.watch.settings import parse_duration

LAST_RUN_KEY = "signals_last_run"

_AGO = re.compile(r"^\d+(\.\d+)?\s*[smhdw]", re.IGNORECASE)


def parse_since(text: str, now: datetime, last_run: str | None) -> datetime | None:
    """The moment ``text`` names: ``last-run`` (None when there was none), an ISO date or
    date-time (UTC), or a span back from ``now`` such as ``7d`` or ``12h``."""
    value = text.strip()
    if value == "last-run":
        return datetime.fromisoformat(last_run) if last_run else None
    if _AGO.match(value):
        return now - timedelta(seconds=parse_duration(value, "--since"))
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(
            f"--since: cannot read {text!r}",
            hint="use last-run, a date (2022-05-20), a date-time, or a span such as 7d or 12h",
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def as_stamp(moment: datetime | date) -> str:
    """``moment`` in the event store's timestamp form (UTC), for comparisons."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, datetime.min.time(), UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
