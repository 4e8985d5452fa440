#!/usr/bin/env python3
"""Peak memory of a scan's main process, against the size of the corpus.

    python bench/bench_memory.py [--sizes 20000 100000] [--workers N] [--keep DIR]

Builds synthetic corpora of each size from the WHO Disease Outbreak News reports
(``../shared/corpora/who_dons_1996_2015.jsonl``; the sample corpus if absent): copy k of a
report gets its own id, a date k days later and every number in its text changed, so each
copy is a new story with facts of its own (not a duplicate). Scans each corpus into a
fresh database and prints the peak resident memory of the main process (sampled every
0.1 s from /proc/self/status) while reading, processing and storing, then while building
the events, with docs/s.

``--store-only`` measures the main process's own work without the cost of extraction:
the reports are cleaned and extracted once, and each copy's prepared rows (own id, date,
content hash, MinHash signature and figures) go through the scan's writer step, as the
main process receives them from its workers.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# ../shared next to a clone; ../../shared next to a worktree in a folder of worktrees
DONS = next(
    (
        p / "shared" / "corpora" / "who_dons_1996_2015.jsonl"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared" / "corpora" / "who_dons_1996_2015.jsonl").exists()
    ),
    ROOT.parent / "shared" / "corpora" / "who_dons_1996_2015.jsonl",
)
_NUMBER = re.compile(r"\d[\d,]*")


class PeakRss:
    """Samples this process's resident memory in a thread; ``peak()`` since ``reset()``."""

    def __init__(self) -> None:
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._peak = max(self._peak, rss_bytes())

    def reset(self) -> None:
        self._peak = rss_bytes()

    def peak(self) -> int:
        return max(self._peak, rss_bytes())

    def stop(self) -> None:
        self._stop.set()


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def source_records() -> list[dict[str, str]]:
    if DONS.exists():
        lines = DONS.read_text(encoding="utf-8").splitlines()
        return [{"text": r["text"], "published": r["published"]} for r in map(json.loads, lines)]
    from episignal.clean import clean_item
    from episignal.ingest import read_sources
    from episignal.samples import sample_corpus_path

    items = read_sources([str(sample_corpus_path())])
    docs = [clean_item(i) for i in items if i.error is None and i.skip_reason is None]
    return [{"text": d.text, "published": str(d.published or "2022-05-16")} for d in docs]


def build_corpus(path: Path, size: int, sources: list[dict[str, str]]) -> None:
    rng = random.Random(size)
    latest = date.today() - timedelta(days=1)
    with path.open("w", encoding="utf-8") as out:
        for n in range(size):
            base = sources[n % len(sources)]
            copy = n // len(sources)
            day = min(date.fromisoformat(base["published"]) + timedelta(days=copy), latest)
            text = _NUMBER.sub(lambda m: _changed(m.group(), rng), base["text"])
            record = {"id": f"mem-{n}", "published": day.isoformat(), "text": text}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def _changed(number: str, rng: random.Random) -> str:
    digits = number.replace(",", "")
    if len(digits) == 4 and digits.startswith(("19", "20")):
        return number  # a year stays a year
    return str(rng.randint(1, 10 ** min(len(digits), 6)))


def measure(corpus: Path, db: Path, workers: int | None, sampler: PeakRss) -> dict[str, float]:
    from episignal.events import refresh_events
    from episignal.scan import scan
    from episignal.store import Store

    sampler.reset()
    started = time.perf_counter()
    result = scan([str(corpus)], db, workers=workers, update_events=False)
    stored_s = time.perf_counter() - started
    storing_peak = sampler.peak()
    sampler.reset()
    started = time.perf_counter()
    with Store.open(db) as store:
        refresh_events(store.events)
    return {
        "documents": result.read,
        "new": result.new,
        "docs_per_s": result.read / stored_s,
        "storing_peak_mb": storing_peak / 2**20,
        "events_peak_mb": sampler.peak() / 2**20,
        "events_s": time.perf_counter() - started,
    }


