#!/usr/bin/env python3
"""Scan benchmark: the whole pipeline (ingest -> clean -> dedup -> extract -> store -> events).

    python bench/bench_scan.py [--corpus ../shared/corpora/who_dons_1996_2015.jsonl] [--workers N]

Scans the corpus into a fresh temporary database, prints docs/s, the summary and the peak
memory of the main process (the single writer and the events stage; the workers run in
their own processes), then scans it again and checks that the second run adds nothing.
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def row_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def main() -> None:
    from episignal.samples import sample_corpus_path
    from episignal.scan import scan

    name = "shared/corpora/who_dons_1996_2015.jsonl"  # next to a checkout, or a worktree's parent
    default = next(
        (p / name for p in (ROOT.parent, ROOT.parent.parent) if (p / name).exists()),
        ROOT.parent / name,
    )
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", default=str(default if default.exists() else sample_corpus_path())
    )
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t0 = time.perf_counter()
        summary = scan([args.corpus], db, workers=args.workers).to_dict()
        elapsed = time.perf_counter() - t0
        print(f"scan of {args.corpus}")
        for key, value in summary.items():
            print(f"  {key}: {value}")
        print(f"  wall time {elapsed:.1f} s: {summary.get('read', 0) / elapsed:.0f} docs/s")
        main_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak RSS of the main process (reader, writer, events stage): {main_mb:.0f} MB")
        before = row_counts(db)
        t0 = time.perf_counter()
        again = scan([args.corpus], db, workers=args.workers).to_dict()
        after = row_counts(db)
        changed = {t: (before[t], after.get(t)) for t in before if before[t] != after.get(t)}
        assert again.get("new") == 0 and not changed, "a rescan must add nothing"
        print(
            f"rescan: {time.perf_counter() - t0:.1f} s, new={again.get('new')}, changed tables: {changed or 'none'}"
        )


if __name__ == "__main__":
    main()
