"""Signals (events ranked for triage, one row each) and their triage state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from episignal.models.event import Disease, Latest, Severity

TriageStatus = Literal["new", "monitoring", "verified", "discarded", "escalated"]
TRIAGE_STATUSES: tuple[TriageStatus, ...] = (
    "new",
    "monitoring",
    "verified",
    "discarded",
    "escalated",
)


@dataclass(frozen=True, slots=True)
class Triage:
    """An analyst's view of an event; it survives rescans, backfills and rebuilds.

    ``tags`` are the workbench's labels (lower case, sorted); ``updated_*`` stamp the last
    change of status or assignee.
    """

    status: TriageStatus = "new"
    assignee: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Signal:
    """One row of the board: an event's summary, read from indexed columns only.

    ``rank`` is the position in the query's order (1-based, counting the offset).
    ``areas`` lists the first-level areas with series of their own inside the event.
    """

    event: str
    rank: int
    score: float
    reason: str
    disease: Disease
    country: str
    first_seen: dt.date
    last_seen: dt.date
    latest: Latest = field(default_factory=Latest)
    areas: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    severity: Severity | None = None
    documents: int = 0
    triage: Triage = field(default_factory=Triage)
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def place(self) -> str:
        """ "NG", or "NG (+Kano, Lagos)" when the event has sub-national series."""
        return f"{self.country} (+{', '.join(self.areas)})" if self.areas else self.country


Change = Literal["new", "changed"]
CHANGE_MARKERS: dict[Change | None, str] = {"new": "NEW", "changed": "↑", None: ""}


def change_since(signal: Signal, stamp: str | None) -> Change | None:
    """``new`` when the event was first stored after ``stamp`` (an event-store timestamp;
    None: before any look, so everything is new), ``changed`` when its content changed
    after it, else None. Recency rescoring is not a change."""
    if stamp is None or (signal.created_at or "") > stamp:
        return "new"
    return "changed" if (signal.updated_at or "") > stamp else None
