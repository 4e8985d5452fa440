"""``episignal scan``: ingest -> clean -> extract (process pool) -> one writer -> events.

The main process reads the sources, skips what the store already holds (same id, same
raw content), and hands chunks of items to worker processes that clean and extract them.
Results come back in input order (so the first copy of a story is its canonical) and the
main process, the only writer, stores each document in its own transaction. At most a
few chunks per worker are in flight, so memory stays flat however many documents are read.
A scan killed at any point leaves whole documents only; rerunning it skips them and
completes the rest.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from episignal.document import RawItem
from episignal.errors import DocumentError
from episignal.events import refresh_events
from episignal.store import DocumentWriter, PreparedDocument, Store, prepare_document
from episignal.store.records import is_english, raw_hash

log = logging.getLogger(__name__)

MAX_BYTES = 5_000_000
CHUNK_ITEMS = 16  # items per task: amortises inter-process overhead (~4 KB news items)
CHUNK_BYTES = 1_000_000  # ... but a chunk of large pages is closed early
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: keeps workers busy, memory bounded
PROGRESS_EVERY_S = 0.1
# Imported once by the fork server, so each worker starts with them loaded.
WORKER_PRELOAD = ("episignal.scan", "episignal.clean", "episignal.extract.pipeline")

ProgressCallback = Callable[[int], None]


@dataclass(slots=True)
class ScanResult:
    """What a scan did. ``read`` = new + unchanged + exact_duplicates + near_duplicates +
    non_english + skipped + failed; ``irrelevant`` counts the new documents that are not
    about an outbreak."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    non_english: int = 0
    irrelevant: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    events_created: int = 0
    events_updated: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "new": self.new,
            "unchanged": self.unchanged,
            "exact_duplicates": self.exact_duplicates,
            "near_duplicates": self.near_duplicates,
            "non_english": self.non_english,
            "irrelevant": self.irrelevant,
            "skipped": dict(self.skipped.most_common()),
            "failed": dict(self.failed.most_common()),
            "events_created": self.events_created,
            "events_updated": self.events_updated,
            "seconds": round(self.seconds, 3),
        }


# --------------------------------------------------------------------------- reasons

# Reasons are grouped for the summary: the full message is kept in documents.reason.
_REASON_GROUPS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), label)
    for pattern, label in (
        (r"too large|size cap|exceeds", "too large"),
        (r"malformed json|invalid json|json decode", "malformed JSON"),
        (r"expected a json object", "not a JSON object"),
        (r"no 'text' or 'html'", "no text in record"),
        (r"binary", "binary content"),
        (r"\bempty\b|no text|blank", "empty"),
        (r"no article text|nothing left|only site furniture", "no article text"),
        (r"not found|no such file|does not exist", "not found"),
        (r"permission denied", "permission denied"),
        (r"warc", "broken WARC"),
        (r"feed|rss|atom", "malformed feed"),
        (r"gzip|compressed|truncated", "truncated or corrupt archive"),
        (r"timed? ?out", "timeout"),
        (r"http|status code|connect", "network error"),
        (r"decode|encoding|charset", "undecodable text"),
        (r"internal error|cleaning failed", "internal error"),
    )
)
_CODE_PREFIX = re.compile(r"^\[E\d+\]\s*")


def short_reason(message: str, origin: str | None = None) -> str:
    """A short, groupable reason ("too large", "malformed JSON") for a failure message.

    The item's ``origin`` is cut from the message first: a path such as ``feeds/x.txt``
    must not make a failure look like a feed problem.
    """
    text = _CODE_PREFIX.sub("", message.strip())
    if origin and text.startswith(origin):
        text = text[len(origin) :].lstrip(": ")
    for pattern, label in _REASON_GROUPS:
        if pattern.search(text):
            return label
    head = text.split(": ")[-1] if ": " in text else text
    head = re.sub(r"\s*\(.*\)$", "", head).strip().rstrip(".")
    return (head[:60] or "unknown").lower()


