"""One pipeline for scan, extract and watch: clean -> extract -> prepare, item by item.

:class:`Pipeline` turns :class:`~episignal.document.RawItem` s into outcomes, in input
order, each under a time budget: in worker processes (a stuck document is failed with the
reason ``timeout`` and the others go on), or in this process for a handful of items.

    with Pipeline(PipelineSettings(), workers=4) as pipeline, Store.open(db) as store:
        writer = OutcomeWriter(store)
        for outcome in pipeline.process(Task(item) for item in items):
            writer.write(outcome)

``scan`` reads sources and writes outcomes with :class:`OutcomeWriter`; ``extract`` turns
them into extraction records (``rows=False``); a watcher does what ``scan`` does with the
items it fetches.
"""

from __future__ import annotations

import functools
import gc
import logging
import signal
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import FrameType, TracebackType
from typing import Any, Literal

from episignal import logs
from episignal.bounds import plausible_date, printable_name
from episignal.document import Document, Extraction, RawItem, extraction_to_dict
from episignal.errors import DocumentError, StoreError
from episignal.lang.profile import is_supported
from episignal.store import DocumentWriter, PreparedDocument, Store
from episignal.store.records import raw_hash
from episignal.workers import CHUNK_ITEMS, Job, WorkerPool

log = logging.getLogger(__name__)

DEFAULT_SECONDS = 5.0  # per document, and per MB of input beyond the first
DEFAULT_MAX_BYTES = 5_000_000
ALARM_RETRY_S = 0.001  # CPU seconds: when the alarm went off inside a gc callback
MEMORY_LIMIT = 2 << 30  # resident bytes a worker may reach while on one document
# Imported once by the fork server, so each worker starts with them loaded (``warmed``
# also loads the lexicons and models: a worker replaced after a timeout starts warm).
PRELOAD = ("episignal.pipeline", "trafilatura", "htmldate", "episignal.warmed")
# The store's rows carry a MinHash signature: datasketch, and the scipy it imports (a second
# or more at every start), are preloaded only for a pipeline that prepares rows; `episignal
# extract` never needs them.
ROWS_PRELOAD = ("datasketch",)
_WARM_UP_TEXTS = (
    "Health officials in Kenya reported 42 new cholera cases and 3 deaths in Garissa "
    "county on Monday, the ministry said.",
    "Les autorités sanitaires ont signalé douze cas de choléra dans la région du fleuve.",
)


@dataclass(frozen=True, slots=True)
class Budget:
    """What one document may cost: ``seconds`` (per MB of input, at least ``seconds``)
    and ``max_bytes`` of input (larger documents are skipped when read)."""

    seconds: float = DEFAULT_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.seconds <= 0:
            raise ValueError(f"the time budget must be positive, got {self.seconds}")
        if self.max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {self.max_bytes}")

    def seconds_for(self, size: int) -> float:
        return self.seconds * max(1.0, size / 1_000_000)


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    budget: Budget = Budget()
    published: date | None = None  # overrides every document's date (``--published``)
    rows: bool = True  # prepare the store's rows (scan, watch); False: extraction records
    today: date | None = None  # the date of ingestion (default: today, UTC)


@dataclass(frozen=True, slots=True)
class Task:
    """One item to process; ``raw_hash`` is the hash of its content (computed if empty)."""

    item: RawItem
    raw_hash: str = ""


@dataclass(slots=True)
class Processed:
    """A document that went through: its rows (``rows=True``) or its extraction record."""

    document: Document
    rows: PreparedDocument | None = None
    record: dict[str, Any] | None = None


@dataclass(slots=True)
class Failure:
    """An item that could not be processed (without its content), with why."""

    item: RawItem
    reason: str
    status: Literal["failed", "skipped"] = "failed"


Outcome = Processed | Failure


# --------------------------------------------------------------------------- one item


class BudgetExceeded(BaseException):
    """Raised by the alarm in the middle of a document. A BaseException, so that code
    catching every Exception (parsers, our own guards) lets it through."""


def run_step(task: Task, settings: PipelineSettings) -> Outcome:
    """Clean, extract and prepare one item; never raises for a bad document."""
    item = task.item
    if item.error is not None or item.skip_reason is not None:
        status: Literal["failed", "skipped"] = "failed" if item.error is not None else "skipped"
        return Failure(without_content(item), item.error or item.skip_reason or "", status)
    seconds = settings.budget.seconds_for(content_size(task))
    try:
        with time_limit(seconds):
            return _process(task, settings)
    except BudgetExceeded:
        return Failure(without_content(item), f"timeout: more than {seconds:.0f} s")
    except DocumentError as exc:
        return Failure(without_content(item), str(exc.args[0]) if exc.args else str(exc))
    except Exception as exc:  # one bad document must never stop a scan of millions
        log.warning("internal error on %s", item.id, exc_info=True)
        return Failure(without_content(item), f"internal error: {type(exc).__name__}: {exc}")


