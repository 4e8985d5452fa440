"""What is new since a moment: ``signals --since last-run|DATE|7d``.

An event is NEW when the database received its first figure after that moment, and
changed (↑) when it existed before and received a figure since. Times are when the
database received the documents (``documents.created_at``), not their publication dates:
"new to me since I last looked" is what an analyst asks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from episignal.errors import ConfigError
from episignal.store.watch_status import EventArrival
from episignal.watch.settings import parse_duration

LAST_RUN_KEY = "signals_last_run"
Change = Literal["new", "changed"] | None
MARKERS = {"new": "NEW", "changed": "↑", None: ""}

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
    if isinstance(moment, datetime) and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def as_created_at(moment: datetime | date) -> str:
    """``moment`` in the text form of ``documents.created_at`` (UTC), for comparisons."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, datetime.min.time(), UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def change_of(arrival: EventArrival | None, since: str | None) -> Change:
    """``new``, ``changed`` or None for an event, given when its figures arrived."""
    if arrival is None:
        return None
    if since is None or arrival.first >= since:
        return "new"
    return "changed" if arrival.last >= since else None


def mark_changes(
    rows: Sequence[Mapping[str, Any]],
    arrivals: Mapping[str, EventArrival],
    since: str | None,
) -> list[dict[str, Any]]:
    """``rows`` of ``rank_signals`` with ``change`` set; a national row is changed when one
    of the areas listed under it is new or changed."""
    out = []
    for row in rows:
        change = change_of(arrivals.get(str(row.get("event"))), since)
        for area in row.get("areas") or []:
            if change is None and change_of(arrivals.get(str(area["event"])), since) is not None:
                change = "changed"
        out.append({**row, "change": change})
    return out
