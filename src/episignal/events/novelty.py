"""Novelty that the database can vouch for.

"First report of this disease in this country in a year or more" is only true if the
database held reports from that country a year before: on a database that started last
week, every event would be "new". An event with no earlier event of its disease in its
country within a year is therefore

* ``new`` when the database's reports from the country (any disease) go back at least
  ``NOVELTY_YEAR_DAYS`` before the event opened;
* ``first_seen`` otherwise: the first the database has seen, which says nothing of what
  happened before it started (no novelty points; the reason says so).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

Novelty = Literal["new", "first_seen"] | None

NOVELTY_NOTE = "first report in this country in a year or more"
FIRST_SEEN_NOTE = "first seen (the database holds under a year of reports from {country})"


def country_coverage(events: Sequence[Mapping[str, Any]]) -> dict[str, date]:
    """Per country, the first day the database has a report from it (any disease)."""
    start: dict[str, date] = {}
    for e in events:
        country = str(e.get("country") or "")
        first = date.fromisoformat(e["first_seen"])
        if country not in start or first < start[country]:
            start[country] = first
    return start


def assess_novelty(
    event: Mapping[str, Any], no_recent_event: bool, coverage: Mapping[str, date], year_days: int
) -> Novelty:
    """``new``, ``first_seen`` or None (an earlier event of the disease in the country)."""
    if not no_recent_event:
        return None
    since = coverage.get(str(event.get("country") or ""))
    opened = date.fromisoformat(event["first_seen"])
    if since is not None and (opened - since).days >= year_days:
        return "new"
    return "first_seen"