def _process(task: Task, settings: PipelineSettings) -> Processed:
    from episignal.clean import clean_item

    doc = clean_item(task.item, today=settings.today)
    if settings.published is not None:
        doc.published, doc.published_source = settings.published, "option"
    if not settings.rows:
        return Processed(doc, record=extraction_record(doc))
    return Processed(doc, rows=prepare_rows(doc, task.raw_hash or raw_hash(task.item.content)))


def prepare_rows(doc: Document, item_hash: str) -> PreparedDocument:
    from episignal.clean.dedup import text_signature
    from episignal.extract.pipeline import extract_text
    from episignal.prepare import prepare_document

    if not is_supported(doc.language):
        return prepare_document(doc, None, raw_hash=item_hash)
    extraction = extract_text(doc.text, doc.published, title=doc.title, language=doc.language)
    signature = text_signature(doc.text)
    return prepare_document(doc, extraction, raw_hash=item_hash, signature=signature)


def extraction_record(doc: Document) -> dict[str, Any]:
    from episignal.extract.pipeline import extract_text

    extraction = extract_text(doc.text, doc.published, title=doc.title, language=doc.language)
    return extraction_to_dict(doc, extraction)


def error_record(item: RawItem, reason: str) -> dict[str, Any]:
    """The extraction record of an item that could not be extracted: ``error`` says why."""
    doc = Document(
        id=item.id, text="", origin=item.origin, title=item.title, published=item.published
    )
    record = extraction_to_dict(doc, Extraction(language=None))
    record["error"] = reason
    return record


class time_limit:
    """Raise :class:`BudgetExceeded` in this thread after ``seconds`` (SIGALRM).

    Python code is stopped where it is; code inside a C call is stopped when it returns,
    so worker processes are also killed from outside past the deadline. Outside the main
    thread, or without SIGALRM, nothing is enforced here.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False
        self.previous: Any = None

    def __enter__(self) -> None:
        if not hasattr(signal, "setitimer") or threading.current_thread() is not (
            threading.main_thread()
        ):
            return
        _alarm_state.fired = False
        self.previous = signal.signal(signal.SIGPROF, _alarm)
        signal.setitimer(signal.ITIMER_PROF, self.seconds)
        self.armed = True

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        if not self.armed:
            return
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, self.previous)
        if _alarm_state.fired and exc_type is None:
            # The alarm went off where its exception was swallowed (in a garbage-collector
            # callback, say, which Python reports as unraisable): the budget is spent all
            # the same.
            raise BudgetExceeded


class _AlarmState:
    fired = False


_alarm_state = _AlarmState()


def _alarm(signum: int, frame: FrameType | None) -> None:
    _alarm_state.fired = True
    if frame is not None and _in_gc_callback(frame):
        # Raised there, the exception would be reported as unraisable and lost: go off
        # again a moment later, back in the document's own code.
        signal.setitimer(signal.ITIMER_PROF, ALARM_RETRY_S)
        return
    raise BudgetExceeded


def _in_gc_callback(frame: FrameType) -> bool:
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    if not codes:
        return False
    current: FrameType | None = frame
    while current is not None:
        if current.f_code in codes:
            return True
        current = current.f_back
    return False


def without_content(item: RawItem) -> RawItem:
    return replace(item, content=b"")


def content_size(task: Task) -> int:
    content = task.item.content
    return len(content) if isinstance(content, bytes) else len(content) * 2


def warm_up(settings: PipelineSettings | None = None) -> None:
    """Load lexicons and models before the first timed document."""
    settings = settings or PipelineSettings()
    # Loading makes some 650,000 objects that live as long as the process: with the
    # collector on, each full collection on the way walked all those made before it (eight
    # of them, most of a second of every start).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for text in _WARM_UP_TEXTS:  # no time limit: an interrupted load would be redone
            _process(Task(RawItem("warm-up", text, "text", "warm-up")), settings)
    finally:
        if collecting:
            gc.enable()
    # Out of the collector's sight from now on: a full collection no longer walks the
    # gazetteer and the lexicons, and a worker forked after this no longer copies the
    # memory pages they lie on by walking them.
    gc.freeze()


def timed_out(task: Task, reason: str) -> Failure:
    return Failure(without_content(task.item), reason)


# --------------------------------------------------------------------------- many items


class Pipeline:
    """clean -> extract -> prepare for a stream of items, in input order, each in budget.

    ``workers`` processes (default 1: in this process, where a stuck C call cannot be
    interrupted). With more, a pool starts on the first call that has more than one
    chunk of items, and stays for later calls until :meth:`close`.
    """

    def __init__(self, settings: PipelineSettings | None = None, *, workers: int = 1) -> None:
        self.settings = settings or PipelineSettings()
        self.workers = workers
        self._pool: WorkerPool[Task, Outcome] | None = None
        self._warm = False

    def process(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        iterator = iter(tasks)
        head = [task for _, task in zip(range(CHUNK_ITEMS + 1), iterator, strict=False)]
        if self.workers <= 1 or len(head) <= CHUNK_ITEMS:
            yield from self._in_process([*head, *iterator])
            return
        yield from self._pooled().run(_chain(head, iterator))

    def process_one(self, item: RawItem) -> Outcome:
        (outcome,) = self._in_process([Task(item)])
        return outcome

    def _in_process(self, tasks: Iterable[Task]) -> Iterator[Outcome]:
        for task in tasks:
            if not self._warm and task.item.error is None and task.item.skip_reason is None:
                warm_up(self.settings)
                self._warm = True
            yield run_step(task, self.settings)

    def _pooled(self) -> WorkerPool[Task, Outcome]:
        if self._pool is None:
            job: Job[Task] = Job(
                step=functools.partial(run_step, settings=self.settings),
                deadline=functools.partial(_deadline, budget=self.settings.budget),
                size=content_size,
                failed=timed_out,
                warm_up=functools.partial(warm_up, self.settings),
                preload=PRELOAD + (ROWS_PRELOAD if self.settings.rows else ()),
                memory_limit=MEMORY_LIMIT,
                worker_setup=functools.partial(logs.configure_worker, logs.configured()),
            )
            self._pool = WorkerPool(job, self.workers)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _deadline(task: Task, budget: Budget) -> float:
    return budget.seconds_for(content_size(task))


def _chain(head: list[Task], rest: Iterator[Task]) -> Iterator[Task]:
    yield from head
    yield from rest


# --------------------------------------------------------------------------- writing


WriteKind = Literal[
    "failed", "skipped", "unchanged", "exact", "near", "unsupported_language", "new"
]
_DOCUMENT_PROBLEMS = (
    ValueError,
    TypeError,
    OverflowError,
    UnicodeError,
    sqlite3.InterfaceError,
    sqlite3.IntegrityError,
)


class OutcomeWriter:
    """The pipeline's writer step: stores each outcome in its own transaction.

    A document the store cannot take (a value SQLite refuses) is recorded as failed with
    the reason; problems with the database itself (locked, read-only, damaged) raise.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.documents = DocumentWriter(store)

    def is_unchanged(self, item_id: str, item_hash: str) -> bool:
        return self.documents.is_unchanged(item_id, item_hash)

    def write(self, outcome: Outcome) -> WriteKind:
        if isinstance(outcome, Failure):
            item = storable(outcome.item)
            self.store.put_unprocessed(item, outcome.status, printable_name(outcome.reason))
            return outcome.status
        rows = outcome.rows
        if rows is None:
            raise ValueError("OutcomeWriter needs outcomes prepared with rows=True")
        try:
            return self.documents.write(rows)
        except StoreError:
            raise
        except _DOCUMENT_PROBLEMS as exc:
            reason = printable_name(f"cannot store: {type(exc).__name__}: {exc}")
            log.warning("%s: %s", rows.document.origin, reason)
            self.store.put_unprocessed(as_item(rows.document), "failed", reason)
            return "failed"


