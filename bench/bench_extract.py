#!/usr/bin/env python3
"""Extraction benchmark: speed and accuracy on the shared corpora and the in-repo gold set.

    python bench/bench_extract.py [--shared ../shared/corpora] [--limit N]

Prints docs/s (one process), peak memory, start-up time, and:
* WHO DONs 1996-2015: primary-disease ICD-10 accuracy, affected-country F1 (per-document
  average and micro), top-1 country accuracy — on the held-out half (odd DON numbers;
  development used the even ones) and on all documents;
* BAND dev: disease and place mention recall (overlap) and five-label micro-F1 on exact spans;
* the in-repo gold set (tests/gold): count recall/precision and false counts of excluded kinds;
* EpiTator's 38 count behaviours, restated as our own tests (tests/extract/test_count_behaviours.py);
* BBC News 2004-2005: the share of articles marked relevant, and each of them.
Without ../shared it still measures the gold set and the count behaviours.
The figures of events are audited by bench/audit_figures.py.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
# ../shared/corpora from the main checkout, ../../shared/corpora from a worktree.
SHARED = next(
    (
        p / "shared" / "corpora"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").is_dir()
    ),
    ROOT.parent / "shared" / "corpora",
)


def load_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def is_held_out(doc_id: str) -> bool:
    digits = "".join(c for c in doc_id if c.isdigit())
    return bool(digits) and int(digits) % 2 == 1


def run_dons(path: Path, limit: int | None) -> None:
    from episignal.document import Document, extraction_to_dict
    from episignal.extract.pipeline import extract_text

    docs = load_jsonl(path, limit)
    extract_text("Warm-up: 3 cases of cholera in Kenya.", date(2020, 1, 1))
    records = []
    nbytes = sum(len(d["text"].encode()) for d in docs)
    t0 = time.perf_counter()
    for d in docs:
        published = date.fromisoformat(d["published"]) if d.get("published") else None
        ex = extract_text(d["text"], published)
        records.append(
            extraction_to_dict(Document(d["id"], d["text"], "bench", published=published), ex)
        )
    elapsed = time.perf_counter() - t0
    print(f"WHO DONs: {len(docs)} documents, {nbytes / 1e6:.1f} MB")
    print(
        f"  throughput: {len(docs) / elapsed:.0f} docs/s, {nbytes / 1e6 / elapsed:.2f} MB/s (one process)"
    )
    for label, subset in (("held-out (odd ids)", [True]), ("all", [True, False])):
        pairs = [
            (d, r) for d, r in zip(docs, records, strict=True) if is_held_out(d["id"]) in subset
        ]
        report_don_accuracy(label, pairs)


def report_don_accuracy(label: str, pairs: list[tuple[dict[str, Any], dict[str, Any]]]) -> None:
    icd_hits = top1_hits = found_anywhere = named_none = 0
    f1_sum = 0.0
    tp = fp = fn = 0
    for gold_doc, rec in pairs:
        gold = gold_doc["gold"]
        gold_icd = {c[:3] for c in gold.get("icd10") or []}
        first = rec["diseases"][0]["icd10"] if rec["diseases"] else None
        icd_hits += bool(first and first[:3] in gold_icd)
        codes = {(d["icd10"] or "")[:3] for d in rec["diseases"]}
        found_anywhere += bool(codes & gold_icd)
        named_none += not rec["diseases"]
        gold_c = set(gold.get("countries") or [])
        pred_c = list(rec["primary"]["countries"])
        top1_hits += bool(pred_c and pred_c[0] in gold_c)
        p = set(pred_c)
        tp_d, fp_d, fn_d = len(p & gold_c), len(p - gold_c), len(gold_c - p)
        tp, fp, fn = tp + tp_d, fp + fp_d, fn + fn_d
        f1_sum += f1(tp_d, fp_d, fn_d)
    n = len(pairs) or 1
    print(f"  [{label}, n={len(pairs)}]")
    print(f"    primary-disease ICD-10 accuracy: {icd_hits / n:.3f}")
    print(
        f"      gold code among the diseases found: {found_anywhere / n:.3f}; "
        f"no disease named: {named_none / n:.3f}"
    )
    print(
        f"    affected-country F1 (per-document average): {f1_sum / n:.3f}; micro F1: {f1(tp, fp, fn):.3f}"
    )
    print(f"    top-1 country accuracy: {top1_hits / n:.3f}")


def f1(tp: int, fp: int, fn: int) -> float:
    if tp == 0:
        return 1.0 if fp == 0 and fn == 0 else 0.0
    p, r = tp / (tp + fp), tp / (tp + fn)
    return 2 * p * r / (p + r)


def band_gold(record: dict[str, Any]) -> tuple[str, list[tuple[int, int, str]]]:
    tokens = [tok for sent in record["sentences"] for tok in sent]
    starts, pos = [], 0
    for tok in tokens:
        starts.append(pos)
        pos += len(tok) + 1
    text = " ".join(tokens)
    spans = []
    for sent in record["ner"]:
        for first, last, label, *_ in sent:
            spans.append((starts[first], starts[last] + len(tokens[last]), label))
    return text, spans


def band_predictions(rec: dict[str, Any]) -> set[tuple[int, int, str]]:
    out: set[tuple[int, int, str]] = set()
    for d in rec["diseases"]:
        out.update((s, e, "Disease") for s, e in d["mentions"])
        out.update((s, e, "Virus") for s, e in d["pathogen_mentions"])
    # BAND labels US counties "City"; places known only from their pattern ("the Watsa
    # zone") have no BAND label: they count for overlap recall, not for the five labels.
    kinds = {"country": "Country", "admin1": "Province", "admin2": "City", "city": "City"}
    for loc in rec["locations"]:
        label = kinds.get(loc["kind"], "Place")
        out.update((s, e, label) for s, e in loc["mentions"])
    return out


def run_band(path: Path, limit: int | None) -> None:
    from episignal.document import Document, extraction_to_dict
    from episignal.extract.pipeline import extract_text

    records = load_jsonl(path, limit)
    group = {
        "Disease": "disease",
        "Virus": "disease",
        "Country": "place",
        "Province": "place",
        "City": "place",
        "Place": "place",
    }
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    unmarked = 0  # five-label predictions overlapping no annotated span
    for r in records:
        text, gold = band_gold(r)
        rec = extraction_to_dict(Document("b", text, "bench"), extract_text(text, None))
        pred = band_predictions(rec)
        by_group: dict[str, list[tuple[int, int]]] = {"disease": [], "place": []}
        for s, e, label in pred:
            by_group[group[label]].append((s, e))
            n_pred[label] += 1
            if label != "Place" and not any(gs < e and s < ge for gs, ge, _ in gold):
                unmarked += 1
        for s, e, label in gold:
            g = group[label]
            total[g] += 1
            n_gold[label] += 1
            found[g] += any(ps < e and s < pe for ps, pe in by_group[g])
            tp[label] += (s, e, label) in pred
    print(f"BAND dev: {len(records)} records")
    for g in ("disease", "place"):
        print(
            f"  {g} mention recall (overlap): {found[g] / max(1, total[g]):.3f}  ({found[g]}/{total[g]})"
        )
    for label in ("Disease", "Virus", "Country", "Province", "City"):
        p = tp[label] / max(1, n_pred[label])
        rc = tp[label] / max(1, n_gold[label])
        print(
            f"  {label:<8} exact P {p:.3f} R {rc:.3f} F1 {f1(tp[label], n_pred[label] - tp[label], n_gold[label] - tp[label]):.3f}"
        )
    five = ("Disease", "Virus", "Country", "Province", "City")
    all_tp = sum(tp[label] for label in five)
    all_pred = sum(n_pred[label] for label in five)
    all_gold = sum(n_gold[label] for label in five)
    print(
        f"  five-label micro-F1 (exact spans): {f1(all_tp, all_pred - all_tp, all_gold - all_tp):.3f} (published best 0.660)"
    )
    # What the annotators left unmarked costs: the same score without the predictions that
    # overlap no annotated span (most are true mentions: a second "cholera", "Beijing").
    kept = all_pred - unmarked
    print(
        f"    without the {unmarked} predictions on text left unannotated: "
        f"{f1(all_tp, kept - all_tp, all_gold - all_tp):.3f}"
    )


def run_gold() -> None:
    try:
        from tests.extract.test_gold import gold_report  # the gold-set gate's own scorer
    except ImportError as e:
        print(f"gold set: unavailable ({e})")
        return
    print("gold set (tests/gold):")
    for line in gold_report():
        print(f"  {line}")


def run_behaviours() -> None:
    try:
        from tests.extract.test_count_behaviours import behaviour_results
    except ImportError as e:
        print(f"count behaviours: unavailable ({e})")
        return
    results = behaviour_results()
    passed = sum(ok for _, ok in results)
    print(f"EpiTator's count behaviours (our own tests): {passed} of {len(results)} pass")
    for name, ok in results:
        if not ok:
            print(f"  failing: {name}")


def startup_seconds() -> float:
    import subprocess

    code = "import time;t=time.perf_counter();from episignal.extract.pipeline import extract_text;extract_text('Two cases of cholera in Kenya.');print(time.perf_counter()-t)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return float(out.stdout.strip())


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument(
        "--limit", type=int, default=None, help="only the first N documents of each corpus"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    print(f"start-up (import + first extraction): {startup_seconds():.2f} s")
    dons, band = args.shared / "who_dons_1996_2015.jsonl", args.shared / "band_ner_dev.jsonl"
    if dons.exists():
        run_dons(dons, args.limit)
    else:
        print(f"WHO DONs: not found at {dons}; skipped")
    if band.exists():
        run_band(band, args.limit)
    else:
        print(f"BAND dev: not found at {band}; skipped")
    run_gold()
    run_behaviours()
    from bench_relevance import report_bbc

    report_bbc(args.shared / "bbc_news_2004_2005.jsonl", words=10)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
