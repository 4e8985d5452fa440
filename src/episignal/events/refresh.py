"""The incremental event update: only what changed is rebuilt, one key and one event at a
time, so memory never grows with the corpus.

1. the store says which (disease, country) keys changed (new, replaced or copied
   documents; analysts' corrections);
2. per key, :func:`~episignal.events.segments.plan_key` cuts its documents into periods
   of reporting, keeping every id; the store records the memberships;
3. per event whose membership may have changed, :func:`~episignal.events.build.build_event`
   rebuilds it from its member documents; the store saves it and logs the deltas; an event
   left without members is redirected (merged) or retired;
4. when the latest report date moved, every score is rescaled for recency.

Keys and events are written in transactions of BATCH: a crash leaves the changes marked,
and the next update completes them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from episignal.events.build import DEFAULT_GAP_DAYS, build_event
from episignal.events.deltas import event_deltas
from episignal.events.segments import plan_key
from episignal.events.signals import recency_factor
from episignal.models.backend import EventUpdateBackend
from episignal.models.delta import Delta, EventCreated, EventMerged, EventRemoved

log = logging.getLogger(__name__)
T = TypeVar("T")
BATCH = 200  # keys or events per transaction: commits are not free, locks must stay short
MAX_DELTAS = 10_000


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What an update did; ``updated`` counts events whose content changed.

    ``deltas`` holds the first MAX_DELTAS (``omitted`` counts the rest, so that a first
    scan of a large archive keeps memory flat); all of them are in the store's log after
    sequence number ``since``: ``store.events.deltas(after=result.since)``.
    """

    keys: int = 0
    created: int = 0
    updated: int = 0
    removed: int = 0
    deltas: tuple[Delta, ...] = field(default=())
    omitted: int = 0
    since: int = 0


def refresh_events(
    backend: EventUpdateBackend,
    *,
    today: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
) -> RefreshResult:
    """Bring the stored events up to date with the stored facts and corrections.

    ``today`` (default: the latest report date of any event, so an archive is not
    penalised) sets the recency of scores.
    """
    keys, upto = backend.dirty()
    since = backend.last_delta_seq()
    touched: set[str] = set()
    for key_batch in batched(keys, BATCH):
        with backend.transaction():
            for key in key_batch:
                plan = plan_key(backend.key_state(key), gap_days)
                backend.apply_plan(plan)
                touched |= plan.events
    day = today or backend.latest_report_date() or date.today()
    deltas: list[Delta] = []
    updated = created = removed = omitted = 0
    # Emptied events first: their redirects exist by the time their heirs are rebuilt.
    order = sorted(touched, key=lambda e: (not backend.is_empty(e), e))
    for batch in batched(order, BATCH):
        with backend.transaction():
            for event_id in batch:
                found, changed = _rebuild(backend, event_id, day, gap_days)
                is_new = any(isinstance(d, EventCreated) for d in found)
                created += is_new
                removed += any(isinstance(d, EventMerged | EventRemoved) for d in found)
                updated += changed and not is_new
                room = max(0, MAX_DELTAS - len(deltas))
                deltas.extend(found[:room])
                omitted += len(found) - min(room, len(found))
    backend.rescore(day, lambda last_seen: recency_factor(last_seen, day, gap_days))
    backend.clear_dirty(upto)
    result = RefreshResult(len(keys), created, updated, removed, tuple(deltas), omitted, since)
    log.info(
        "events: %d keys, %d created, %d updated, %d removed", len(keys), created, updated, removed
    )
    return result


def _rebuild(
    backend: EventUpdateBackend, event_id: str, today: date, gap_days: int
) -> tuple[list[Delta], bool]:
    """Rebuild one event (inside a transaction): (its deltas, whether its content changed)."""
    inputs = backend.event_inputs(event_id)
    built = build_event(inputs, today=today, gap_days=gap_days) if inputs else None
    if inputs is None or built is None:
        gone = backend.drop_event(event_id)
        dropped: list[Delta] = [gone] if gone is not None else []
        backend.log_deltas(dropped)
        return dropped, False  # counted as removed, not updated
    before = inputs.previous
    base_before = base_score(before.score_parts) if before is not None else None
    deltas = event_deltas(before, built.event, base_before, built.base_score)
    changed = backend.save_event(built.event, built.base_score)
    backend.log_deltas(deltas)
    return deltas, changed


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def base_score(parts: Mapping[str, float]) -> float:
    """The score before recency, from an event's score parts."""
    return round(sum(float(v) for k, v in parts.items() if k != "recency"), 2)