def storable(item: RawItem) -> RawItem:
    """``item``'s metadata as text any encoder takes (an exception's message may not be)."""
    return replace(
        item,
        id=printable_name(item.id),
        origin=printable_name(item.origin),
        url=_printable(item.url),
        title=_printable(item.title),
        source=_printable(item.source),
        published=plausible_date(item.published),
    )


def as_item(doc: Document) -> RawItem:
    """The record of a document that could not be stored: its metadata, made storable."""
    return RawItem(
        printable_name(doc.id),
        b"",
        "text",
        printable_name(doc.origin),
        url=_printable(doc.url),
        title=_printable(doc.title),
        source=_printable(doc.source),
        published=plausible_date(doc.published),
        published_source=doc.published_source,
        notes=tuple(printable_name(n) for n in doc.notes),
    )


def _printable(value: str | None) -> str | None:
    return printable_name(value) if value is not None else None


# --------------------------------------------------------------------------- extract command


def extract_sources(
    sources: Sequence[str],
    *,
    published: date | None = None,
    workers: int = 1,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[dict[str, Any]]:
    """One extraction record per input document, in input order, errors included
    (the engine of ``episignal extract``)."""
    from episignal.ingest import read_sources

    settings = PipelineSettings(budget=Budget(max_bytes=max_bytes), published=published, rows=False)
    with Pipeline(settings, workers=workers) as pipeline:
        tasks = (Task(item) for item in read_sources(sources, max_bytes=max_bytes))
        for outcome in pipeline.process(tasks):
            yield as_record(outcome)


def as_record(outcome: Outcome) -> dict[str, Any]:
    if isinstance(outcome, Failure):
        return error_record(outcome.item, outcome.reason)
    return outcome.record if outcome.record is not None else error_record_of(outcome)


def error_record_of(outcome: Processed) -> dict[str, Any]:
    return error_record(as_item(outcome.document), "no extraction record")
