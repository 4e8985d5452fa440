"""Scoring of the per-language gold sets (tests/gold/languages/*.yaml), issue 9.

Each set is read through the real extraction engine (``extract_text`` with the item's
language), as the English gate reads tests/gold/*.yaml. Per language:

* ``count_recall`` and ``count_precision``: the counts of relevant documents matched to
  the gold counts by value, each prediction used once (as the English pipeline view);
* ``forbidden``: numbers that are no counts (years, ages, money, dates) reported as counts;
* ``disease_accuracy``: items whose primary disease has the gold ICD-10 code (3 characters);
* ``country_accuracy``: items whose affected countries are exactly the gold ones;
* ``relevance_accuracy``: items whose relevance is the gold one (noise articles are not),
  over the items that tell a story: those with a ``relevant`` flag, a disease or counts
  (an item that only holds numbers that are no counts, with no disease, is neither).

``tests/extract/test_gold_languages.py`` gates the dev sets; ``bench/bench_languages.py``
prints the dev and held-out figures (held-out items are for reporting, not tuning).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from episignal.document import CountMention, Extraction
from episignal.extract.pipeline import extract_text

GOLD = Path(__file__).resolve().parent.parent / "gold" / "languages"
HELDOUT = GOLD / "heldout"
FLOORS = {
    "count_recall": 0.90,
    "count_precision": 0.95,
    "disease_accuracy": 0.95,
    "country_accuracy": 0.95,
    "relevance_accuracy": 0.95,
}


@dataclass
class LanguageScore:
    language: str
    items: int = 0
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    forbidden: int = 0
    disease: list[int] = field(default_factory=lambda: [0, 0])
    country: list[int] = field(default_factory=lambda: [0, 0])
    relevance: list[int] = field(default_factory=lambda: [0, 0])
    field_hits: int = 0
    field_total: int = 0
    misses: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        return {
            "count_recall": _share(self.matched, self.expected),
            "count_precision": _share(self.matched, self.predicted),
            "forbidden": float(self.forbidden),
            "disease_accuracy": _share(*self.disease),
            "country_accuracy": _share(*self.country),
            "relevance_accuracy": _share(*self.relevance),
            "field_accuracy": _share(self.field_hits, self.field_total),
        }

    def failures(self) -> list[str]:
        m = self.metrics()
        out = [f"{k} {m[k]:.3f} < {floor}" for k, floor in FLOORS.items() if m[k] < floor]
        if self.forbidden:
            out.append(f"{self.forbidden} forbidden numbers reported as counts")
        return out


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def gold_files(folder: Path = GOLD) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def load(path: Path) -> tuple[str, list[dict[str, Any]]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(doc["language"]), list(doc["items"])


def published(item: dict[str, Any]) -> dt.date | None:
    value = item.get("published")
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def extract_item(language: str, item: dict[str, Any]) -> Extraction:
    return extract_text(item["text"], published(item), title=item.get("title"), language=language)


def score_file(path: Path) -> LanguageScore:
    language, items = load(path)
    score = LanguageScore(language)
    for item in items:
        score_item(score, item, extract_item(language, item))
    return score


@cache
def dev_score(language: str) -> LanguageScore:
    return score_file(GOLD / f"{language}.yaml")


def score_item(score: LanguageScore, item: dict[str, Any], ex: Extraction) -> None:
    score.items += 1
    relevant = bool(item.get("relevant", True))
    _score_counts(score, item, ex.counts if ex.relevant else [])
    judged = "relevant" in item or item.get("disease") is not None or bool(item.get("counts"))
    if judged:
        score.relevance[0] += ex.relevant == relevant
        score.relevance[1] += 1
    if relevant and item.get("disease") is not None:
        lead = ex.primary.disease
        code = (lead.icd10 or "")[:3] if lead is not None else ""
        ok = code == str(item["disease"])[:3]
        score.disease[0] += ok
        score.disease[1] += 1
        if not ok:
            score.misses.append(f"{item['id']}: disease {code or None} != {item['disease']}")
    if relevant and item.get("countries") is not None:
        ok = set(ex.primary.countries) == set(item["countries"])
        score.country[0] += ok
        score.country[1] += 1
        if not ok:
            got = sorted(ex.primary.countries)
            score.misses.append(f"{item['id']}: countries {got} != {item['countries']}")
    if judged and ex.relevant != relevant:
        score.misses.append(f"{item['id']}: relevant {ex.relevant} ({ex.relevance}) != {relevant}")


def _score_counts(
    score: LanguageScore, item: dict[str, Any], predicted: list[CountMention]
) -> None:
    expected = list(item.get("counts") or ())
    forbidden = {int(v) for v in item.get("forbidden") or ()}
    score.expected += len(expected)
    score.predicted += len(predicted)
    unused = list(predicted)
    for gold in expected:
        match = next((c for c in unused if c.value == int(gold["value"])), None)
        if match is None:
            score.misses.append(f"{item['id']}: missed {gold['value']} {gold.get('measure')}")
            continue
        unused.remove(match)
        score.matched += 1
        for name in ("measure", "status", "cumulative"):
            if name in gold:
                score.field_total += 1
                ok = getattr(match, name) == gold[name]
                score.field_hits += ok
                if not ok:
                    score.misses.append(
                        f"{item['id']}: {gold['value']} {name} {getattr(match, name)!r} != {gold[name]!r}"
                    )
    for extra in unused:
        kind = "FORBIDDEN" if extra.value in forbidden else "extra"
        score.forbidden += extra.value in forbidden
        score.misses.append(f"{item['id']}: {kind} count {extra.value} {extra.measure}")
