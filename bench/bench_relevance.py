#!/usr/bin/env python3
"""Relevance on ordinary news: which BBC News articles (2004-2005) are marked outbreak news.

    python bench/bench_relevance.py [--corpus ../shared/corpora/bbc_news_2004_2005.jsonl]

Prints the share of articles marked relevant and every one of them (id, category,
relevance score, first words, the diseases found) so a reader can judge each: the corpus
is general news (business, entertainment, politics, sport, tech), and only the few that
report a real outbreak or public-health event (bird flu in Asia, for instance) are right
to be marked. Also prints the case and death figures the irrelevant articles carry (read
in every text, but never made into events) and docs/s.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = next(
    (
        p / "shared" / "corpora"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "corpora",
)


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def report_bbc(path: Path, words: int = 14) -> None:
    """Print the share of BBC articles marked relevant and each of them."""
    from episignal.extract.pipeline import extract_text

    if not path.exists():
        print(f"BBC corpus not found at {path}; skipped")
        return
    docs = load(path)
    extract_text("Warm-up: 3 cases of cholera in Kenya.")
    t0 = time.perf_counter()
    results = [extract_text(d["text"]) for d in docs]
    elapsed = time.perf_counter() - t0
    relevant = [(d, r) for d, r in zip(docs, results, strict=True) if r.relevant]
    print(f"BBC News 2004-2005: {len(docs)} articles, {len(docs) / elapsed:.0f} docs/s")
    print(
        f"  marked relevant: {len(relevant)} ({len(relevant) / len(docs):.1%}); "
        f"by category: {dict(Counter(d['category'] for d, _ in relevant))}"
    )
    for d, r in relevant:
        first = " ".join(d["text"].split()[:words])
        diseases = ", ".join(x.name for x in r.diseases[:3]) or "-"
        print(f"  {d['id']} {d['category']:<13} {r.relevance:.2f} [{diseases}] {first}")
    figures = Counter(
        c.measure
        for r in results
        if not r.relevant
        for c in r.counts
        if c.measure in ("cases", "deaths")
    )
    print(f"  case/death figures read in irrelevant articles (never events): {dict(figures)}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "bbc_news_2004_2005.jsonl")
    parser.add_argument("--words", type=int, default=14, help="first words shown per article")
    args = parser.parse_args()
    report_bbc(args.corpus, args.words)


if __name__ == "__main__":
    main()
