"""Today's implementations of the watcher's seams, over ``episignal.scan`` and the store.

Both go when the shared ``Pipeline`` and the event store's typed deltas arrive; the watcher
only knows :mod:`episignal.watch.seams`.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import signal
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import Any, cast

from episignal.document import RawItem
from episignal.scan import WORKER_PRELOAD, Failure, exit_with_parent, process_item
from episignal.store import DocumentWriter, PreparedDocument, Store
from episignal.store.records import raw_hash
from episignal.store.watch_alerts import changed_events, drop_stale_marks, put_mark
from episignal.watch.clock import Clock, system_clock
from episignal.watch.seams import (
    DeltaKind,
    DocRef,
    EventDelta,
    EventSummary,
    Outcome,
    Processed,
)

log = logging.getLogger(__name__)

SCORE_STEP = 10.0  # a score change smaller than this is not a delta


# --------------------------------------------------------------------------- ItemSink


def _worker_init() -> None:
    """Workers leave SIGINT to the watcher (which finishes the document in hand) and exit
    when it is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()


class ScanSink:
    """Clean and extract (in ``workers`` processes, or in-process for 1), then store each
    document with the scan's writer: exact and near duplicates, unchanged rescans."""

    def __init__(self, store: Store, *, workers: int = 1) -> None:
        self.store = store
        self.writer = DocumentWriter(store)
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def process(self, items: Sequence[RawItem]) -> list[Processed]:
        results: dict[int, Processed] = {}
        todo: list[tuple[int, RawItem, str]] = []
        for n, item in enumerate(items):
            early = self._early(item)
            if early is not None:
                results[n] = early
            else:
                todo.append((n, item, raw_hash(item.content)))
        for (n, item, _), outcome in zip(todo, self._run(todo), strict=True):
            results[n] = self._store(item, outcome)
        return [results[n] for n in range(len(items))]

    def _early(self, item: RawItem) -> Processed | None:
        """Items decided without cleaning: unreadable, skipped, or stored unchanged."""
        if item.error is not None:
            self.store.put_unprocessed(item, "failed", item.error)
            return Processed(item.id, "failed", item.error)
        if item.skip_reason is not None:
            self.store.put_unprocessed(item, "skipped", item.skip_reason)
            return Processed(item.id, "skipped", item.skip_reason)
        if self.writer.is_unchanged(item.id, raw_hash(item.content)):
            return Processed(item.id, "unchanged")
        return None

    def _run(self, todo: list[tuple[int, RawItem, str]]) -> list[PreparedDocument | Failure]:
        if self.workers <= 1 or len(todo) <= 1:
            return [process_item(item, digest) for _, item, digest in todo]
        futures = [self._submit(item, digest) for _, item, digest in todo]
        out: list[PreparedDocument | Failure] = []
        for future, (_, item, digest) in zip(futures, todo, strict=True):
            try:
                out.append(future.result())
            except BrokenProcessPool:
                log.warning("a worker process died; processing %s in the watcher", item.id)
                self._pool = None
                out.append(process_item(item, digest))
        return out

    def _submit(self, item: RawItem, digest: str) -> Future[PreparedDocument | Failure]:
        if self._pool is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(list(WORKER_PRELOAD))
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=ctx, initializer=_worker_init
            )
        return self._pool.submit(process_item, item, digest)

    def _store(self, item: RawItem, outcome: PreparedDocument | Failure) -> Processed:
        if isinstance(outcome, Failure):
            self.store.put_unprocessed(outcome.item, "failed", outcome.reason)
            return Processed(item.id, "failed", outcome.reason)
        kind = self.writer.write(outcome)
        if kind == "new" and not outcome.relevant:
            return Processed(item.id, "irrelevant")
        return Processed(item.id, cast(Outcome, kind))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


# --------------------------------------------------------------------------- EventUpdates


class SnapshotUpdates:
    """Deltas as the difference between each stored event and the mark the watcher wrote
    when it last handled it. Level-triggered: whatever happened before a crash is still a
    difference after it."""

    def __init__(self, store: Store, clock: Clock | None = None) -> None:
        self.store = store
        self.clock = clock or system_clock()
        self._marks: dict[str, tuple[str, str]] = {}  # event id -> (record hash, mark JSON)

    def start(self) -> int:
        """With no mark at all, today's events are the baseline: marked, not alerted."""
        conn = self.store.conn
        if conn.execute("SELECT 1 FROM watch_event_marks LIMIT 1").fetchone() is not None:
            return 0
        self.store.refresh_events()
        with self.store.transaction():
            n = 0
            for change in changed_events(conn):
                record = json.loads(change.record)
                put_mark(conn, change.event_id, change.record_hash, _mark(record), self.clock())
                n += 1
        return n

    def pending(self) -> list[EventDelta]:
        self.store.refresh_events()
        self._marks.clear()
        deltas: list[EventDelta] = []
        for change in changed_events(self.store.conn):
            record = json.loads(change.record)
            mark = _mark(record)
            self._marks[change.event_id] = (change.record_hash, mark)
            previous = json.loads(change.previous_mark) if change.previous_mark else None
            deltas.extend(event_deltas(record, previous))
        return deltas

    def acknowledge(self, deltas: Sequence[EventDelta]) -> None:
        now = self.clock()
        for event_id, (record_hash, mark) in self._marks.items():
            put_mark(self.store.conn, event_id, record_hash, mark, now)
        drop_stale_marks(self.store.conn)
        self._marks.clear()


