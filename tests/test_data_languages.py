"""The language builder (scripts/datagen/languages.py) rejects bad entries by file and key,
and generates inflected forms from a profile's rules."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from build_data import load_yaml  # noqa: E402
from datagen import languages  # noqa: E402
from datagen.lang_rules import Inflector  # noqa: E402

Shared = tuple[dict[str, str], set[str]]


@pytest.fixture(scope="module")
def shared() -> tuple[dict[str, str], set[str]]:
    """The shared disease codes and source names, read once (the YAML parser is slow)."""
    return (
        languages.disease_codes(ROOT / "data_src" / "diseases"),
        languages.source_names(ROOT / "data_src" / "sources" / "sources.yaml"),
    )


@pytest.fixture
def fr(tmp_path: Path) -> Path:
    """A copy of the French profile's folder, to break."""
    folder = tmp_path / "fr"
    shutil.copytree(ROOT / "data_src" / "fr", folder)
    return folder


def build(
    folder: Path, out: Path, shared: tuple[dict[str, str], set[str]]
) -> list[dict[str, object]]:
    return languages.build_language(folder, out, *shared)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_french_profile_builds_three_files(fr: Path, tmp_path: Path, shared: Shared) -> None:
    entries = build(fr, tmp_path / "out", shared)
    assert sorted(e["file"] for e in entries) == [
        "fr/diseases.json",
        "fr/places.json",
        "fr/profile.json",
    ]
    assert all(e["source"] and e["licence"] for e in entries)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  KR: {names:", "  XX: {names:", "'XX' is not an ISO 3166-1"),
        ("  FR-IDF:", "  FR-XYZ:", "'FR-XYZ' is not an ISO 3166-2"),
        ("  CN/Beijing: [Pékin]", "  CN/Pekin: [Pékin]", "no city 'Pekin'"),
    ],
)
def test_bad_places_are_reported_with_file_and_key(
    fr: Path, tmp_path: Path, shared: Shared, old: str, new: str, message: str
) -> None:
    edit(fr / "places.yaml", old, new)
    with pytest.raises(ValueError, match=re.escape(message)):
        build(fr, tmp_path / "out", shared)


def read_family(folder: Path, name: str, shared: Shared) -> object:
    """Run the reader of one family of files (fast: no places, no CLDR)."""
    doc = load_yaml(folder / f"{name}.yaml") or {}
    where = f"fr/{name}.yaml"
    readers = {
        "profile": lambda: languages.read_meta(doc, where, "fr"),
        "diseases": lambda: languages.read_diseases(doc, where, shared[0], Inflector()),
        "counts": lambda: languages.read_counts(doc, where),
        "responses": lambda: languages.read_responses(doc, where),
        "sources": lambda: languages.read_sources(doc, where, shared[1]),
        "numbers": lambda: languages.read_numbers(doc, where),
        "dates": lambda: languages.read_dates(doc, where, ["fr"]),
        "relevance": lambda: languages.read_relevance(doc, where),
    }
    return readers[name]()


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        ("diseases", "  Measles: [rougeole]", "  Measels: [rougeole]", "'Measels' is not an entry"),
        ("diseases", "  Rabies: [rage]", "  Rabies: [rage, rougeole]", "names both"),
        ("profile", "  default: {mode: word}", "  default: {mode: syllable}", "unknown mode"),
        ("profile", "code: fr", "code: fx", "differs from the folder name"),
        ("counts", "heads:\n  cases:", "heads:\n  casualties:", "unknown key(s) ['casualties']"),
        ("counts", "status:\n  suspected:", "status:\n  rumoured:", "unknown key(s) ['rumoured']"),
        ("responses", "  culling:", "  burning:", "unknown key(s) ['burning']"),
        ("sources", "  Reuters: [reuters]", "  Reuter: [reuters]", "'Reuter' is not a source"),
        ("numbers", "zéro: 0,", "zéro: -1,", "needs a whole number"),
        ("dates", '"{month} {year}"]', '"{month} {yaer}"]', "uses a field other than"),
        ("relevance", "épidémie: 1.0,", "épidémie: -1.0,", "weigh more than 0"),
    ],
)
def test_bad_entries_are_reported_with_file_and_key(
    fr: Path, shared: Shared, name: str, old: str, new: str, message: str
) -> None:
    edit(fr / f"{name}.yaml", old, new)
    with pytest.raises(ValueError, match=re.escape(message)):
        read_family(fr, name, shared)


def test_a_key_given_twice_is_refused(fr: Path) -> None:
    edit(fr / "diseases.yaml", "  Rabies: [rage]", "  Rabies: [rage]\n  Rabies: [hydrophobie]")
    with pytest.raises(ValueError, match="given twice"):
        load_yaml(fr / "diseases.yaml")


def russian() -> Inflector:
    return Inflector.from_rules(
        {
            "names": [
                ["ая", ["ой", "ую"]],
                ["ея", ["ее", "ею"]],
                ["а", ["е", "у"]],
                ["", ["е", ""]],
            ],
            "keep": ["свиней"],
        },
        "test",
    )


def test_inflection_builds_each_slot_across_the_phrase() -> None:
    assert russian().nouns(["Северная Корея"]) == [
        "Северная Корея",
        "Северной Корее",
        "Северную Корею",
    ]


def test_kept_words_and_words_not_ending_in_a_letter_stay_as_they_are() -> None:
    forms = russian().nouns(["чума свиней", "covid-19"])
    assert "чуме свиней" in forms and "covid-19" in forms and not any("свинее" in f for f in forms)


def test_a_rule_with_another_number_of_slots_is_refused() -> None:
    with pytest.raises(ValueError, match="has 1 forms, others 2"):
        Inflector.from_rules({"names": [["а", ["ы", "е"]], ["я", ["и"]]]}, "test")


def test_arabic_names_also_get_their_indefinite_form() -> None:
    assert languages.with_indefinite(["الحمى الصفراء"], "ال") == ["الحمى الصفراء", "حمى صفراء"]
