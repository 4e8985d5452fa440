"""Worker processes that run one step per item under a time budget, results in input order.

Each worker has its own pipe. The main process sends it chunks of items and receives one
result per item as soon as it is ready, so it always knows which item a worker is on and
since when. Budgets are CPU seconds (a loaded machine must not fail documents): a worker
that spent more than an item's budget on it (its own alarm did not stop it: a parser
stuck in C code), or that sat on it for :data:`WALL_FACTOR` times as long in wall-clock
time, is killed: that item gets the step's timeout result, the rest of its chunk goes to
other workers, and a fresh worker takes its place. A worker that dies (out of
memory, a crash) or grows past the memory limit costs the item it was on, nothing more.
Results are handed back in input order; at most a few chunks per worker are in flight,
so memory stays flat however many items pass.

Workers come from a fork server: forking the main process would copy its open SQLite
connection, which SQLite forbids.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from episignal.errors import WorkerStartError

log = logging.getLogger(__name__)


X = TypeVar("X")
Y = TypeVar("Y")

CHUNK_ITEMS = 16  # items per message: amortises inter-process overhead (~4 KB news items)
CHUNK_BYTES = 1_000_000  # ... but a chunk of large pages is closed early
QUEUED_PER_WORKER = 2 * CHUNK_ITEMS  # items sent ahead to each worker
GRACE_S = 2.0  # a worker's own alarm fires at the deadline; it is killed this much later
WALL_FACTOR = 10.0  # a worker that uses no CPU (stuck waiting) is killed at this many budgets
POLL_S = 0.25
MAX_FAILED_STARTS = 3
_READY = "ready"


@dataclass(frozen=True, slots=True)
class Job(Generic[X]):
    """What the pool runs: ``step(x)`` per item, with ``deadline(x)`` seconds for it."""

    step: Callable[[X], Any]
    deadline: Callable[[X], float]
    size: Callable[[X], int]
    # The result of an item whose worker was killed ("timeout") or died ("crashed: ...").
    failed: Callable[[X, str], Any]
    warm_up: Callable[[], None] | None = None
    preload: tuple[str, ...] = ()
    memory_limit: int | None = None  # bytes of resident memory per worker
    worker_setup: Callable[[], None] | None = None


@dataclass(slots=True)
class _Worker(Generic[X]):
    process: BaseProcess
    conn: Connection
    ready: bool = False
    outstanding: deque[tuple[int, X]] = field(default_factory=deque)
    started: float = 0.0  # when the item at the head of ``outstanding`` started (wall clock)
    cpu_started: float | None = None  # the worker's CPU seconds then (None: unknown)

    def start_item(self) -> None:
        self.started = time.monotonic()
        self.cpu_started = cpu_seconds(self.process.pid)

    def over_budget(self, budget: float) -> bool:
        """Has the item at the head of ``outstanding`` used up ``budget`` (plus grace)?"""
        if time.monotonic() - self.started > WALL_FACTOR * budget + GRACE_S:
            return True
        if self.cpu_started is None:
            return False
        now = cpu_seconds(self.process.pid)
        return now is not None and now - self.cpu_started > budget + GRACE_S


def worker_main(conn: Connection, job: Job[Any]) -> None:
    """A worker's life: set up, warm up, then one result per item until told to stop."""
    # Ctrl-C reaches the whole process group: the main process decides what it means (the
    # watcher finishes the batch in hand), and a worker exits when the main process does.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    exit_with_parent()
    if job.worker_setup is not None:
        job.worker_setup()
    if job.warm_up is not None:
        job.warm_up()
    inbox: queue.SimpleQueue[Any] = queue.SimpleQueue()
    # Chunks are read by a thread of their own, so the main process never blocks sending
    # one while this worker blocks sending a result: neither waits on the other.
    threading.Thread(target=_read_chunks, args=(conn, inbox), daemon=True).start()
    conn.send(_READY)
    while True:
        chunk = inbox.get()
        if chunk is None:
            return
        for seq, x in chunk:
            conn.send((seq, job.step(x)))