def store_only(size: int, db: Path, sampler: PeakRss, *, events: bool = True) -> dict[str, float]:
    """Peak memory of the writer step and the events stage for ``size`` prepared documents."""
    from episignal.document import RawItem
    from episignal.events import refresh_events
    from episignal.pipeline import OutcomeWriter, Pipeline, Processed, Task
    from episignal.store import Store

    # Worker processes extract, as in a scan: the lexicons stay out of this process.
    with Pipeline(workers=2) as pipeline:
        tasks = [
            Task(RawItem(f"don-{n}", r["text"], "text", f"don-{n}"))
            for n, r in enumerate(source_records())
        ]
        prepared = [o for o in pipeline.process(tasks) if isinstance(o, Processed)]
    sampler.reset()
    baseline = rss_bytes()
    started = time.perf_counter()
    with Store.open(db) as store:
        writer = OutcomeWriter(store)
        for n in range(size):
            writer.write(copy_of(prepared[n % len(prepared)], n))
    stored_s = time.perf_counter() - started
    storing_peak = sampler.peak()
    print(
        f"{size:>7,} documents (store only): peak while storing {storing_peak / 2**20:.0f} MB "
        f"(from {baseline / 2**20:.0f} MB with {len(prepared)} prepared reports in memory) "
        f"at {size / stored_s:.0f} docs/s",
        flush=True,
    )
    sampler.reset()
    started = time.perf_counter()
    if events:
        with Store.open(db) as store:
            refresh_events(store.events)
    return {
        "baseline_mb": baseline / 2**20,
        "documents": size,
        "new": size,
        "docs_per_s": size / stored_s,
        "storing_peak_mb": storing_peak / 2**20,
        "events_peak_mb": sampler.peak() / 2**20,
        "events_s": time.perf_counter() - started,
    }


def copy_of(outcome: object, n: int) -> object:
    """Copy ``n`` of a prepared document: a distinct story with figures of its own."""
    import dataclasses
    import hashlib

    from episignal.pipeline import Processed

    assert isinstance(outcome, Processed) and outcome.rows is not None
    rng = random.Random(n)
    rows = outcome.rows
    day = date.fromisoformat("2000-01-01") + timedelta(days=n % 9000)
    doc = dataclasses.replace(
        rows.document,
        id=f"mem-{n}",
        published=day,
        content_hash=hashlib.blake2b(f"{n}".encode(), digest_size=20).hexdigest(),
    )
    facts = [f._replace(value=rng.randint(1, 10**6)) for f in rows.facts]
    signature = rng.randbytes(512) if rows.signature is not None else None
    new_rows = dataclasses.replace(
        rows, document=doc, raw_hash=f"{n:032x}", facts=facts, signature=signature
    )
    return Processed(doc, rows=new_rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--keep", default=None, help="folder for the corpora and databases")
    parser.add_argument("--no-events", action="store_true", help="measure storing only")
    parser.add_argument(
        "--store-only", action="store_true", help="the main process's work, without extraction"
    )
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    sources = source_records()
    sampler = PeakRss()
    print(f"start: {rss_bytes() / 2**20:.0f} MB resident", flush=True)
    for size in args.sizes:
        corpus = folder / f"corpus-{size}.jsonl"
        if not corpus.exists():
            build_corpus(corpus, size, sources)
        db = folder / f"memory-{size}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if args.store_only:
            m = store_only(size, db, sampler, events=not args.no_events)
            if args.no_events:
                continue
            print(
                f"{size:>7,} documents (store only): peak while building events "
                f"{m['events_peak_mb']:.0f} MB ({m['events_s']:.0f} s)",
                flush=True,
            )
            continue
        if args.no_events:
            from episignal.scan import scan

            sampler.reset()
            started = time.perf_counter()
            result = scan([str(corpus)], db, workers=args.workers, update_events=False)
            print(
                f"{size:>7,} documents: storing peak {sampler.peak() / 2**20:.0f} MB, "
                f"{result.read / (time.perf_counter() - started):.0f} docs/s"
            )
            continue
        m = measure(corpus, db, args.workers, sampler)
        print(
            f"{size:>7,} documents ({m['new']:,.0f} new): peak while reading and storing "
            f"{m['storing_peak_mb']:.0f} MB at {m['docs_per_s']:.0f} docs/s; "
            f"while building events {m['events_peak_mb']:.0f} MB ({m['events_s']:.0f} s)"
        )
    sampler.stop()


if __name__ == "__main__":
    main()
