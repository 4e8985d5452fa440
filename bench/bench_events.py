#!/usr/bin/env python3
"""Events benchmark: does every outbreak a report names get its event, and at what cost?

    python bench/bench_events.py [--corpus ../shared/corpora/who_dons_1996_2015.jsonl]
                                 [--db scanned.db] [--workers N] [--scale K ...]

1. Scans the WHO Disease Outbreak News corpus into a temporary database (or reads ``--db``,
   a database that scan already made).
2. **Pairs linked**: for each report, each (gold disease, gold country) pair — the corpus
   gold lists the countries the outbreak affects and the disease's ICD-10 codes — counts as
   linked when an event of that country whose ICD-10 category is one of the gold codes lists
   the report among its documents. Printed for all reports, the held-out half (odd DON
   numbers; the rules were developed on the even ones) and the even half, by number of
   gold countries (1, 2-3, 4 or more).
3. **Events stage**: in a fresh process, every event of the database is rebuilt
   (``mark_all_events_dirty`` + ``refresh_events``); prints the time and the process's peak
   memory (ru_maxrss) next to its memory before the update (imports and connection).
4. ``--scale K``: the same on a copy of the database holding K times its documents (each
   copy under new ids, dated 25 years after the previous one, so that copies do not merge
   into each other's events): memory must not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS_NAME = "shared/corpora/who_dons_1996_2015.jsonl"
# ../shared next to a checkout; a worktree sits one folder deeper
DEFAULT_CORPUS = next(
    (p / CORPUS_NAME for p in (ROOT.parent, ROOT.parent.parent) if (p / CORPUS_NAME).exists()),
    ROOT.parent / CORPUS_NAME,
)
BUCKETS = ("1", "2-3", "4+")


def bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4+"


def load_gold(corpus: Path) -> dict[str, tuple[set[str], set[str]]]:
    """Per report id: (gold countries, gold 3-character ICD-10 codes)."""
    gold: dict[str, tuple[set[str], set[str]]] = {}
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            g = record.get("gold") or {}
            countries = {c.upper() for c in g.get("countries") or []}
            codes = {c.upper()[:3] for c in g.get("icd10") or []}
            if countries and codes:
                gold[str(record["id"])] = (countries, codes)
    return gold


def linked_pairs(db: Path) -> dict[str, set[tuple[str, str]]]:
    """Per document: (country, ICD-10 category) of every event listing it — the event's code
    and the codes the document itself gives the event's disease (one disease may be coded
    two ways: "Ebola haemorrhagic fever" A99, "Ebola virus disease" A98)."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT x.document_id, e.country, e.icd10 FROM event_documents x "
            "JOIN events e ON e.id = x.event_id "
            "UNION SELECT x.document_id, e.country, r.icd10 FROM event_documents x "
            "JOIN events e ON e.id = x.event_id JOIN reports r ON r.document_id = x.document_id "
            "AND lower(r.disease) = e.disease_key "
            "UNION SELECT x.document_id, e.country, f.icd10 FROM event_documents x "
            "JOIN events e ON e.id = x.event_id JOIN facts f ON f.document_id = x.document_id "
            "AND lower(f.disease) = e.disease_key"
        )
        for doc_id, country, code in rows:
            out[str(doc_id)].add((str(country), str(code or "").upper()[:3]))
    return out


def is_odd(doc_id: str) -> bool:
    digits = "".join(ch for ch in doc_id if ch.isdigit())
    return bool(digits) and int(digits) % 2 == 1


def pair_scores(corpus: Path, db: Path) -> None:
    gold = load_gold(corpus)
    found = linked_pairs(db)
    for label, keep in (("all", None), ("held-out (odd)", True), ("development (even)", False)):
        hits: dict[str, list[int]] = {b: [0, 0] for b in BUCKETS}
        for doc_id, (countries, codes) in gold.items():
            if keep is not None and is_odd(doc_id) is not keep:
                continue
            events = found.get(doc_id, set())
            b = bucket(len(countries))
            for country in countries:
                hits[b][1] += 1
                hits[b][0] += any(c == country and code in codes for c, code in events)
        total = [sum(h[0] for h in hits.values()), sum(h[1] for h in hits.values())]
        parts = ", ".join(f"{b} countries {_rate(*hits[b])}" for b in BUCKETS)
        print(f"  pairs linked, {label}: {_rate(*total)} ({parts})")


