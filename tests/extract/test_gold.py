"""The gold-set regression gate: extraction quality on hand-written texts (tests/gold/*.yaml).

Each gold item gives a text, its publication date, the counts it reports (value, measure,
status, cumulative, optionally species and approximate), numbers that must never come out
as counts (``forbidden``), and optionally the primary disease (ICD-10) and affected
countries. Two views of the counts are scored:

* ``pipeline``: the counts of ``extract_text`` that the event builder may use: those of a
  relevant document (figures are read in every text; only events gate on relevance);
* ``stage``: ``find_counts`` run on the pipeline's own diseases, places, dates, sources and
  supplies, before the relevance gate: the count extractor's quality on its own. Items
  marked ``relevant: false`` are left out of this view (they test the gate).

Every metric must stay at or above its floor in ``tests/gold/baseline.json``; forbidden
false counts must be zero. Floors are raised when the system improves, never lowered
silently. ``gold_report()`` returns printable lines (used by bench/bench_extract.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from episignal.document import CountMention, Extraction
from episignal.extract.context import TextContext
from episignal.extract.counts import find_counts
from episignal.extract.pipeline import extract_text

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold"
BASELINE = GOLD_DIR / "baseline.json"
FIELDS = ("measure", "status", "cumulative", "species", "approximate", "scope", "kind")


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    published: dt.date | None
    counts: tuple[dict[str, Any], ...]
    forbidden: frozenset[int]
    disease: str | None
    countries: frozenset[str] | None
    relevant: bool


@dataclass
class Tally:
    """Counters for one view (pipeline or stage)."""

    expected: int = 0
    predicted: int = 0
    matched: int = 0
    forbidden: int = 0
    field_hits: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    field_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    misses: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        out = {
            "count_recall": self.matched / self.expected if self.expected else 1.0,
            "count_precision": self.matched / self.predicted if self.predicted else 1.0,
        }
        for name in ("measure", "status", "cumulative", "scope", "kind"):
            total = self.field_total[name]
            out[f"{name}_accuracy"] = self.field_hits[name] / total if total else 1.0
        return out


def _load_items() -> list[GoldItem]:
    items: list[GoldItem] = []
    for path in sorted(GOLD_DIR.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in raw["items"]:
            items.append(_item(entry, path.name))
    ids = [i.id for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate gold ids: {duplicates}")
    return items


def _item(entry: dict[str, Any], where: str) -> GoldItem:
    if "id" not in entry or "text" not in entry:
        raise ValueError(f"{where}: gold items need an id and a text: {entry!r}")
    published = entry.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    countries = entry.get("countries")
    return GoldItem(
        id=str(entry["id"]),
        text=str(entry["text"]),
        published=published,
        counts=tuple(entry.get("counts") or ()),
        forbidden=frozenset(int(v) for v in entry.get("forbidden") or ()),
        disease=entry.get("disease"),
        countries=None if countries is None else frozenset(countries),
        relevant=bool(entry.get("relevant", True)),
    )


@cache
def gold_items() -> tuple[GoldItem, ...]:
    return tuple(_load_items())


def _score_counts(
    tally: Tally, item: GoldItem, predicted: list[CountMention], *, stage: bool
) -> None:
    """Match expected counts to predictions by value (each prediction used once)."""
    expected = list(item.counts) if item.relevant or not stage else []
    tally.expected += len(expected)
    tally.predicted += len(predicted)
    unused = list(predicted)
    for gold in expected:
        match = next((c for c in unused if c.value == int(gold["value"])), None)
        if match is None:
            tally.misses.append(f"{item.id}: missed {gold['value']} {gold.get('measure')}")
            continue
        unused.remove(match)
        tally.matched += 1
        for name in FIELDS:
            if name not in gold:
                continue
            tally.field_total[name] += 1
            if getattr(match, name) == gold[name]:
                tally.field_hits[name] += 1
            else:
                tally.misses.append(
                    f"{item.id}: {gold['value']} {name} {getattr(match, name)!r} != {gold[name]!r}"
                )
    for extra in unused:
        if extra.value in item.forbidden:
            tally.forbidden += 1
            tally.misses.append(f"{item.id}: FORBIDDEN count {extra.value} {extra.measure}")
        else:
            tally.misses.append(f"{item.id}: extra count {extra.value} {extra.measure}")


def _stage_counts(item: GoldItem, ex: Extraction) -> list[CountMention]:
    ctx = TextContext(item.text, item.published)
    return find_counts(ctx, ex.diseases, ex.locations, ex.dates, ex.sources, ex.resources)


def _f1(predicted: set[str], gold: set[str]) -> float:
    if not predicted and not gold:
        return 1.0
    tp = len(predicted & gold)
    if tp == 0:
        return 0.0
    precision, recall = tp / len(predicted), tp / len(gold)
    return 2 * precision * recall / (precision + recall)


@cache
def gold_metrics() -> tuple[dict[str, float], tuple[str, ...]]:
    """All gold metrics (name -> value) and the list of misses, computed once."""
    pipeline, stage = Tally(), Tally()
    disease_hits = disease_total = 0
    f1_sum = 0.0
    f1_total = 0
    for item in gold_items():
        ex = extract_text(item.text, item.published)
        _score_counts(pipeline, item, ex.counts if ex.relevant else [], stage=False)
        if item.relevant:
            _score_counts(stage, item, _stage_counts(item, ex), stage=True)
        if item.disease is not None:
            disease_total += 1
            primary = ex.primary.disease
            code = (primary.icd10 or "")[:3] if primary is not None else ""
            disease_hits += code == item.disease[:3]
        if item.countries is not None:
            f1_total += 1
            f1_sum += _f1(set(ex.primary.countries), set(item.countries))
    metrics: dict[str, float] = {}
    for prefix, tally in (("stage", stage), ("pipeline", pipeline)):
        for name, value in tally.metrics().items():
            metrics[f"{prefix}_{name}"] = value
        metrics[f"{prefix}_forbidden_counts"] = float(tally.forbidden)
    metrics["disease_accuracy"] = disease_hits / disease_total if disease_total else 1.0
    metrics["country_f1"] = f1_sum / f1_total if f1_total else 1.0
    misses = tuple(f"stage: {m}" for m in stage.misses)
    misses += tuple(f"pipeline: {m}" for m in pipeline.misses)
    return metrics, misses


def gold_report() -> list[str]:
    """Printable lines: every metric with its floor, then the counts of each item kind."""
    metrics, misses = gold_metrics()
    floors = load_baseline()
    items = gold_items()
    lines = [
        f"gold set: {len(items)} items, {sum(len(i.counts) for i in items)} expected counts, "
        f"{sum(len(i.forbidden) for i in items)} forbidden numbers"
    ]
    for name, value in metrics.items():
        floor = floors.get(name)
        shown = f"{value:.0f}" if name.endswith("forbidden_counts") else f"{value:.3f}"
        lines.append(f"  {name}: {shown}" + (f"  (floor {floor})" if floor is not None else ""))
    stage_misses = [m for m in misses if m.startswith("stage:")]
    lines.append(f"  stage misses and extras: {len(stage_misses)}")
    return lines


def load_baseline() -> dict[str, float]:
    data: dict[str, float] = json.loads(BASELINE.read_text(encoding="utf-8"))["floors"]
    return data


def _as_params(names: Iterable[str]) -> list[str]:
    return sorted(names)


def test_gold_set_is_large_and_well_formed() -> None:
    items = gold_items()
    assert len(items) >= 150
    for item in items:
        assert item.text.strip(), item.id
        for c in item.counts:
            assert {"value", "measure"} <= set(c), (item.id, c)
            assert str(c["value"]).isdigit() or isinstance(c["value"], int), (item.id, c)
    assert sum(1 for i in items if not i.counts and i.forbidden) >= 20  # negative items


@pytest.mark.parametrize("name", _as_params(json.loads(BASELINE.read_text())["floors"]))
def test_metric_at_or_above_its_floor(name: str) -> None:
    metrics, misses = gold_metrics()
    floor = load_baseline()[name]
    if name.endswith("forbidden_counts"):
        relevant = [m for m in misses if "FORBIDDEN" in m]
        assert metrics[name] <= floor, relevant
    else:
        assert metrics[name] >= floor - 1e-9, (metrics[name], [m for m in misses][:40])


def test_no_forbidden_counts() -> None:
    metrics, misses = gold_metrics()
    assert metrics["stage_forbidden_counts"] == 0, [m for m in misses if "FORBIDDEN" in m]
    assert metrics["pipeline_forbidden_counts"] == 0, [m for m in misses if "FORBIDDEN" in m]


def test_every_count_span_parses_to_its_value() -> None:
    from episignal.extract.numbers import find_quantities

    for item in gold_items():
        ex = extract_text(item.text, item.published)
        for c in _stage_counts(item, ex):
            text = item.text[c.span[0] : c.span[1]]
            values = [q.value for q in find_quantities(text)]
            single = c.value == 1 and text.split()[0].lower() in ("a", "an", "the", "another")
            assert c.value in values or single, (item.id, text, c.value)
