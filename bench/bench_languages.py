#!/usr/bin/env python3
"""Language profiles on the per-language gold sets (tests/gold/languages/*.yaml), issue 9.

    python bench/bench_languages.py [--repeat N] [--verbose] [--heldout]

Phase 1 of issue 9 builds the profiles and the language-neutral readers; the engine that
turns them into counts comes in phase 2. This measures what phase 1 can be held to, per
language:

* numbers: the share of gold counts whose value the number reader reads in the item's text
  (with text2num where the profile uses it, and without, to show what it adds), and how
  many of the numbers that must never be counts it reads as numbers (the engine must then
  reject them: years, ages, money, phone numbers);
* diseases: the share of items whose gold ICD-10 code is among the diseases the profile's
  lexicon finds (a generic name such as "coronavirus" counts as the disease of its era, as
  the English engine resolves it);
* countries: the share of gold countries named in the text, by the profile's places (and,
  for Latin-script languages, the shared gazetteer's city names, which phase 2 reuses);
* dates: how many dates the date reader finds;
* speed: items per second through numbers, dates and both lexicons, in one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from episignal.data import load_json  # noqa: E402
from episignal.extract.ruler import PhraseRuler  # noqa: E402
from episignal.extract.terms import ProfileTerms  # noqa: E402
from episignal.lang.dates import DateReader  # noqa: E402
from episignal.lang.numbers import NumberReader  # noqa: E402
from episignal.lang.profile import load_profile  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "languages"


@dataclass
class Score:
    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.hits += ok
        if not ok:
            self.misses.append(miss)

    def __str__(self) -> str:
        share = self.hits / self.total if self.total else 1.0
        return f"{share:.3f} ({self.hits}/{self.total})"


def gold_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


def items_of(path: Path) -> tuple[str, list[dict[str, Any]]]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(doc["language"]), list(doc["items"])


def published(item: dict[str, Any]) -> dt.date | None:
    value = item.get("published")
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


# --------------------------------------------------------------------------- diseases


def era_codes() -> dict[str, list[tuple[str, str | None, str]]]:
    """Generic disease name -> [(from, to, ICD-10 of the disease of that era)]."""
    diseases = load_json("diseases.json")["diseases"]
    out: dict[str, list[tuple[str, str | None, str]]] = {}
    for entry in diseases:
        for era in entry.get("eras") or []:
            code = str(diseases[era["disease"]]["icd10"] or "")[:3]
            out.setdefault(entry["name"], []).append((era["from"], era["to"], code))
    return out


def disease_codes(terms: ProfileTerms, text: str, day: dt.date | None, eras: Any) -> set[str]:
    codes = set()
    for match in terms.diseases(text):
        codes.add(match.value.icd10)
        for start, end, code in eras.get(match.value.disease, ()):
            iso = (day or dt.date.today()).isoformat()
            if start <= iso and (end is None or iso <= end):
                codes.add(code)
    return codes


# --------------------------------------------------------------------------- places


def shared_city_ruler() -> PhraseRuler[str]:
    """City names of the shared gazetteer, by country (Latin-script languages reuse them)."""
    gaz = load_json("gazetteer.json")
    places = gaz["places"]
    names = (
        (n, places[i][2])
        for n, i, role in gaz["names"]
        if places[i][1] == "city" and role == "name"
    )
    return PhraseRuler(names, case_sensitive=True)


def countries(terms: ProfileTerms, text: str, cities: PhraseRuler[str] | None) -> set[str]:
    found = terms.countries(text)
    if cities is not None:
        found |= {m.value for m in cities.find(text)}
    return found


# --------------------------------------------------------------------------- one language


def measure(path: Path, cities: PhraseRuler[str], eras: Any, repeat: int) -> dict[str, Any]:
    lang, items = items_of(path)
    profile = load_profile(lang)
    terms = ProfileTerms(profile)
    numbers = NumberReader(profile)
    plain = NumberReader(profile, text2num="off")
    dates = DateReader(profile)
    shared = cities if profile.script == "latin" else None
    scores = {k: Score() for k in ("numbers", "numbers_no_t2n", "disease", "country")}
    forbidden_read = forbidden_total = date_count = 0
    for item in items:
        text, day = item["text"], published(item)
        values = set(numbers.values(text))
        values_plain = set(plain.values(text))
        for count in item.get("counts") or []:
            value = float(count["value"])
            scores["numbers"].add(value in values, f"{item['id']}: {count['value']} not read")
            scores["numbers_no_t2n"].add(value in values_plain, f"{item['id']}: {count['value']}")
        forbidden = {float(v) for v in item.get("forbidden") or ()}
        forbidden_total += len(forbidden)
        forbidden_read += len(forbidden & values)
        if item.get("disease"):
            codes = disease_codes(terms, text, day, eras)
            scores["disease"].add(
                item["disease"] in codes, f"{item['id']}: {item['disease']} not in {sorted(codes)}"
            )
        found = countries(terms, text, shared)
        for country in item.get("countries") or ():
            scores["country"].add(
                country in found, f"{item['id']}: {country} not in {sorted(found)}"
            )
        date_count += len(dates.find(text, day))
    speed = items_per_second(items, numbers, dates, terms, repeat)
    return {
        "language": lang,
        "items": len(items),
        "counts": sum(len(i.get("counts") or ()) for i in items),
        "scores": scores,
        "forbidden": (forbidden_read, forbidden_total),
        "dates": date_count,
        "speed": speed,
    }


def items_per_second(
    items: list[dict[str, Any]],
    numbers: NumberReader,
    dates: DateReader,
    terms: ProfileTerms,
    repeat: int,
) -> float:
    texts = [(i["text"], published(i)) for i in items]
    start = time.perf_counter()
    for _ in range(repeat):
        for text, day in texts:
            numbers.find(text)
            dates.find(text, day)
            terms.diseases(text)
            terms.places(text)
    elapsed = time.perf_counter() - start
    return len(texts) * repeat / elapsed if elapsed else 0.0


def report(result: dict[str, Any], verbose: bool) -> list[str]:
    s = result["scores"]
    read, total = result["forbidden"]
    lines = [
        f"{result['language']}: {result['items']} items, {result['counts']} counts | "
        f"numbers {s['numbers']} (without text2num {s['numbers_no_t2n']}) | "
        f"disease {s['disease']} | country {s['country']} | "
        f"not-counts read as numbers {read}/{total} | dates {result['dates']} | "
        f"{result['speed']:.0f} items/s"
    ]
    if verbose:
        for name in ("numbers", "disease", "country"):
            lines.extend(f"    {name}: {m}" for m in s[name].misses)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repeat", type=int, default=20, help="passes over each gold set for speed"
    )
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument(
        "--heldout",
        action="store_true",
        help="measure on tests/gold/languages/heldout (written after the data was frozen)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    cities, eras = shared_city_ruler(), era_codes()
    print(f"shared gazetteer cities loaded in {time.perf_counter() - started:.1f}s")
    folder = GOLD / "heldout" if args.heldout else GOLD
    for path in gold_files(folder):
        result = measure(path, cities, eras, args.repeat)
        print("\n".join(report(result, args.verbose)))
    print(json.dumps({"gold_dir": str(folder.relative_to(ROOT))}))


if __name__ == "__main__":
    main()
