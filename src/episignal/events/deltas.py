"""What changed in an event between two builds: typed deltas."""

from __future__ import annotations

from collections.abc import Iterator

from episignal.models.delta import (
    Delta,
    EventCreated,
    FigureAdded,
    FlagCleared,
    FlagRaised,
    ScoreChanged,
)
from episignal.models.event import Event, Point, Series

SCORE_EPSILON = 0.05

PointId = tuple[
    str | None, str, str, str | None, str, str
]  # admin1, measure, kind, status, species, date


def event_deltas(
    before: Event | None, after: Event, base_before: float | None, base_after: float
) -> list[Delta]:
    """Deltas from ``before`` (None: the event is new) to ``after``.

    A new event is one :class:`EventCreated` (its figures are in it). Otherwise: a
    :class:`FigureAdded` per new point or changed value, :class:`FlagRaised`/
    :class:`FlagCleared` per flag kind and area, and :class:`ScoreChanged` when the base
    score (before recency) moved.
    """
    if before is None:
        created = EventCreated(
            after.id, after.disease.name, after.country, after.score, after.split_from
        )
        return [created]
    out: list[Delta] = list(_new_figures(before, after))
    out.extend(_flag_changes(before, after))
    if base_before is not None and abs(base_after - base_before) > SCORE_EPSILON:
        out.append(ScoreChanged(after.id, before.score, after.score))
    return out


def _points(event: Event) -> dict[PointId, tuple[Series, Point]]:
    return {
        (s.admin1, s.measure, s.kind, s.status, s.species, p.date.isoformat()): (s, p)
        for s in event.series
        for p in s.used_points()
    }


def _new_figures(before: Event, after: Event) -> Iterator[FigureAdded]:
    old = _points(before)
    for pid, (s, p) in _points(after).items():
        known = old.get(pid)
        if known is not None and known[1].value == p.value:
            continue
        claim = next(c for c in p.claims if c.fact == p.chosen)
        yield FigureAdded(
            event=after.id,
            measure=s.measure,
            series_kind=s.kind,
            date=p.date,
            value=p.value,
            document=claim.document,
            quote=claim.quote,
            status=s.status,
            admin1=s.admin1,
            previous=known[1].value if known is not None else None,
        )


def _flag_changes(before: Event, after: Event) -> Iterator[Delta]:
    old = {(f.kind, f.admin1): f for f in before.flags}
    new = {(f.kind, f.admin1): f for f in after.flags}
    for key, flag in new.items():
        if key not in old:
            yield FlagRaised(after.id, flag.kind, flag.severity, flag.message, flag.admin1)
    for key in old:
        if key not in new:
            yield FlagCleared(after.id, key[0], key[1])