def _mark(record: Mapping[str, Any]) -> str:
    """What the next comparison needs of an event."""
    return json.dumps(
        {
            "latest": _figures(record),
            "flags": {f["kind"]: f.get("message") for f in record.get("flags") or []},
            "score": record.get("score") or 0.0,
            "documents": sorted(str(d["id"]) for d in record.get("documents") or []),
            "hash": _short_hash(record),
        },
        sort_keys=True,
    )


def _short_hash(record: Mapping[str, Any]) -> str:
    import hashlib

    raw = json.dumps(_figures(record), sort_keys=True) + str(sorted(_flag_kinds(record)))
    raw += str(len(record.get("documents") or []))
    return hashlib.blake2b(raw.encode(), digest_size=4).hexdigest()


def _figures(record: Mapping[str, Any]) -> dict[str, int]:
    latest = record.get("latest") or {}
    return {k: int(v) for k, v in latest.items() if isinstance(v, int | float) and k != "as_of"}


def _flag_kinds(record: Mapping[str, Any]) -> set[str]:
    return {str(f["kind"]) for f in record.get("flags") or []}


def summary(record: Mapping[str, Any]) -> EventSummary:
    disease = record.get("disease") or {}
    return EventSummary(
        id=str(record["id"]),
        disease=str(disease.get("name") or "?"),
        icd10=disease.get("icd10"),
        country=record.get("country"),
        admin1=record.get("admin1"),
        first_seen=record.get("first_seen"),
        last_seen=record.get("last_seen"),
        score=float(record.get("score") or 0.0),
        reason=str(record.get("reason") or ""),
        latest=_figures(record),
        flags=tuple(sorted(_flag_kinds(record))),
        cumulative_cases=_cumulative_cases(record.get("series") or []),
    )


def _cumulative_cases(series: Iterable[Mapping[str, Any]]) -> tuple[tuple[date, int], ...]:
    points: dict[date, int] = {}
    for p in series:
        if p.get("measure") == "cases" and p.get("cumulative") and p.get("species") != "animal":
            day = date.fromisoformat(str(p["date"]))
            points[day] = max(points.get(day, 0), int(p["value"]))
    return tuple(sorted(points.items()))


def event_deltas(record: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[EventDelta]:
    """The deltas between an event's mark (``previous``, None if never seen) and its record."""
    event = summary(record)
    before_docs = set(previous["documents"]) if previous else set()
    docs = tuple(
        DocRef(str(d["id"]), d.get("url"), d.get("title"), d.get("published"))
        for d in record.get("documents") or []
        if str(d["id"]) not in before_docs
    )
    if previous is None:
        return [EventDelta("new_event", event, "new_event", documents=docs)]
    tag = f"@{previous.get('hash', '')}"
    out = _figure_deltas(event, previous, docs, tag)
    out += _flag_deltas(event, record, previous, docs, tag)
    old_score = float(previous.get("score") or 0.0)
    if abs(event.score - old_score) >= SCORE_STEP:
        key = f"score_change:{event.score:.0f}{tag}"
        out.append(EventDelta("score_change", event, key, value=event.score, previous=old_score))
    return out


def _figure_deltas(
    event: EventSummary, previous: Mapping[str, Any], docs: tuple[DocRef, ...], tag: str
) -> list[EventDelta]:
    before: Mapping[str, int] = previous.get("latest") or {}
    out = []
    for measure, value in sorted(event.latest.items()):
        old = before.get(measure)
        if old != value:
            key = f"new_figure:{measure}:{value}{tag}"
            out.append(
                EventDelta(
                    "new_figure",
                    event,
                    key,
                    measure=measure,
                    value=value,
                    previous=old,
                    documents=docs,
                )
            )
    return out


def _flag_deltas(
    event: EventSummary,
    record: Mapping[str, Any],
    previous: Mapping[str, Any],
    docs: tuple[DocRef, ...],
    tag: str,
) -> list[EventDelta]:
    before: Mapping[str, str | None] = previous.get("flags") or {}
    now = {str(f["kind"]): f.get("message") for f in record.get("flags") or []}
    out = []
    for kind, (which, messages) in (
        ("flag_raised", (sorted(set(now) - set(before)), now)),
        ("flag_cleared", (sorted(set(before) - set(now)), before)),
    ):
        for flag in which:
            out.append(
                EventDelta(
                    cast(DeltaKind, kind),
                    event,
                    f"{kind}:{flag}{tag}",
                    flag=flag,
                    message=messages.get(flag),
                    documents=docs,
                )
            )
    return out
