#!/usr/bin/env python3
"""Audit the figures of events: print them with their quotes so a reader can judge each.

    python bench/audit_figures.py [--corpus ../shared/corpora/who_dons_1996_2015.jsonl]
                                  [--db PATH] [--largest 50] [--sample 100] [--seed 8]

Scans the corpus (WHO Disease Outbreak News by default) into a database with the current
pipeline and event builder, then prints

* the ``--largest`` largest case figures across events (one line per series point: the
  value its claims chose);
* ``--sample`` series points drawn at random (any measure), with a fixed seed;

each with its value, measure, status, cumulative flag, date, the fact's scope and kind,
the event's place and the fact's country / admin1 / area, and the quote it came from. A
reader marks each right or wrong in value, measure, cumulative flag, date, scope and place.
``--db`` keeps the database (a second run with the same path reuses it).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# ../shared/corpora from the main checkout, ../../shared/corpora from a worktree.
SHARED = next(
    (
        p / "shared" / "corpora"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "corpora",
)
DEFAULT_CORPUS = SHARED / "who_dons_1996_2015.jsonl"


def scan_corpus(corpus: Path, db: Path) -> None:
    from episignal.scan import scan

    t0 = time.perf_counter()
    summary = scan([str(corpus)], db, workers=1).to_dict()
    print(f"scanned {corpus.name} in {time.perf_counter() - t0:.0f} s: {summary}")


def load_events(db: Path) -> list[dict[str, Any]]:
    from episignal.store import Store

    with Store.open(db) as store:
        return store.load_events()


def fact_details(db: Path) -> dict[int, dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT id, document_id, country, admin1, area, scope, kind, date FROM facts"
        )
        return {int(r["id"]): dict(r) for r in rows}


def points(events: list[dict[str, Any]]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for event in events:
        for point in event["series"]:
            yield event, point


def describe(event: dict[str, Any], point: dict[str, Any], facts: dict[int, dict[str, Any]]) -> str:
    claim = next(c for c in point["claims"] if c["fact"] == point["chosen"])
    fact = facts.get(int(claim["fact"]), {})
    place = "/".join(str(p) for p in (fact.get("country"), fact.get("admin1"), fact.get("area")))
    quote = " ".join(str(claim["quote"]).split())
    return (
        f"{point['value']:>12,} {point['measure']:<12} status={point['status']} "
        f"cum={point['cumulative']} date={point['date']} species={point['species']} "
        f"scope={fact.get('scope')} kind={fact.get('kind')}\n"
        f"    event: {event['disease']['name']} | {event['country']} | {event['admin1']}; "
        f"fact place: {place}; doc {claim['document']} published {claim['published']}\n"
        f"    quote: {quote[:400]}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--largest", type=int, default=50)
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "audit.db"
        if not db.exists():
            scan_corpus(args.corpus, db)
        events = load_events(db)
        facts = fact_details(db)
        all_points = list(points(events))
        print(f"{len(events)} events, {len(all_points)} series points")
        cases = [ep for ep in all_points if ep[1]["measure"] == "cases"]
        cases.sort(key=lambda ep: -int(ep[1]["value"]))
        print(f"\n=== the {args.largest} largest case figures ===")
        for i, (event, point) in enumerate(cases[: args.largest], 1):
            print(f"L{i:02d} {describe(event, point, facts)}")
        rng = random.Random(args.seed)
        sample = rng.sample(all_points, min(args.sample, len(all_points)))
        print(f"\n=== {len(sample)} random series points (seed {args.seed}) ===")
        for i, (event, point) in enumerate(sample, 1):
            print(f"R{i:03d} {describe(event, point, facts)}")


if __name__ == "__main__":
    main()
