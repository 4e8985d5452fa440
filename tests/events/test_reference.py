"""Reference tables: CFR ranges and priority tiers, and their build."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from episignal.events.reference import cfr_range, priority_tier

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("name", "icd10", "low", "high"),
    [
        ("COVID-19", "U07.1", 0.0005, 0.005),  # code falls back to its category U07
        (None, "A98.4", 0.25, 0.90),
        ("Marburg", None, 0.24, 0.88),
        ("MERS", None, 0.20, 0.50),
        ("cholera", "A00", 0.0, 0.50),
    ],
)
def test_cfr_lookup(name: str | None, icd10: str | None, low: float, high: float) -> None:
    ref = cfr_range(name, icd10)
    assert ref is not None and (ref.low, ref.high) == (low, high)
    assert ref.source


@pytest.mark.parametrize(
    ("when", "low", "high", "period"),
    [
        ("2020-04-20", 0.002, 0.08, "before Omicron"),
        ("2021-11-25", 0.002, 0.08, "before Omicron"),
        ("2021-11-26", 0.0005, 0.005, "Omicron period"),
        ("2023-01-01", 0.0005, 0.005, "Omicron period"),
        (None, 0.0005, 0.005, None),  # undated: the disease-level range
    ],
)
def test_covid_cfr_by_period(when: str | None, low: float, high: float, period: str | None) -> None:
    day = date.fromisoformat(when) if when else None
    ref = cfr_range("COVID-19", "U07.1", when=day)
    assert ref is not None and (ref.low, ref.high, ref.period) == (low, high, period)
    assert ref.source


def test_a_listed_variant_wins_over_the_period() -> None:
    clade = cfr_range("Mpox", "B04", variant="clade I", when=date(2024, 8, 1))
    assert clade is not None and (clade.low, clade.high) == (0.03, 0.11)


def test_cfr_variant_and_unknown() -> None:
    clade = cfr_range("Mpox", "B04", variant="clade IIb")
    assert clade is not None and (clade.low, clade.high) == (0.001, 0.002)
    assert cfr_range("Unheard-of fever", "Z99.9") is None
    # A98 is a category of several haemorrhagic fevers: no fallback from A98.2 to Ebola
    assert cfr_range(None, "A98.2") is None


@pytest.mark.parametrize(
    ("name", "icd10", "tier"),
    [
        ("Ebola virus disease", "A98.4", 1),
        ("nipah", None, 1),
        ("COVID-19", "U07.1", 2),
        ("Scabies", "B86", 3),
    ],
)
def test_priority_tiers(name: str, icd10: str | None, tier: int) -> None:
    assert priority_tier(name, icd10) == tier


def test_committed_reference_file_is_up_to_date(tmp_path: Path) -> None:
    pytest.importorskip("yaml")
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from datagen import reference
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    (entry,) = reference.build(ROOT / "data_src", tmp_path)
    built = (tmp_path / entry["file"]).read_text(encoding="utf-8")
    committed = (ROOT / "src" / "episignal" / "data" / "reference.json").read_text(encoding="utf-8")
    assert built == committed
