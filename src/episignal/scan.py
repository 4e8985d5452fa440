"""``episignal scan``: ingest -> pipeline (clean, extract, prepare) -> one writer -> events.

The main process reads the sources, skips what the store already holds (same id, same
raw content), and hands the rest to the :class:`~episignal.pipeline.Pipeline`, whose
worker processes clean and extract them, each document within its time budget. Results
come back in input order (so the first copy of a story is its canonical) and the main
process, the only writer, stores each document in its own transaction. At most a few
chunks per worker are in flight, so memory stays flat however many documents are read.
A scan killed at any point leaves whole documents only; rerunning it skips them and
completes the rest.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from episignal.document import RawItem
from episignal.errors import InputError
from episignal.events import refresh_events
from episignal.pipeline import (
    DEFAULT_MAX_BYTES,
    DEFAULT_SECONDS,
    Budget,
    Failure,
    Outcome,
    OutcomeWriter,
    Pipeline,
    PipelineSettings,
    Processed,
    Task,
)
from episignal.store import Store
from episignal.store.records import raw_hash

log = logging.getLogger(__name__)

MAX_BYTES = DEFAULT_MAX_BYTES
PROGRESS_EVERY_S = 0.1
# Publication dates that did not come from the document's metadata (see clean_item).
FALLBACK_DATE_SOURCES = ("dateline", "text", "warc", "file", "ingested")

ProgressCallback = Callable[[int], None]


@dataclass(slots=True)
class ScanResult:
    """What a scan did. ``read`` = new + unchanged + exact_duplicates + near_duplicates +
    unsupported_language + skipped + failed; ``irrelevant`` counts the new documents that
    are not about an outbreak; ``languages`` counts the documents processed per language
    ("und" when undetermined), ``languages_read`` lists those extracted through a profile
    and ``languages_stored_only`` those without one (stored, never dropped); ``undated`` counts the documents processed whose metadata gave no
    (plausible) date, by what dated them: their dateline, a date in their text, the WARC
    capture or file date, or the day of ingestion."""

    read: int = 0
    new: int = 0
    unchanged: int = 0
    exact_duplicates: int = 0
    near_duplicates: int = 0
    unsupported_language: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    languages_stored_only: set[str] = field(default_factory=set)
    irrelevant: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    undated: Counter[str] = field(default_factory=Counter)
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
            "unsupported_language": self.unsupported_language,
            "languages": dict(self.languages.most_common()),
            "languages_read": sorted(set(self.languages) - self.languages_stored_only),
            "languages_stored_only": sorted(self.languages_stored_only),
            "irrelevant": self.irrelevant,
            "skipped": dict(self.skipped.most_common()),
            "failed": dict(self.failed.most_common()),
            "undated": dict(self.undated.most_common()),
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
        (r"^crashed", "crashed"),
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
        self.writer = OutcomeWriter(store)
        self.result = result
        self.progress = progress

    def tasks(self, items: Iterable[RawItem]) -> Iterator[Task]:
        """Items to process; unreadable, skipped and unchanged items are handled here, in
        the main process, as they are read."""
        for item in items:
            self.result.read += 1
            if item.error is not None or item.skip_reason is not None:
                self.record(Failure(item, item.error or item.skip_reason or "", _status(item)))
                continue
            item_hash = raw_hash(item.content)
            if self.writer.is_unchanged(item.id, item_hash):
                self.result.unchanged += 1
                self.progress()
                continue
            yield Task(item, item_hash)

    def record(self, outcome: Outcome) -> None:
        kind = self.writer.write(outcome)
        if isinstance(outcome, Failure):
            self._count_failure(outcome)
        else:
            if kind == "failed":
                self.result.failed["cannot store"] += 1
            else:
                self._count(kind, outcome)
        self.progress()

    def _count_failure(self, failure: Failure) -> None:
        counter = self.result.failed if failure.status == "failed" else self.result.skipped
        counter[short_reason(failure.reason, failure.item.origin)] += 1
        log.info("%s: %s: %s", failure.status, failure.item.origin, failure.reason)

    def _count(self, kind: str, outcome: Processed) -> None:
        r = self.result
        if kind == "unchanged":
            r.unchanged += 1
        elif kind == "exact":
            r.exact_duplicates += 1
        elif kind == "near":
            r.near_duplicates += 1
        elif kind == "unsupported_language":
            r.unsupported_language += 1
            r.languages_stored_only.add(outcome.document.language or "und")
        else:
            r.new += 1
            r.irrelevant += 0 if outcome.rows is not None and outcome.rows.relevant else 1
        if kind != "unchanged":
            r.languages[outcome.document.language or "und"] += 1
        if kind != "unchanged" and outcome.document.published_source in FALLBACK_DATE_SOURCES:
            r.undated[outcome.document.published_source or ""] += 1


def _status(item: RawItem) -> Literal["failed", "skipped"]:
    return "failed" if item.error is not None else "skipped"


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def missing_paths(sources: Sequence[str]) -> list[str]:
    """Local paths among ``sources`` that do not exist (``-`` and URLs are not paths)."""
    return [s for s in sources if s != "-" and "://" not in s and not os.path.lexists(s)]


def scan(
    sources: Sequence[str],
    db: Path,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    max_bytes: int = MAX_BYTES,
    seconds: float = DEFAULT_SECONDS,
    published: dt.date | None = None,
    update_events: bool = True,
) -> ScanResult:
    """Ingest ``sources`` into the store at ``db`` and rebuild its events.

    ``workers`` processes clean and extract (default: all cores; 1 runs in-process).
    ``update_events=False`` leaves the events to a later update (benchmarks of storing).
    ``seconds`` is each document's time budget (per MB of input, at least ``seconds``): a
    document that takes longer fails with the reason ``timeout``. ``published`` overrides
    every document's publication date. ``progress`` receives increments of documents
    handled. Unreadable inputs are recorded with a reason and never abort the scan; a
    path that does not exist is an :class:`InputError` raised before anything is written.
    """
    from episignal.ingest import read_sources

    missing = missing_paths(sources)
    if missing:
        raise InputError(
            f"no such file or directory: {', '.join(missing)}",
            hint="check the paths; nothing was scanned",
        )
    started = time.perf_counter()
    result = ScanResult()
    tick = _Progress(progress)
    budget = Budget(seconds=seconds, max_bytes=max_bytes)
    settings = PipelineSettings(budget=budget, published=published)
    n_workers = workers if workers is not None else default_workers()
    with Store.open(db) as store, Pipeline(settings, workers=n_workers) as pipeline:
        if store.read_only:
            raise InputError(
                f"cannot scan into {db}: the database is read-only",
                hint="give write permission, or use another --db",
            )
        scanner = _Scanner(store, result, tick)
        items = read_sources(list(sources), max_bytes=max_bytes)
        for outcome in pipeline.process(scanner.tasks(items)):
            scanner.record(outcome)
        tick.flush()
        if update_events:
            changes = refresh_events(store.events)
            result.events_created = changes.created
            result.events_updated = changes.updated
    result.seconds = time.perf_counter() - started
    return result