def _rate(hit: int, n: int) -> str:
    return f"{hit / n:.3f} of {n}" if n else "n/a"


# --------------------------------------------------------------------------- events stage


def rebuild(db: Path) -> None:
    """In this (fresh) process: rebuild every event, print time and peak memory as JSON."""
    from episignal.events import refresh_events
    from episignal.store import Store

    with Store.open(db) as store:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        store.mark_all_events_dirty()
        started = time.perf_counter()
        result = refresh_events(store.events)
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        documents = store.count("documents")
        facts = store.count("facts")
        events = store.count("events")
    print(
        json.dumps(
            {
                "documents": documents,
                "facts": facts,
                "events": events,
                "keys": result.keys,
                "seconds": round(seconds, 2),
                "rss_before_mb": round(before / 1024, 1),
                "rss_peak_mb": round(peak / 1024, 1),
            }
        )
    )


def events_stage(db: Path, label: str) -> None:
    proc = subprocess.run(
        [sys.executable, __file__, "--rebuild", str(db)],
        capture_output=True,
        text=True,
        check=True,
    )
    stats = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"  events stage, {label}: {stats['documents']:,} documents, {stats['facts']:,} facts, "
        f"{stats['events']:,} events rebuilt in {stats['seconds']:.1f} s; peak RSS "
        f"{stats['rss_peak_mb']:.0f} MB (before the update {stats['rss_before_mb']:.0f} MB)"
    )


_COPY = {
    "documents": (
        "INSERT INTO documents (id, origin, url, title, source, published, language, status, "
        "reason, text, raw_hash, content_hash, signature, guard, duplicate_of) "
        "SELECT id || :suffix, origin, url, title, source, date(published, :shift), language, "
        "status, reason, text, raw_hash, content_hash || :suffix, signature, guard, "
        "CASE WHEN duplicate_of IS NULL THEN NULL ELSE duplicate_of || :suffix END "
        "FROM documents WHERE id NOT LIKE '%#copy%'"
    ),
    "facts": (
        "INSERT INTO facts (document_id, disease, icd10, variant, country, admin1, date, measure, "
        "status, cumulative, species, value, low, high, approximate, source, span_start, "
        "span_end, quote) SELECT document_id || :suffix, disease, icd10, variant, country, "
        "admin1, date(date, :shift), measure, status, cumulative, species, value, low, high, "
        "approximate, source, span_start, span_end, quote FROM facts "
        "WHERE document_id NOT LIKE '%#copy%'"
    ),
    "reports": (
        "INSERT INTO reports (document_id, disease, icd10, country, date, span_start, span_end, "
        "quote) SELECT document_id || :suffix, disease, icd10, country, date(date, :shift), "
        "span_start, span_end, quote FROM reports WHERE document_id NOT LIKE '%#copy%'"
    ),
    "responses": (
        "INSERT INTO responses (document_id, kind, disease, country, date, span_start, span_end, "
        "quote, data) SELECT document_id || :suffix, kind, disease, country, date(date, :shift), "
        "span_start, span_end, quote, data FROM responses WHERE document_id NOT LIKE '%#copy%'"
    ),
}


def scaled_copy(db: Path, times: int, out: Path) -> Path:
    """A copy of ``db`` with ``times`` times its documents (facts, reports, responses)."""
    shutil.copy(db, out)
    with sqlite3.connect(out) as conn:
        for k in range(1, times):
            params = {"suffix": f"#copy{k}", "shift": f"+{25 * k} years"}
            for sql in _COPY.values():
                conn.execute(sql, params)
        conn.commit()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=None, help="a database scan already made")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--scale", type=int, nargs="*", default=[], help="also at K x documents")
    parser.add_argument("--rebuild", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rebuild is not None:
        rebuild(args.rebuild)
        return
    from episignal.scan import scan

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "bench.db"
            t0 = time.perf_counter()
            summary = scan([str(args.corpus)], db, workers=args.workers).to_dict()
            elapsed = time.perf_counter() - t0
            print(f"scan of {args.corpus}: {summary['read']} documents in {elapsed:.1f} s")
        print(f"events of {db}")
        pair_scores(args.corpus, db)
        events_stage(db, "as scanned")
        for k in args.scale:
            events_stage(scaled_copy(db, k, Path(tmp) / f"x{k}.db"), f"x{k}")


if __name__ == "__main__":
    main()
