"""Novelty that the database can vouch for.

"First report of this disease in this country in a year or more" is only true if the
database held reports from that country a year before: on a database that started last
week, every event would be "new". An event with no earlier event of its disease in its
country within a year is therefore

* ``new`` when the database's reports from the country (any disease) go back at least
  ``NOVELTY_YEAR_DAYS`` before the event opened (novelty points, and the reason says so);
* ``first_seen`` otherwise: the first the database has seen, which says nothing of what
  happened before it started (no novelty points; the reason says "first seen").

Coverage is read when the event is rebuilt: an event built while the database was young
keeps saying "first seen" until new reports rebuild it.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

NOVELTY_YEAR_DAYS = 365

Novelty = Literal["new", "first_seen"] | None

NOVELTY_NOTE = "first report in this country in a year or more"
FIRST_SEEN_NOTE = "first seen (the database holds under a year of reports from {country})"


def assess_novelty(
    no_recent_event: bool,
    first: date,
    coverage_since: date | None,
    year_days: int = NOVELTY_YEAR_DAYS,
) -> Novelty:
    """``new``, ``first_seen``, or None when an event of the disease in the country ended
    within the year before ``first``. ``coverage_since``: the first report date the
    database holds from the country (any disease; None when it holds none)."""
    if not no_recent_event:
        return None
    since = min(coverage_since, first) if coverage_since is not None else first
    return "new" if (first - since).days >= year_days else "first_seen"


def novelty_note(novelty: Novelty, country: str) -> str:
    if novelty == "new":
        return NOVELTY_NOTE
    if novelty == "first_seen":
        return FIRST_SEEN_NOTE.format(country=country)
    return ""
