"""What the watcher needs from the rest of episignal, as small interfaces.

* :class:`ItemSink` — the pipeline: takes RawItems, cleans, deduplicates, extracts and
  stores each in its own transaction, and says what became of it
  (:class:`episignal.watch.adapters.PipelineSink`, over the shared ``Pipeline``).
* :class:`EventUpdates` — the event store's incremental update: brings events up to date
  and hands over the :class:`EventDelta`\\ s not yet acknowledged. ``acknowledge`` runs
  inside the transaction that stores the alerts, so a crash between the update and the
  alerts loses no delta and a restart repeats none
  (:class:`episignal.watch.adapters.StoreDeltas`, a cursor over the store's delta log).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal, Protocol

from episignal.document import RawItem

DeltaKind = Literal["new_event", "new_figure", "flag_raised", "flag_cleared", "score_change"]
Outcome = Literal[
    "new", "unchanged", "exact", "near", "unsupported_language", "irrelevant", "failed", "skipped"
]


@dataclass(frozen=True, slots=True)
class Processed:
    """What the pipeline made of one item."""

    item_id: str
    outcome: Outcome
    reason: str | None = None


class ItemSink(Protocol):
    def process(self, items: Sequence[RawItem]) -> list[Processed]:
        """Store each item (one transaction each), in order; never raises for a bad item."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class DocRef:
    id: str
    url: str | None = None
    title: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class EventSummary:
    """The event as it stands when the delta is seen: what rules and messages need."""

    id: str
    disease: str
    icd10: str | None
    country: str | None
    admin1: str | None
    first_seen: str | None
    last_seen: str | None
    score: float
    reason: str
    latest: Mapping[str, int]
    flags: tuple[str, ...]
    cumulative_cases: tuple[tuple[date, int], ...] = ()  # (as-of date, running total)
    areas: tuple[str, ...] = ()  # first-level areas with a series of their own

    @property
    def place(self) -> str:
        country = self.country or "?"
        return f"{country}/{self.admin1}" if self.admin1 else country


@dataclass(frozen=True, slots=True)
class EventDelta:
    """One change of one event: a new event, a new figure, a flag raised or cleared, or a
    score change. ``key`` is stable for the same change, so a repeated delta is alerted once.
    """

    kind: DeltaKind
    event: EventSummary
    key: str
    measure: str | None = None  # new_figure
    value: float | None = None  # new_figure: the figure; score_change: the new score
    previous: float | None = None  # the figure or score before, when there was one
    flag: str | None = None  # flag_raised / flag_cleared
    message: str | None = None  # the flag's message
    admin1: str | None = None  # the area of the series or flag, when not national
    documents: tuple[DocRef, ...] = ()  # documents new to the event with this change

    def describe(self) -> str:
        """One line for people: what changed."""
        e = self.event
        head = f"{e.disease} in {e.place}" + (f"/{self.admin1}" if self.admin1 else "")
        if self.kind == "new_event":
            return f"new event: {head}"
        if self.kind == "new_figure":
            before = f" (was {self.previous:,.0f})" if self.previous is not None else ""
            return f"{head}: {self.measure} {self.value:,.0f}{before}"
        if self.kind in ("flag_raised", "flag_cleared"):
            verb = "flag raised" if self.kind == "flag_raised" else "flag cleared"
            return f"{head}: {verb}: {self.flag}" + (f" — {self.message}" if self.message else "")
        return f"{head}: score {self.previous or 0:.0f} -> {self.value or 0:.0f}"


class EventUpdates(Protocol):
    def start(self) -> int:
        """Called once when the watcher starts; returns how many existing events were taken
        as the baseline (an adapter may record history there, so that a database scanned
        before watching does not alert on every old event)."""
        ...

    more: bool  # after pending(): more deltas wait beyond the ones handed over

    def refresh(self) -> None:
        """Bring events up to date (their deltas are logged)."""
        ...

    def pending(self) -> list[EventDelta]:
        """The next deltas not acknowledged yet (a page of them: see ``more``)."""
        ...

    def acknowledge(self, deltas: Sequence[EventDelta]) -> None:
        """Mark ``deltas`` handled; runs inside the caller's transaction."""
        ...