def _read_chunks(conn: Connection, inbox: queue.SimpleQueue[Any]) -> None:
    while True:
        try:
            chunk = conn.recv()
        except (EOFError, OSError):
            chunk = None
        inbox.put(chunk)
        if chunk is None:
            return


def exit_with_parent() -> None:
    """Exit as soon as the main process is gone (a SIGKILLed scan cannot stop its workers)."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class WorkerPool(Generic[X, Y]):
    def __init__(self, job: Job[X], workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.job = job
        self.size = workers
        self.workers: list[_Worker[X]] = []
        self._context = multiprocessing.get_context("forkserver")
        if job.preload:
            self._context.set_forkserver_preload(list(job.preload))
        self.killed = 0  # workers killed past a deadline or the memory limit
        self.died = 0
        self.failed_starts = 0  # workers in a row that died before they were ready

    # ----------------------------------------------------------------------- lifecycle

    def _start_worker(self) -> _Worker[X]:
        parent, child = self._context.Pipe(duplex=True)
        process = self._context.Process(
            target=worker_main, args=(child, self.job), name="episignal-worker", daemon=True
        )
        process.start()
        child.close()
        worker: _Worker[X] = _Worker(process, parent)
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.conn.send(None)
        for worker in self.workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self.workers.clear()

    def __enter__(self) -> WorkerPool[X, Y]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- running

    def run(self, items: Iterable[X]) -> Iterator[Y]:
        """``job.step(x)`` for each item, in input order."""
        run = _Run(self, iter(items))
        while not run.done():
            run.feed()
            run.collect()
            yield from run.in_order()

    def replace(self, worker: _Worker[X]) -> None:
        """Stop ``worker`` (killing it if need be) and start a fresh one in its place."""
        if worker in self.workers:
            self.workers.remove(worker)
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        self._start_worker()


class _Run(Generic[X, Y]):
    """The state of one :meth:`WorkerPool.run`."""

    def __init__(self, pool: WorkerPool[X, Y], items: Iterator[X]) -> None:
        self.pool = pool
        self.items = items
        self.exhausted = False
        self.retry: deque[tuple[int, X]] = deque()  # items of a lost worker, to send again
        self.results: dict[int, Y] = {}
        self.next_seq = 0  # next item read from ``items``
        self.next_out = 0  # next result to hand back
        self.limit = pool.size * QUEUED_PER_WORKER * 2
        for worker in list(pool.workers):
            if worker.outstanding:  # left busy by a run its caller stopped reading
                worker.outstanding.clear()
                pool.replace(worker)
        while len(pool.workers) < pool.size:
            pool._start_worker()

    def done(self) -> bool:
        return (
            self.exhausted
            and not self.retry
            and self.next_out == self.next_seq
            and not any(w.outstanding for w in self.pool.workers)
        )

    def in_order(self) -> Iterator[Y]:
        while self.next_out in self.results:
            yield self.results.pop(self.next_out)
            self.next_out += 1

    # ----------------------------------------------------------------------- sending

    def feed(self) -> None:
        for worker in list(self.pool.workers):  # a worker lost while sending is replaced
            if worker.ready and len(worker.outstanding) < QUEUED_PER_WORKER:
                chunk = self._next_chunk()
                if chunk:
                    self._send(worker, chunk)

    def _next_chunk(self) -> list[tuple[int, X]]:
        chunk: list[tuple[int, X]] = []
        size = 0
        while len(chunk) < CHUNK_ITEMS and size < CHUNK_BYTES:
            entry = self._next_item()
            if entry is None:
                break
            chunk.append(entry)
            size += self.pool.job.size(entry[1])
        return chunk

    def _next_item(self) -> tuple[int, X] | None:
        if self.retry:
            return self.retry.popleft()
        if self.exhausted or self.next_seq - self.next_out >= self.limit:
            return None
        x = next(self.items, None)
        if x is None:
            self.exhausted = True
            return None
        self.next_seq += 1
        return self.next_seq - 1, x

    def _send(self, worker: _Worker[X], chunk: list[tuple[int, X]]) -> None:
        if not worker.outstanding:
            worker.start_item()
        worker.outstanding.extend(chunk)
        try:
            worker.conn.send(chunk)
        except (OSError, ValueError):
            self._lost(worker, "crashed: could not reach the worker process")

    # ----------------------------------------------------------------------- receiving

    def collect(self) -> None:
        pool = self.pool
        waiting: dict[object, _Worker[X]] = {w.conn: w for w in pool.workers}
        sentinels: dict[object, _Worker[X]] = {w.process.sentinel: w for w in pool.workers}
        ready: list[object] = list(wait([*pool_conns(pool.workers)], timeout=self._wait_time()))
        for obj in ready:
            worker = waiting.get(obj)
            if worker is not None and worker in pool.workers:
                self._receive(worker)
        for obj in ready:
            worker = sentinels.get(obj)
            if worker is not None and worker in pool.workers and not worker.process.is_alive():
                self._lost(worker, f"crashed: worker exited with code {worker.process.exitcode}")
        self._enforce_limits()

    def _wait_time(self) -> float:
        return POLL_S

    def _receive(self, worker: _Worker[X]) -> None:
        try:
            while worker.conn.poll():
                message = worker.conn.recv()
                if message == _READY:
                    worker.ready = True
                    self.pool.failed_starts = 0
                    continue
                seq, result = message
                while worker.outstanding and worker.outstanding[0][0] != seq:
                    worker.outstanding.popleft()  # cannot happen: results come in order
                if worker.outstanding:
                    worker.outstanding.popleft()
                self.results[seq] = result
                worker.start_item()
        except (EOFError, OSError):
            pass  # the sentinel reports the death

    def _enforce_limits(self) -> None:
        for worker in list(self.pool.workers):
            if worker.outstanding and worker.over_budget(
                self.pool.job.deadline(worker.outstanding[0][1])
            ):
                self.pool.killed += 1
                self._lost(worker, "timeout")
            elif self._too_big(worker):
                self.pool.killed += 1
                self._lost(worker, "too large: the worker ran out of its memory budget")

    def _too_big(self, worker: _Worker[X]) -> bool:
        limit = self.pool.job.memory_limit
        if limit is None or not worker.outstanding or worker.process.pid is None:
            return False
        rss = resident_bytes(worker.process.pid)
        return rss is not None and rss > limit

    def _lost(self, worker: _Worker[X], reason: str) -> None:
        """The worker is gone or must go: its current item fails, the rest are sent again."""
        if reason.startswith("crashed"):
            self.pool.died += 1
        if not worker.ready:
            self.pool.failed_starts += 1
            if self.pool.failed_starts >= MAX_FAILED_STARTS:
                raise WorkerStartError(
                    f"worker processes die before they are ready ({reason})",
                    hint="run with --workers 1 to see the error",
                )
        if worker.outstanding:
            seq, x = worker.outstanding.popleft()
            log.warning("item %d: %s", seq, reason)
            self.results[seq] = self.pool.job.failed(x, reason)
        self.retry.extendleft(reversed(worker.outstanding))
        worker.outstanding.clear()
        self.pool.replace(worker)


def pool_conns(workers: list[_Worker[Any]]) -> list[Connection | int]:
    """What to wait on: each worker's pipe (results) and process sentinel (death)."""
    return [w.conn for w in workers] + [w.process.sentinel for w in workers]


def cpu_seconds(pid: int | None) -> float | None:
    """CPU time (user + system) a process has used (Linux /proc), or None where unknown."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            data = fh.read()
        fields = data[data.rindex(b")") + 2 :].split()
        ticks = int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15
    except (OSError, ValueError, IndexError):
        return None
    return ticks / os.sysconf("SC_CLK_TCK")


def resident_bytes(pid: int) -> int | None:
    """Resident memory of a process (Linux /proc), or None where unknown."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")
