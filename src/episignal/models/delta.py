"""Typed deltas: what an event update changed, for the board ("changed") and alerts.

``refresh_events`` returns them and the store logs them with a sequence number, so a
reader (the watcher, the board) can ask for everything after the last one it saw.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, TypeAlias

from episignal.document import Measure, Status
from episignal.models.event import SeriesKind, Severity


@dataclass(frozen=True, slots=True)
class EventCreated:
    event: str
    disease: str
    country: str
    score: float
    split_from: str | None = None
    kind: Literal["event_created"] = "event_created"


@dataclass(frozen=True, slots=True)
class FigureAdded:
    """A new point in a series (or a point whose value changed)."""

    event: str
    measure: Measure
    series_kind: SeriesKind
    date: dt.date
    value: int
    document: str
    quote: str
    status: Status | None = None
    admin1: str | None = None
    previous: int | None = None  # the point's value before, when it existed
    kind: Literal["figure_added"] = "figure_added"


@dataclass(frozen=True, slots=True)
class FlagRaised:
    event: str
    flag: str
    severity: Severity
    message: str
    admin1: str | None = None
    kind: Literal["flag_raised"] = "flag_raised"


@dataclass(frozen=True, slots=True)
class FlagCleared:
    event: str
    flag: str
    admin1: str | None = None
    kind: Literal["flag_cleared"] = "flag_cleared"


@dataclass(frozen=True, slots=True)
class ScoreChanged:
    """The score moved because the event's content changed (not because time passed)."""

    event: str
    before: float
    after: float
    kind: Literal["score_changed"] = "score_changed"


@dataclass(frozen=True, slots=True)
class EventMerged:
    """``merged`` now redirects to ``event`` (a report bridged them, or an analyst merged)."""

    event: str
    merged: str
    by: str | None = None
    kind: Literal["event_merged"] = "event_merged"


@dataclass(frozen=True, slots=True)
class EventRemoved:
    """The event lost all its reports (documents replaced or corrected away)."""

    event: str
    kind: Literal["event_removed"] = "event_removed"


Delta: TypeAlias = (
    EventCreated
    | FigureAdded
    | FlagRaised
    | FlagCleared
    | ScoreChanged
    | EventMerged
    | EventRemoved
)
DELTA_TYPES: tuple[type[Delta], ...] = (
    EventCreated,
    FigureAdded,
    FlagRaised,
    FlagCleared,
    ScoreChanged,
    EventMerged,
    EventRemoved,
)


@dataclass(frozen=True, slots=True)
class LoggedDelta:
    """A delta as the store logged it: ``seq`` grows by one per delta, ``at`` is when."""

    seq: int
    at: str
    delta: Delta