# --------------------------------------------------------------------------- worker side


@dataclass(slots=True)
class Failure:
    """An item cleaning or extraction could not handle, without its content."""

    item: RawItem
    reason: str


Outcome = PreparedDocument | Failure


def process_item(item: RawItem, item_hash: str) -> Outcome:
    """Clean and (for English) extract one item; never raises for a bad document."""
    from episignal.clean import clean_item
    from episignal.clean.dedup import text_signature
    from episignal.extract.pipeline import extract_text

    try:
        doc = clean_item(item)
        if not is_english(doc.language):
            return prepare_document(doc, None, raw_hash=item_hash)
        extraction = extract_text(doc.text, doc.published, title=doc.title, language="en")
        signature = text_signature(doc.text)
        return prepare_document(doc, extraction, raw_hash=item_hash, signature=signature)
    except DocumentError as exc:
        return Failure(_without_content(item), str(exc.args[0]) if exc.args else str(exc))
    except Exception as exc:  # one bad document must never abort a scan of millions
        log.warning("internal error on %s", item.id, exc_info=True)
        return Failure(_without_content(item), f"internal error: {type(exc).__name__}: {exc}")


def process_chunk(chunk: list[tuple[RawItem, str]]) -> list[Outcome]:
    return [process_item(item, item_hash) for item, item_hash in chunk]


def _without_content(item: RawItem) -> RawItem:
    return RawItem(
        id=item.id,
        content=b"",
        format=item.format,
        origin=item.origin,
        url=item.url,
        title=item.title,
        source=item.source,
        published=item.published,
    )


# --------------------------------------------------------------------------- running chunks

Chunk = list[tuple[RawItem, str]]


