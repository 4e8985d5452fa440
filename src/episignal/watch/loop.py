"""The watcher's loop: poll due sources, fetch new articles, process, update events, alert.

Threads do the network (polls and article fetches, bounded in number and per host); the
main thread does everything that touches the database, in this order for each item:

1. the pipeline stores the document (its own transaction; a document id already stored
   from the same bytes is "unchanged", so a repeat stores nothing twice);
2. the item is marked done for its source (a restart does not fetch it again);
3. the event store's incremental update logs its deltas; a page of them at a time becomes
   alerts in the transaction that moves the watcher's cursor past them;
4. alerts are sent, each result recorded.

A SIGKILL between any two steps leaves a state the next run completes: an unmarked item
is fetched again and found unchanged; deltas after the cursor are read again; an unsent
alert is sent. SIGTERM or SIGINT stops the loop after the batch in hand.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from types import FrameType
from typing import Any

from episignal.document import RawItem
from episignal.ingest.files import path_items
from episignal.store import Store
from episignal.store.watch_alerts import next_alert_at
from episignal.store.watch_sources import (
    PollRecord,
    SourceRow,
    due_sources,
    finish_item,
    item_states,
    next_due_at,
    record_poll,
    retry_item,
)
from episignal.watch.alerts import Alerter, Attempt, next_digest_at
from episignal.watch.clock import Clock, system_clock
from episignal.watch.fetch import SafeFetcher
from episignal.watch.poll import ArticleResult, Entry, PollResult, fetch_article, poll_source
from episignal.watch.seams import EventUpdates, ItemSink, Processed
from episignal.watch.settings import WatchConfig
from episignal.watch.threads import TaskPool
from episignal.workers import CHUNK_ITEMS

log = logging.getLogger(__name__)

IDLE_WAIT_MAX_S = 30.0
ALERT_THREADS = 2  # alerts go out beside the processing, never holding it up
DB_RETRY_S = 5.0  # after a database error, first pause; doubled up to the next
DB_RETRY_MAX_S = 300.0  # even with nothing due, look at the database this often
BUSY_WAIT_S = 0.2
CHANGED_OUTCOMES = frozenset({"new", "irrelevant", "exact", "near", "unsupported_language"})


@dataclass(slots=True)
class WatchStats:
    """What the watcher did since it started."""

    started: float = field(default_factory=time.time)
    polls: int = 0
    not_modified: int = 0
    poll_failures: int = 0
    new_entries: int = 0
    article_failures: int = 0
    documents: Counter[str] = field(default_factory=Counter)
    event_updates: int = 0
    deltas: int = 0
    alerts_stored: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds": round(time.time() - self.started, 1),
            "polls": self.polls,
            "not_modified": self.not_modified,
            "poll_failures": self.poll_failures,
            "new_entries": self.new_entries,
            "article_failures": self.article_failures,
            "documents": dict(self.documents.most_common()),
            "event_updates": self.event_updates,
            "deltas": self.deltas,
            "alerts_stored": self.alerts_stored,
            "alerts_sent": self.alerts_sent,
            "alerts_failed": self.alerts_failed,
        }


@dataclass(slots=True)
class _Work:
    source: SourceRow
    entry: Entry
    items: list[RawItem]


def backoff_delay(
    every_s: float, failures: int, maximum_s: float, retry_after: float | None
) -> float:
    """Seconds to the next poll after ``failures`` failures in a row: the schedule, doubled
    with each further failure, capped; never sooner than the server's Retry-After."""
    delay = min(every_s * 2.0 ** max(0, failures - 1), max(maximum_s, every_s))
    return max(delay, retry_after or 0.0)


def batch_size(batch_items: int, workers: int) -> int:
    """Items handed to the pipeline at most at once. With worker processes, enough for two
    chunks per worker: the pipeline hands a batch of a single chunk to no pool (processing
    it in this process costs less than the trip), so a backlog goes to the workers and a
    trickle of new articles does not wait for a batch to fill."""
    return max(batch_items, 2 * CHUNK_ITEMS * workers) if workers > 1 else batch_items


