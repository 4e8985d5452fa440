#!/usr/bin/env python3
"""Disease extractor benchmark: accuracy and speed on the shared corpora.

    python bench/bench_diseases.py [--split dev|heldout] [--shared ../shared/corpora] [--errors N]

``dev`` (the default) measures the development splits (even WHO DON numbers, BAND train);
``heldout`` the reported ones (odd DON numbers, BAND dev): never tune on those.
Prints primary-disease ICD-10 accuracy on the DONs, BAND disease-mention recall (a gold
Disease/Virus span counts as found when a predicted mention overlaps it), exact-span precision
and recall per label, and CPU time per document of ``find_diseases``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from episignal.extract.context import TextContext  # noqa: E402
from episignal.extract.diseases import find_diseases  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from bench_extract import band_gold as band_all_labels  # noqa: E402


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def don_split(doc_id: str, split: str) -> bool:
    odd = int(doc_id[3:]) % 2 == 1
    return odd if split == "heldout" else not odd


def run_dons(path: Path, split: str, show_errors: int) -> None:
    docs = [d for d in load_jsonl(path) if don_split(d["id"], split)]
    hits, cpu, errors = 0, 0.0, Counter[str]()
    shown = 0
    for d in docs:
        published = date.fromisoformat(d["published"]) if d.get("published") else None
        t0 = time.process_time()
        found = find_diseases(TextContext(d["text"], published))
        cpu += time.process_time() - t0
        gold = {c[:3] for c in d["gold"]["icd10"]}
        first = found[0].icd10 if found else None
        ok = bool(first and first[:3] in gold)
        hits += ok
        if not ok:
            errors[f"{sorted(gold)} -> {first} {found[0].name if found else ''}"] += 1
            if shown < show_errors:
                shown += 1
                names = [(f.name, f.icd10, round(f.salience, 1)) for f in found[:4]]
                print(f"  {d['id']} gold {sorted(gold)} got {names} | {d['text'][:160]!r}")
    n = len(docs)
    nbytes = sum(len(d["text"].encode()) for d in docs)
    print(f"WHO DONs ({split}, n={n}): primary-disease ICD-10 accuracy {hits / n:.3f}")
    print(
        f"  find_diseases CPU: {cpu / n * 1000:.3f} ms/doc, {cpu / (nbytes / 4096) * 1000:.3f} ms per 4 KB"
    )
    for key, count in errors.most_common(15):
        print(f"    {count:4d}  {key}")


def band_gold(record: dict[str, Any]) -> tuple[str, list[tuple[int, int, str]]]:
    """BAND's text and its Disease/Virus spans (the extraction bench reads all labels)."""
    text, spans = band_all_labels(record)
    return text, [s for s in spans if s[2] in ("Disease", "Virus")]


def run_band(path: Path, show_errors: int) -> None:
    found = total = 0
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    spurious: Counter[str] = Counter()
    for record in load_jsonl(path):
        text, gold = band_gold(record)
        pred: set[tuple[int, int, str]] = set()
        for d in find_diseases(TextContext(text)):
            pred.update((s, e, "Disease") for s, e in d.mentions)
            pred.update((s, e, "Virus") for s, e in d.pathogen_mentions)
        spans = [(s, e) for s, e, _ in pred]
        for s, e, label in gold:
            total += 1
            n_gold[label] += 1
            hit = any(ps < e and s < pe for ps, pe in spans)
            found += hit
            tp[label] += (s, e, label) in pred
            if not hit:
                missed[text[s:e]] += 1
        gold_spans = {(s, e) for s, e, _ in gold}
        for s, e, label in pred:
            n_pred[label] += 1
            if (s, e) not in gold_spans:
                spurious[text[s:e]] += 1
    print(
        f"BAND ({path.name}): disease mention recall (overlap) {found / max(1, total):.3f} ({found}/{total})"
    )
    for label in ("Disease", "Virus"):
        p = tp[label] / max(1, n_pred[label])
        r = tp[label] / max(1, n_gold[label])
        print(f"  {label:<8} exact P {p:.3f} R {r:.3f}")
    all_tp = sum(tp.values())
    spans_p = all_tp / max(1, sum(n_pred.values()))
    print(f"  exact-span precision (label-blind on span): see per label; labelled P {spans_p:.3f}")
    if show_errors:
        print("  most missed:", missed.most_common(show_errors))
        print("  most unmatched predictions:", spurious.most_common(show_errors))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", choices=("dev", "heldout"), default="dev")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args()
    run_dons(args.shared / "who_dons_1996_2015.jsonl", args.split, args.errors)
    band = "band_ner_dev.jsonl" if args.split == "heldout" else "band_ner_train.jsonl"
    run_band(args.shared / band, args.errors)


if __name__ == "__main__":
    main()