def _run_in_process(chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
    for chunk in chunks:
        yield process_chunk(chunk)


class _PoolRunner:
    """Runs chunks in worker processes, yielding results in submission order.

    The pool starts only when there is more than one chunk (a one-document scan does not
    pay for process start-up). Workers come from a fork server: forking the main process
    would copy its open SQLite connection, which SQLite forbids.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.executor: ProcessPoolExecutor | None = None
        self.broken = False

    def _start(self) -> ProcessPoolExecutor:
        if self.executor is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(list(WORKER_PRELOAD))
            self.executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=ctx, initializer=exit_with_parent
            )
        return self.executor

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)

    def run(self, chunks: Iterable[Chunk]) -> Iterator[list[Outcome]]:
        pending: deque[tuple[Future[list[Outcome]], Chunk]] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        iterator = iter(chunks)
        first = next(iterator, None)
        if first is None:
            return
        second = next(iterator, None)
        if second is None:
            yield process_chunk(first)
            return
        for chunk in _chain(first, second, iterator):
            if self.broken:
                yield process_chunk(chunk)
                continue
            pending.append((self._submit(chunk), chunk))
            while len(pending) >= limit:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    def _submit(self, chunk: Chunk) -> Future[list[Outcome]]:
        try:
            return self._start().submit(process_chunk, chunk)
        except BrokenProcessPool:
            self.broken = True
            done: Future[list[Outcome]] = Future()
            done.set_result(process_chunk(chunk))
            return done

    def _result(self, future: Future[list[Outcome]], chunk: Chunk) -> list[Outcome]:
        try:
            return future.result()
        except BrokenProcessPool:
            # A worker died (out of memory, killed): finish this scan in-process.
            log.warning("a worker process died; continuing in the main process")
            self.broken = True
            return process_chunk(chunk)


def exit_with_parent() -> None:
    """Worker initializer: exit as soon as the scan process is gone.

    A SIGKILLed scan cannot shut its pool down, and an idle worker waits on its task
    queue forever (it holds that queue's write end itself), keeping the fork server alive
    too. A daemon thread waits on the parent's sentinel instead.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _chain(first: Chunk, second: Chunk, rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield first
    yield second
    yield from rest


# --------------------------------------------------------------------------- main side


class _Progress:
    """Batches progress increments so the callback (a progress bar) is not called per item."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.pending = 0
        self.last = time.monotonic()

    def __call__(self, n: int = 1) -> None:
        if self.callback is None:
            return
        self.pending += n
        now = time.monotonic()
        if now - self.last >= PROGRESS_EVERY_S:
            self.flush()
            self.last = now

    def flush(self) -> None:
        if self.callback is not None and self.pending:
            self.callback(self.pending)
            self.pending = 0


class _Scanner:
    def __init__(self, store: Store, result: ScanResult, progress: _Progress) -> None:
        self.store = store
        self.writer = DocumentWriter(store)
        self.result = result
        self.progress = progress

    def chunks(self, items: Iterable[RawItem]) -> Iterator[Chunk]:
        """Chunks of items to process; unreadable, skipped and unchanged items are handled
        here, in the main process, as they are read."""
        chunk: Chunk = []
        size = 0
        for item in items:
            self.result.read += 1
            if item.error is not None or item.skip_reason is not None:
                self.record_unprocessed(item)
                continue
            item_hash = raw_hash(item.content)
            if self.writer.is_unchanged(item.id, item_hash):
                self.result.unchanged += 1
                self.progress()
                continue
            chunk.append((item, item_hash))
            size += len(item.content)
            if len(chunk) >= CHUNK_ITEMS or size >= CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
        if chunk:
            yield chunk

    def record_unprocessed(self, item: RawItem) -> None:
        if item.error is not None:
            self.store.put_unprocessed(item, "failed", item.error)
            self.result.failed[short_reason(item.error, item.origin)] += 1
            log.info("failed: %s: %s", item.origin, item.error)
        else:
            reason = item.skip_reason or "skipped"
            self.store.put_unprocessed(item, "skipped", reason)
            self.result.skipped[short_reason(reason, item.origin)] += 1
            log.info("skipped: %s: %s", item.origin, reason)
        self.progress()

    def record(self, outcome: Outcome) -> None:
        if isinstance(outcome, Failure):
            self.store.put_unprocessed(outcome.item, "failed", outcome.reason)
            self.result.failed[short_reason(outcome.reason, outcome.item.origin)] += 1
            log.info("failed: %s: %s", outcome.item.origin, outcome.reason)
        else:
            self._count(self.writer.write(outcome), outcome)
        self.progress()

    def _count(self, kind: str, p: PreparedDocument) -> None:
        r = self.result
        if kind == "unchanged":
            r.unchanged += 1
        elif kind == "exact":
            r.exact_duplicates += 1
        elif kind == "near":
            r.near_duplicates += 1
        elif kind == "non_english":
            r.non_english += 1
        else:
            r.new += 1
            r.irrelevant += 0 if p.relevant else 1


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def scan(
    sources: Sequence[str],
    db: Path,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = MAX_BYTES,
) -> ScanResult:
    """Ingest ``sources`` into the store at ``db`` and rebuild its events.

    ``workers`` processes clean and extract (default: all cores; 1 runs in-process).
    ``progress`` receives increments of documents handled. Unreadable inputs are recorded
    with a reason and never abort the scan.
    """
    from episignal.ingest import read_sources

    started = time.perf_counter()
    result = ScanResult()
    tick = _Progress(progress)
    n_workers = workers if workers is not None else default_workers()
    with Store.open(db) as store:
        scanner = _Scanner(store, result, tick)
        chunks = scanner.chunks(read_sources(list(sources), max_bytes=max_bytes))
        runner = _PoolRunner(n_workers) if n_workers > 1 else None
        try:
            results = runner.run(chunks) if runner is not None else _run_in_process(chunks)
            for outcomes in results:
                for outcome in outcomes:
                    scanner.record(outcome)
        finally:
            if runner is not None:
                runner.close()
        tick.flush()
        changes = refresh_events(store.events)
    result.events_created = changes.created
    result.events_updated = changes.updated
    result.seconds = time.perf_counter() - started
    return result
