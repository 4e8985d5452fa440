#!/usr/bin/env python3
"""Snapshot the extraction records of a corpus, and compare two snapshots (speed work).

    python bench/snapshot_extractions.py dump OUT.jsonl [--corpus PATH] [--limit N]
    python bench/snapshot_extractions.py diff BEFORE.jsonl AFTER.jsonl

``dump`` writes one ``extraction_to_dict`` record per document of the corpus (the WHO DONs
by default), keys sorted, and prints docs/s in wall-clock and CPU time. Run it with the
code before a change (``PYTHONPATH=<a checkout of the old commit>/src``) and after it:
``diff`` then names each document whose record changed, and the fields that did. A
change meant to be a pure speed-up must leave no difference.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = next(
    (
        p / "shared" / "corpora"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "corpora",
)


def dump(corpus: Path, out: Path, limit: int | None) -> None:
    import episignal
    from episignal.document import Document, extraction_to_dict
    from episignal.extract.pipeline import extract_text

    with corpus.open(encoding="utf-8") as fh:
        docs = [json.loads(line) for line in fh]
    docs = docs[:limit] if limit else docs
    extract_text("Warm-up: 3 cases of cholera in Kenya.", date(2020, 1, 1))
    wall, cpu = time.perf_counter(), time.process_time()
    lines = []
    for d in docs:
        published = date.fromisoformat(d["published"]) if d.get("published") else None
        ex = extract_text(d["text"], published)
        doc = Document(d["id"], d["text"], "bench", published=published)
        lines.append(json.dumps(extraction_to_dict(doc, ex), sort_keys=True))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"code: {Path(episignal.__file__).parent}")
    print(f"{len(docs)} documents: {len(docs) / wall:.0f} docs/s wall, {len(docs) / cpu:.0f} CPU")


def diff(before: Path, after: Path) -> int:
    old, new = _records(before), _records(after)
    changed = 0
    for doc_id in sorted(old.keys() | new.keys()):
        a, b = old.get(doc_id), new.get(doc_id)
        if a == b:
            continue
        changed += 1
        if a is None or b is None:
            print(f"{doc_id}: only in {'after' if a is None else 'before'}")
            continue
        fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
        print(f"{doc_id}: {', '.join(fields)}")
    print(f"{changed} of {len(old.keys() | new.keys())} records differ")
    return 1 if changed else 0


def _records(path: Path) -> dict[str, dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return {r["id"]: r for r in (json.loads(line) for line in fh if line.strip())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--corpus", type=Path, default=SHARED / "who_dons_1996_2015.jsonl")
    d.add_argument("--limit", type=int, default=None)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.corpus, args.out, args.limit)
        return 0
    return diff(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