class Watcher:
    def __init__(
        self,
        store: Store,
        config: WatchConfig,
        *,
        sink: ItemSink,
        updates: EventUpdates,
        fetcher: SafeFetcher,
        alerter: Alerter,
        clock: Clock | None = None,
        stop: threading.Event | None = None,
        progress: Callable[[WatchStats], None] | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.settings = config.watch
        self.sink = sink
        self.updates = updates
        self.fetcher = fetcher
        self.alerter = alerter
        self.clock = clock or system_clock()
        self.stop = stop or threading.Event()
        self.progress = progress
        self.stats = WatchStats()
        self._pool: TaskPool | None = None
        self._senders: TaskPool | None = None
        self._sending: set[int] = set()  # alert ids on their way
        self._polling: set[int] = set()
        self._in_flight: set[tuple[int, str]] = set()
        self._to_fetch: deque[tuple[SourceRow, Entry]] = deque()
        self._fetching = 0
        self._ready: deque[_Work] = deque()
        self._files: deque[_Work] = deque()
        self._once_queue: deque[SourceRow] | None = None
        self._last_update = float("-inf")
        self._update_cost = 0.0
        self._next_alerts = 0.0
        self._batch_items = batch_size(self.settings.batch_items, self.settings.workers)

    # ----------------------------------------------------------------------- running

    def run(self, *, once: bool = False, poll_all: bool = False) -> WatchStats:
        """Watch until stopped (``once``: poll what is due, or everything with ``poll_all``,
        process it, alert, and return)."""
        baseline = self.updates.start()
        if baseline:
            log.info("baseline: %d events already in the database raise no alert", baseline)
        self._pool = TaskPool(self.settings.fetch_threads)
        self._senders = TaskPool(ALERT_THREADS, name="alerts")
        self._once_queue = deque(self._sources_to_poll_once(poll_all)) if once else None
        try:
            self._update_events()  # deltas a killed run left unacknowledged
            self._loop(once)
            if once and not self.stop.is_set():
                self._update_events()
                self._send_alerts(force=True)
                self._finish_sending()
        finally:
            self._pool.close()
            self._senders.close()
        return self.stats

    @contextmanager
    def signals_stop(self) -> Iterator[None]:
        """SIGTERM and SIGINT set the stop flag (a second SIGINT interrupts at once)."""

        def handler(signum: int, frame: FrameType | None) -> None:
            log.warning(
                "%s: finishing the document in hand, then stopping", signal.strsignal(signum)
            )
            self.stop.set()
            signal.signal(signal.SIGINT, signal.default_int_handler)

        previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
        try:
            yield
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    def _sources_to_poll_once(self, poll_all: bool) -> list[SourceRow]:
        now = float("inf") if poll_all else self.clock()
        return due_sources(self.store.conn, now, limit=1_000_000)

    def _loop(self, once: bool) -> None:
        pause = DB_RETRY_S
        while not self.stop.is_set():
            try:
                if self._step(once):
                    return
                pause = DB_RETRY_S
            except sqlite3.OperationalError as exc:  # locked for long, disk full, I/O error
                self._recover(exc, pause)
                pause = min(pause * 2, DB_RETRY_MAX_S)

    def _recover(self, exc: sqlite3.OperationalError, pause: float) -> None:
        """Forget the work in hand (nothing of it is marked done, so the next polls bring it
        back, and what was stored is found unchanged) and try again after a pause."""
        log.error(
            "database error: %s; trying again in %.0f s", exc, pause, extra={"pause_s": pause}
        )
        self._ready.clear()
        self._files.clear()
        self._to_fetch.clear()
        self._in_flight.clear()
        self.stop.wait(pause)

    def _step(self, once: bool) -> bool:
        """One turn of the loop; True when a --once run is done."""
        self._start_polls()
        self._start_fetches()
        self._handle_results(self._wait_time())
        if self._ready:
            self._process_batch()
        elif self._files:
            self._process_file(self._files.popleft())
        self._maybe_update_events()
        self._send_alerts()
        if self.progress is not None:
            self.progress(self.stats)
        return once and self._idle() and not self._once_queue

    def _idle(self) -> bool:
        assert self._pool is not None
        return (
            not (self._polling or self._to_fetch or self._fetching or self._ready or self._files)
            and self._pool.pending == 0
        )

    def _wait_time(self) -> float:
        if self._ready or self._files:
            return 0.0
        assert self._pool is not None and self._senders is not None
        if self._pool.pending or self._senders.pending:
            return BUSY_WAIT_S
        if self._once_queue is not None:
            return 0.0
        now = self.clock()
        due = [now + IDLE_WAIT_MAX_S, self._next_alerts]
        due.append(next_due_at(self.store.conn, self._polling) or due[0])
        if self.store.events_dirty():
            due.append(self._last_update + self._update_interval())
        return min(IDLE_WAIT_MAX_S, max(0.0, min(due) - now))

    # ----------------------------------------------------------------------- polling

    def _start_polls(self) -> None:
        free = self.settings.parallel_sources - len(self._polling)
        if free <= 0:
            return
        if self._once_queue is not None:
            sources = [self._once_queue.popleft() for _ in range(min(free, len(self._once_queue)))]
        else:
            sources = due_sources(self.store.conn, self.clock(), free, busy=self._polling)
        for source in sources:
            self._polling.add(source.id)
            self._submit(partial(poll_source, source, self.fetcher, self.settings, self.clock()))

    def _submit(self, task: Callable[[], Any]) -> None:
        assert self._pool is not None
        self._pool.submit(task)

    def _handle_results(self, timeout: float) -> None:
        assert self._pool is not None
        if self._pool.pending == 0:
            if timeout > 0:
                self.stop.wait(timeout)
            return
        for result in self._pool.take(timeout):
            if isinstance(result, PollResult):
                self._polled(result)
            elif isinstance(result, ArticleResult):
                self._fetched(result)
            else:  # a task that raised: poll_source and fetch_article never should
                log.error("internal error in a fetch thread: %r", result)

    def _polled(self, result: PollResult) -> None:
        source = result.source
        self._polling.discard(source.id)
        self.stats.polls += 1
        now = self.clock()
        if not result.ok:
            self._poll_failed(result, now)
            return
        self.stats.not_modified += result.status == "not modified"
        with self.store.transaction() as conn:
            fresh = self._fresh_entries(source, result.entries)
            more = len(fresh) > self.settings.max_items_per_poll
            fresh = fresh[: self.settings.max_items_per_poll]
            record_poll(
                conn,
                source.id,
                PollRecord(
                    at=now,
                    ok=True,
                    status=result.status,
                    next_due_at=now if more else now + source.every_s,
                    etag=result.validators.etag,
                    last_modified=result.validators.last_modified,
                    new_items=len(fresh),
                ),
            )
        for note in result.notes:
            log.warning("source %s: %s", source.name, note)
        log.info(
            "polled %s: %s, %d new of %d",
            source.name,
            result.status,
            len(fresh),
            len(result.entries),
            extra={"source": source.name, "seconds": round(result.seconds, 3)},
        )
        self.stats.new_entries += len(fresh)
        for entry in fresh:
            self._take(source, entry)

    def _fresh_entries(self, source: SourceRow, entries: tuple[Entry, ...]) -> list[Entry]:
        """Entries not processed yet and not already on their way."""
        unique = list({e.key: e for e in entries}.values())
        states = item_states(self.store.conn, source.id, [e.key for e in unique])
        return [
            e
            for e in unique
            if (e.key not in states or states[e.key].state == "pending")
            and (source.id, e.key) not in self._in_flight
        ]

    def _poll_failed(self, result: PollResult, now: float) -> None:
        source = result.source
        failures = source.consecutive_failures + 1
        delay = backoff_delay(
            source.every_s, failures, self.settings.backoff_max_s, result.retry_after
        )
        with self.store.transaction() as conn:
            record_poll(
                conn,
                source.id,
                PollRecord(now, False, _short(result.status), now + delay, error=result.status),
            )
        self.stats.poll_failures += 1
        log.warning(
            "source %s failed (%d in a row): %s; next try in %.0f s",
            source.name,
            failures,
            result.status,
            delay,
            extra={"source": source.name, "url": source.url, "failures": failures},
        )

    def _take(self, source: SourceRow, entry: Entry) -> None:
        self._in_flight.add((source.id, entry.key))
        if entry.path is not None:
            self._files.append(_Work(source, entry, []))
        elif entry.url and source.follow_links and source.kind in ("feed", "sitemap"):
            self._to_fetch.append((source, entry))
        elif entry.item is not None:
            self._ready.append(_Work(source, entry, [entry.item]))
        else:
            self._finish([(_Work(source, entry, []), [])], "entry has neither a link nor content")

    def _start_fetches(self) -> None:
        """Hand articles to the fetch threads, keeping a bounded number fetched ahead."""
        limit = max(self.settings.fetch_threads * 4, self._batch_items)
        while self._to_fetch and self._fetching + len(self._ready) < limit:
            source, entry = self._to_fetch.popleft()
            self._fetching += 1
            self._submit(partial(fetch_article, source, entry, self.fetcher))

    def _fetched(self, result: ArticleResult) -> None:
        self._fetching -= 1
        if result.item is not None:
            self._ready.append(_Work(result.source, result.entry, [result.item]))
            return
        self.stats.article_failures += 1
        self._article_failed(result)

    def _article_failed(self, result: ArticleResult) -> None:
        source, entry = result.source, result.entry
        reason = result.error or "unknown error"
        if result.transient:
            with self.store.transaction() as conn:
                attempts = retry_item(
                    conn, source.id, entry.key, url=entry.url, error=reason, now=self.clock()
                )
            if attempts < self.settings.item_attempts:
                log.info(
                    "article %s: %s (attempt %d; tried again next poll)",
                    entry.url,
                    reason,
                    attempts,
                )
                self._in_flight.discard((source.id, entry.key))
                return
        fallback = entry.item
        if fallback is not None and fallback.skip_reason is None and fallback.error is None:
            log.info("article %s: %s; using the feed's own text", entry.url, reason)
            self._ready.append(_Work(source, entry, [fallback]))
            return
        log.warning("article %s: %s; recorded as failed", entry.url, reason)
        failed = RawItem(
            entry.document_id or entry.key,
            b"",
            "text",
            entry.url or entry.key,
            url=entry.url,
            title=entry.title,
            source=entry.outlet,
            published=entry.published,
            error=f"cannot fetch: {reason}",
        )
        self._ready.append(_Work(source, entry, [failed]))

    # ----------------------------------------------------------------------- processing

    def _process_batch(self) -> None:
        batch: list[_Work] = []
        items: list[RawItem] = []
        while self._ready and len(items) < self._batch_items:
            work = self._ready.popleft()
            batch.append(work)
            items.extend(work.items)
        results = self._store_items(items)
        done, position = [], 0
        for work in batch:
            done.append((work, results[position : position + len(work.items)]))
            position += len(work.items)
        self._finish(done)

    def _store_items(self, items: list[RawItem]) -> list[Processed]:
        """The pipeline's verdicts. A database error stops here (the loop pauses and tries
        again); any other error is pinned on the item that raised it, the rest go on."""
        try:
            return self.sink.process(items)
        except sqlite3.OperationalError:
            raise
        except Exception:
            if len(items) == 1:
                log.exception("internal error storing %s", items[0].id)
                return [Processed(items[0].id, "failed", "internal error while storing")]
            return [p for item in items for p in self._store_items([item])]

    def _finish(self, done: list[tuple[_Work, list[Processed]]], error: str | None = None) -> None:
        """Mark entries processed (``failed`` when all their documents failed), at once."""
        now = self.clock()
        with self.store.transaction() as conn:
            for work, processed in done:
                self._count(processed)
                failed = error is not None or (
                    bool(processed) and all(p.outcome == "failed" for p in processed)
                )
                finish_item(
                    conn,
                    work.source.id,
                    work.entry.key,
                    url=work.entry.url,
                    document_id=processed[0].item_id if processed else work.entry.document_id,
                    state="failed" if failed else "done",
                    now=now,
                    error=error or next((p.reason for p in processed if p.reason), None),
                )
        for work, _ in done:
            self._in_flight.discard((work.source.id, work.entry.key))

    def _count(self, processed: list[Processed]) -> None:
        for p in processed:
            self.stats.documents[p.outcome] += 1

    def _process_file(self, work: _Work) -> None:
        """Stream a file's documents through the pipeline; the file is done once all are."""
        assert work.entry.path is not None
        results: list[Processed] = []
        chunk: list[RawItem] = []
        for item in path_items(work.entry.path, max_bytes=self.fetcher.settings.max_bytes):
            chunk.append(item)
            if len(chunk) >= self._batch_items:
                results.extend(self._store_items(chunk))
                chunk = []
                if self.stop.is_set():
                    return  # not marked: the next run reads the file again (stored: unchanged)
        results.extend(self._store_items(chunk))
        self._finish([(work, results)])

    # ----------------------------------------------------------------------- events, alerts

    def _update_interval(self) -> float:
        """Rebuilding events costs time: never spend more than a third of it there."""
        return max(self.settings.events_every_s, 2 * self._update_cost)

    def _maybe_update_events(self) -> None:
        """After new documents (at most every ``_update_interval``), and now and then in any
        case: a scan writing to the same database changes events too."""
        since = time.monotonic() - self._last_update
        if since >= IDLE_WAIT_MAX_S or (
            since >= self._update_interval() and self.store.events_dirty()
        ):
            self._update_events()

    def _update_events(self) -> None:
        """Bring events up to date, then turn the logged deltas into alerts, a page at a
        time, each page in the transaction that moves the cursor past it."""
        started = time.monotonic()
        self.updates.refresh()
        seen = stored = 0
        while not self.stop.is_set():
            deltas = self.updates.pending()
            with self.store.transaction():
                stored += self.alerter.enqueue(deltas)
                self.updates.acknowledge(deltas)
            seen += len(deltas)
            if not self.updates.more:
                break
        self._last_update = time.monotonic()
        self._update_cost = self._last_update - started
        self.stats.event_updates += 1
        self.stats.deltas += seen
        self.stats.alerts_stored += stored
        if stored:
            self._next_alerts = 0.0
            log.info("%d event changes, %d alerts stored", seen, stored)

    def _send_alerts(self, *, force: bool = False) -> None:
        """Record the sends that finished; hand the alerts now due to the alert threads."""
        assert self._senders is not None
        self._record_sends(self._senders.take(0.0) if self._senders.pending else [])
        now = self.clock()
        if not force and now < self._next_alerts:
            return
        for row in self.alerter.due(busy=self._sending):
            self._sending.add(row.id)
            self._senders.submit(partial(self.alerter.attempt, row))
        self.alerter.run_digests()
        upcoming = [
            t
            for t in (
                next_alert_at(self.store.conn),
                next_digest_at(self.alerter.channels, now),
                now + IDLE_WAIT_MAX_S,
            )
            if t is not None
        ]
        self._next_alerts = max(now + 1.0, min(upcoming))

    def _record_sends(self, attempts: list[Any]) -> None:
        for attempt in attempts:
            if not isinstance(attempt, Attempt):
                log.error("internal error in an alert thread: %r", attempt)
                continue
            self._sending.discard(attempt.row.id)
            outcome = self.alerter.record(attempt)
            self.stats.alerts_sent += outcome == "sent"
            self.stats.alerts_failed += outcome == "failed"
            if outcome == "failed":
                self._next_alerts = 0.0  # look again for its retry time

    def _finish_sending(self) -> None:
        """--once: wait for the alerts on their way (each send is bounded by its timeout)."""
        assert self._senders is not None
        while self._senders.pending and not self.stop.is_set():
            self._record_sends(self._senders.take(BUSY_WAIT_S))


def _short(reason: str) -> str:
    """The status column's short form of a failure ("HTTP 500", "timed out", "refused")."""
    head = reason.split(":", 1)[0]
    return head if len(head) <= 40 else head[:39] + "…"
