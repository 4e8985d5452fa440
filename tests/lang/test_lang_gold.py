"""The per-language gold sets (tests/gold/languages/) are well formed, and what phase 1 of
issue 9 built can already be held to them: the number reader reads every gold count, the
profile's lexicons name every gold disease and country.

The count, relevance and primary-disease gates of issue 9 need the profile-driven engine
(phase 2); bench/bench_languages.py prints the same figures with speed.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from episignal.data import load_json
from episignal.document import MEASURES, Species, Status
from episignal.extract.ruler import PhraseRuler
from episignal.extract.terms import terms_for
from episignal.lang.numbers import reader_for
from episignal.lang.profile import load_profile

GOLD = Path(__file__).resolve().parents[1] / "gold" / "languages"
LANGUAGES = ("ar", "de", "es", "fr", "it", "ko", "pt", "ru", "zh")
FIELDS = {"id", "text", "published", "counts", "forbidden", "disease", "countries", "relevant"}
COUNT_FIELDS = {"value", "measure", "status", "cumulative", "species", "approximate"}


@cache
def items(lang: str) -> tuple[dict[str, Any], ...]:
    doc = yaml.safe_load((GOLD / f"{lang}.yaml").read_text(encoding="utf-8"))
    assert doc["language"] == lang
    return tuple(doc["items"])


def test_every_language_has_a_gold_set_and_the_english_gate_does_not_load_them() -> None:
    assert sorted(p.stem for p in GOLD.glob("*.yaml")) == sorted(LANGUAGES)
    english = GOLD.parent.glob("*.yaml")
    assert all("language:" not in p.read_text(encoding="utf-8") for p in english)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gold_set_size_noise_and_numbers_that_are_not_counts(lang: str) -> None:
    gold = items(lang)
    assert len(gold) >= 30
    assert sum(len(i.get("counts") or ()) for i in gold) >= 40
    assert sum(1 for i in gold if i.get("relevant") is False) >= 3
    assert sum(len(i.get("forbidden") or ()) for i in gold) >= 15
    assert len({i["id"] for i in gold}) == len(gold)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_gold_items_use_the_contract_vocabularies(lang: str) -> None:
    codes = {d.icd10 for d in load_profile(lang).diseases}
    for item in items(lang):
        assert set(item) <= FIELDS and item["id"].startswith(f"{lang}-"), item["id"]
        assert item.get("disease") is None or item["disease"] in codes, item["id"]
        for count in item.get("counts") or ():
            assert set(count) <= COUNT_FIELDS and count["measure"] in MEASURES, item["id"]
            assert count.get("status") in (None, *get_args(Status)), item["id"]
            assert count.get("species", "human") in get_args(Species), item["id"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_number_reader_reads_every_gold_count(lang: str) -> None:
    reader = reader_for(lang)
    missed = [
        (item["id"], count["value"])
        for item in items(lang)
        for count in item.get("counts") or ()
        if float(count["value"]) not in reader.values(item["text"])
    ]
    assert missed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_disease_lexicon_names_every_gold_disease(lang: str) -> None:
    terms = terms_for(lang)
    missed = []
    for item in items(lang):
        if item.get("disease"):
            found = {m.value.disease for m in terms.diseases(item["text"])}
            if item["disease"] not in era_codes(found, item.get("published")):
                missed.append((item["id"], item["disease"], sorted(found)))
    assert missed == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_place_lexicon_names_every_gold_country(lang: str) -> None:
    terms = terms_for(lang)
    latin = load_profile(lang).script == "latin"
    missed = []
    for item in items(lang):
        found = terms.countries(item["text"])
        if latin:  # Latin-script languages share the gazetteer's city names (phase 2)
            found |= {m.value for m in shared_cities().find(item["text"])}
        missed.extend((item["id"], c) for c in item.get("countries") or () if c not in found)
    assert missed == []


def era_codes(names: set[str], published: dt.date | str | None) -> set[str]:
    """ICD-10 codes of the named diseases; a generic name also stands for its era's disease."""
    day = published.isoformat() if isinstance(published, dt.date) else str(published)
    diseases = load_json("diseases.json")["diseases"]
    out = set()
    for entry in diseases:
        if entry["name"] not in names:
            continue
        out.add((entry["icd10"] or "")[:3])
        for era in entry.get("eras") or ():
            if era["from"] <= day and (era["to"] is None or day <= era["to"]):
                out.add((diseases[era["disease"]]["icd10"] or "")[:3])
    return out


@cache
def shared_cities() -> PhraseRuler[str]:
    gaz = load_json("gazetteer.json")
    places = gaz["places"]
    names = (
        (n, places[i][2])
        for n, i, role in gaz["names"]
        if places[i][1] == "city" and role == "name"
    )
    return PhraseRuler(names, case_sensitive=True)
