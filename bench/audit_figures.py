#!/usr/bin/env python3
"""Audit the figures of events: print them with their quotes so a reader can judge each.

    python bench/audit_figures.py [--corpus ../shared/corpora/who_dons_1996_2015.jsonl]
                                  [--db PATH] [--largest 50] [--sample 100] [--seed 8]
                                  [--split heldout|dev|all]

Scans the corpus (WHO Disease Outbreak News by default) into a database with the current
pipeline and event builder, then prints

* the ``--largest`` largest case figures across events (one line per series point: the
  value its claims chose);
* ``--sample`` series points drawn at random (any measure), with a fixed seed;

each with its value, measure, status, cumulative flag, date, the fact's scope and kind,
the event's place and the fact's country / admin1 / area, and the quote it came from. A
reader marks each right or wrong in value, measure, cumulative flag, date, scope and place.
``--db`` keeps the database (a second run with the same path reuses it). ``--split`` keeps
the points whose quoted report is held out (odd DON numbers, the default: the figures to
report) or in the development half (even numbers, where rules are developed); a fresh
``--seed`` draws a sample nobody has read yet.
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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from episignal.models.event import Claim, Event, Point, Series

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


def load_events(db: Path) -> list[Event]:
    from episignal.models.query import EventQuery
    from episignal.store import Store

    with Store.open(db) as store:
        return list(store.events.events(EventQuery(limit=None)))


def fact_details(db: Path) -> dict[int, dict[str, Any]]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        rows = conn.execute(
            "SELECT id, document_id, country, admin1, area, scope, kind, date FROM facts"
        )
        return {int(r["id"]): dict(r) for r in rows}


Item = tuple["Event", "Series", "Point"]


def points(events: list[Event]) -> Iterator[Item]:
    for event in events:
        for series in event.series:
            for point in series.points:
                yield event, series, point


def chosen_claim(point: Point) -> Claim:
    return next(c for c in point.claims if c.fact == point.chosen)


def in_split(item: Item, split: str) -> bool:
    """The point's chosen claim quotes a report of the split (DON numbers: odd held out)."""
    if split == "all":
        return True
    digits = "".join(ch for ch in chosen_claim(item[2]).document if ch.isdigit())
    odd = bool(digits) and int(digits) % 2 == 1
    return odd == (split == "heldout")


def describe(item: Item, facts: dict[int, dict[str, Any]]) -> str:
    event, series, point = item
    claim = chosen_claim(point)
    fact = facts.get(claim.fact, {})
    place = "/".join(str(p) for p in (fact.get("country"), fact.get("admin1"), fact.get("area")))
    quote = " ".join(claim.quote.split())
    return (
        f"{point.value:>12,} {series.measure:<12} status={series.status} "
        f"cum={point.cumulative} series={series.kind}/{series.admin1} date={point.date} "
        f"species={series.species} scope={fact.get('scope')} kind={fact.get('kind')}\n"
        f"    event: {event.disease.name} | {event.country}; "
        f"fact place: {place}; doc {claim.document} published {claim.published}\n"
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
    parser.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "audit.db"
        if not db.exists():
            scan_corpus(args.corpus, db)
        events = load_events(db)
        facts = fact_details(db)
        all_points = [ep for ep in points(events) if in_split(ep, args.split)]
        print(f"{len(events)} events, {len(all_points)} series points ({args.split})")
        cases = [ep for ep in all_points if ep[1].measure == "cases"]
        cases.sort(key=lambda ep: -ep[2].value)
        print(f"\n=== the {args.largest} largest case figures ===")
        for i, item in enumerate(cases[: args.largest], 1):
            print(f"L{i:02d} {describe(item, facts)}")
        rng = random.Random(args.seed)
        sample = rng.sample(all_points, min(args.sample, len(all_points)))
        print(f"\n=== {len(sample)} random series points (seed {args.seed}) ===")
        for i, item in enumerate(sample, 1):
            print(f"R{i:03d} {describe(item, facts)}")


if __name__ == "__main__":
    main()
