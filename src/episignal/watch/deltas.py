"""The event store's logged deltas as the changes alerts are about.

The store logs one delta per new point of every series; an analyst wants one message per
change that matters. Within a page of the log, per event:

* a new event is one ``new_event`` (its figures and score came with it);
* new figures are one ``new_figure`` per series, the newest point only (a report that
  back-fills older days of a series changes nothing an alert would say);
* flags raised or cleared are one each; a score change counts from SCORE_STEP up;
* merges and removals alert nothing (the surviving event's own deltas do).

Each alert delta's key carries the log's sequence number, so the same logged delta can
never become two alerts, even if a page were read twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from episignal.models.delta import (
    EventCreated,
    FigureAdded,
    FlagCleared,
    FlagRaised,
    LoggedDelta,
    ScoreChanged,
)
from episignal.models.event import Event
from episignal.watch.seams import DocRef, EventDelta, EventSummary

SCORE_STEP = 10.0  # a score change smaller than this is not a delta
MAX_DOCUMENTS = 10  # documents listed with a new event

EventLookup = Callable[[str], Event | None]
SeriesKey = tuple[str, str, str | None]  # measure, series kind, admin1


@dataclass(slots=True)
class _EventChanges:
    """What one page of the log says about one event, in log order."""

    created: LoggedDelta | None = None
    figures: dict[SeriesKey, tuple[int, FigureAdded]] = field(default_factory=dict)
    flags: list[tuple[int, FlagRaised | FlagCleared]] = field(default_factory=list)
    score: tuple[int, float, float] | None = None  # last seq, first before, last after
    documents: list[str] = field(default_factory=list)


def alert_deltas(logged: Sequence[LoggedDelta], lookup: EventLookup) -> list[EventDelta]:
    """The alert deltas of a page of the log; events gone since are skipped."""
    out: list[EventDelta] = []
    for event_id, changes in _by_event(logged).items():
        event = lookup(event_id)
        if event is not None:
            out.extend(_deltas_of(event, changes))
    return out


def _by_event(logged: Iterable[LoggedDelta]) -> dict[str, _EventChanges]:
    grouped: dict[str, _EventChanges] = {}
    for entry in logged:
        d = entry.delta
        changes = grouped.setdefault(d.event, _EventChanges())
        if isinstance(d, EventCreated):
            changes.created = entry
        elif isinstance(d, FigureAdded):
            _add_figure(changes, entry.seq, d)
        elif isinstance(d, FlagRaised | FlagCleared):
            changes.flags.append((entry.seq, d))
        elif isinstance(d, ScoreChanged):
            first = changes.score[1] if changes.score is not None else d.before
            changes.score = (entry.seq, first, d.after)
    return grouped


def _add_figure(changes: _EventChanges, seq: int, d: FigureAdded) -> None:
    key: SeriesKey = (d.measure, d.series_kind, d.admin1)
    held = changes.figures.get(key)
    if held is None or d.date >= held[1].date:
        changes.figures[key] = (seq, d)
    if d.document not in changes.documents:
        changes.documents.append(d.document)


def _deltas_of(event: Event, changes: _EventChanges) -> list[EventDelta]:
    summary = event_summary(event)
    documents = _refs(event, changes.documents)
    out: list[EventDelta] = []
    if changes.created is not None:
        refs = _refs(event, [d.id for d in event.documents[:MAX_DOCUMENTS]])
        out.append(
            EventDelta("new_event", summary, f"new_event:{changes.created.seq}", documents=refs)
        )
    else:
        out += [_figure(event, summary, seq, d, documents) for seq, d in _newest(event, changes)]
        out += _score(summary, changes)
    out += [_flag(summary, seq, d, documents) for seq, d in changes.flags]
    return out


def _newest(event: Event, changes: _EventChanges) -> list[tuple[int, FigureAdded]]:
    """The figures that are their series' newest point (in the event as it stands now)."""
    latest = {
        (s.measure, s.kind, s.admin1): max(p.date for p in s.used_points())
        for s in event.series
        if s.used_points()
    }
    return [
        (seq, d)
        for key, (seq, d) in sorted(changes.figures.items(), key=lambda kv: kv[1][0])
        if key in latest and d.date >= latest[key]
    ]


def _figure(
    event: Event, summary: EventSummary, seq: int, d: FigureAdded, docs: tuple[DocRef, ...]
) -> EventDelta:
    measure = f"new_{d.measure}" if d.series_kind == "new" else d.measure
    previous = d.previous if d.previous is not None else _point_before(event, d)
    return EventDelta(
        "new_figure",
        summary,
        f"new_figure:{seq}",
        measure=measure,
        value=d.value,
        previous=previous,
        admin1=d.admin1,
        documents=docs,
    )


def _point_before(event: Event, d: FigureAdded) -> int | None:
    """The series' value on the latest day before the new point's, if any."""
    for series in event.series:
        if (series.measure, series.kind, series.admin1) == (d.measure, d.series_kind, d.admin1):
            earlier = [p for p in series.used_points() if p.date < d.date]
            return max(earlier, key=lambda p: p.date).value if earlier else None
    return None


def _score(summary: EventSummary, changes: _EventChanges) -> list[EventDelta]:
    if changes.score is None:
        return []
    seq, before, after = changes.score
    if abs(after - before) < SCORE_STEP:
        return []
    return [
        EventDelta("score_change", summary, f"score_change:{seq}", value=after, previous=before)
    ]


def _flag(
    summary: EventSummary, seq: int, d: FlagRaised | FlagCleared, docs: tuple[DocRef, ...]
) -> EventDelta:
    message = d.message if isinstance(d, FlagRaised) else None
    return EventDelta(
        "flag_raised" if isinstance(d, FlagRaised) else "flag_cleared",
        summary,
        f"{d.kind}:{seq}",
        flag=d.flag,
        message=message,
        admin1=d.admin1,
        documents=docs if isinstance(d, FlagRaised) else (),
    )


def _refs(event: Event, ids: Sequence[str]) -> tuple[DocRef, ...]:
    known = {d.id: d for d in event.documents}
    refs = []
    for doc_id in ids:
        d = known.get(doc_id)
        published = d.published.isoformat() if d is not None and d.published else None
        refs.append(DocRef(doc_id, d.url if d else None, d.title if d else None, published))
    return tuple(refs)


def event_summary(event: Event) -> EventSummary:
    """What rules and messages need of an event, as it stands now."""
    return EventSummary(
        id=event.id,
        disease=event.disease.name,
        icd10=event.disease.icd10,
        country=event.country,
        admin1=None,
        areas=event.areas,
        first_seen=event.first_seen.isoformat(),
        last_seen=event.last_seen.isoformat(),
        score=event.score,
        reason=event.reason,
        latest=dict(event.latest.values),
        flags=tuple(sorted({f.kind for f in event.flags})),
        cumulative_cases=cumulative_cases(event),
    )


def cumulative_cases(event: Event) -> tuple[tuple[dt.date, int], ...]:
    """The national running total of human cases, by date (the growth rule's input)."""
    points: dict[dt.date, int] = {}
    for s in event.series:
        if s.measure == "cases" and s.kind == "total" and s.admin1 is None and s.species == "human":
            for p in s.used_points():
                points[p.date] = max(points.get(p.date, 0), p.value)
    return tuple(sorted(points.items()))
