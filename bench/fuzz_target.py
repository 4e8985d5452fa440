"""The fuzz target: one input through ingest -> clean -> extract -> store, as a scan runs it.

The first byte picks how the rest is read (HTML, feed, WARC, JSONL, JSON, text, standard
input); ingestion must turn any bytes into items, the pipeline must turn any item into an
outcome within its budget, and the store must take any outcome. Anything else is a
finding: an exception escaping a stage, a document failed as "internal error" (a bug the
safety net caught), or a "timeout" (a document over its time budget).

Used by ``bench/bench_fuzz.py`` (atheris, millions of inputs) and by the test suite
(``tests/robust/test_fuzz.py``, a short run over the seeds).
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from episignal.events import refresh_events
from episignal.ingest.formats import items_from_bytes
from episignal.ingest.sniff import Kind
from episignal.ingest.stdin import stdin_items
from episignal.pipeline import (
    Budget,
    Failure,
    OutcomeWriter,
    PipelineSettings,
    Task,
    run_step,
    warm_up,
)
from episignal.store import Store

SEEDS = Path(__file__).resolve().parent / "fuzz_seeds"
KINDS: tuple[Kind | None, ...] = ("html", "feed", "warc", "jsonl", "json", "text", None)
FOLDER_KIND: dict[str, Kind] = {
    "html": "html",
    "feed": "feed",
    "warc": "warc",
    "jsonl": "jsonl",
    "json": "json",
    "text": "text",
}
MAX_BYTES = 200_000  # fuzz inputs are small; the cap's own paths are tested elsewhere
BUDGET_S = 5.0
NEW_DATABASE_EVERY = 5_000  # a fresh database now and then keeps each write cheap
EVENTS_EVERY = 500  # read the stored data back as events (store reading, event building)


class Finding(Exception):
    """What the fuzzer reports: a crash, an internal error or a document over budget."""


def seed_inputs() -> list[bytes]:
    """Each seed file, prefixed with the byte that makes the target read it as its kind."""
    out = []
    for path in sorted(SEEDS.rglob("*")):
        if path.is_file():
            kind = FOLDER_KIND[path.parent.name]
            out.append(bytes([KINDS.index(kind)]) + path.read_bytes())
    return out


@dataclass
class Target:
    """Runs inputs into a scratch database; counts what happened."""

    folder: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fuzz-")))
    inputs: int = 0
    documents: int = 0
    store: Store | None = None
    writer: OutcomeWriter | None = None

    def __post_init__(self) -> None:
        self.settings = PipelineSettings(budget=Budget(seconds=BUDGET_S, max_bytes=MAX_BYTES))
        warm_up(self.settings)

    def __call__(self, data: bytes) -> None:
        if self.store is None or self.inputs % NEW_DATABASE_EVERY == 0:
            self._new_database()
        assert self.writer is not None and self.store is not None
        self.inputs += 1
        for item in read(data):
            outcome = run_step(Task(item), self.settings)
            if isinstance(outcome, Failure) and outcome.reason.startswith(
                ("internal error", "timeout")
            ):
                raise Finding(f"{outcome.reason} on input {data[:200]!r}")
            self.writer.write(outcome)
            self.documents += 1
        if self.inputs % EVENTS_EVERY == 0:
            self.store.mark_all_events_dirty()
            refresh_events(self.store.events)

    def _new_database(self) -> None:
        if self.store is not None:
            self.store.close()
        db = self.folder / "fuzz.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        self.store = Store.open(db)
        self.writer = OutcomeWriter(self.store)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def read(data: bytes) -> list:  # type: ignore[type-arg]
    """The items ingestion makes of ``data`` (its first byte picks the reader)."""
    if not data:
        return []
    kind = KINDS[data[0] % len(KINDS)]
    body = data[1:]
    if kind is None:
        return list(stdin_items(io.BytesIO(body), max_bytes=MAX_BYTES))
    return list(items_from_bytes(body, kind, "fuzz", max_bytes=MAX_BYTES))
