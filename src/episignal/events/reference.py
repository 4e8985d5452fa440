"""Reference tables for events: CFR ranges and disease priority tiers.

Both come from ``episignal/data/reference.json`` (built from ``data_src/reference/``).
A disease is looked up by its ICD-10 code first (exact, then the 3-character category,
e.g. ``U07.1`` -> ``U07``), then by its lower-cased name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from episignal.data import load_json

REFERENCE_FILE = "reference.json"
DEFAULT_TIER = 3


@dataclass(frozen=True, slots=True)
class CfrRange:
    disease: str
    low: float  # fraction of cases, 0.0005 = 0.05%
    high: float
    basis: str
    source: str


def _reference() -> dict[str, Any]:
    data: dict[str, Any] = load_json(REFERENCE_FILE)
    return data


def _lookup_keys(name: str | None, icd10: str | None) -> list[str]:
    # The name first: one disease may be reported under several codes ("Ebola haemorrhagic
    # fever" is coded A99 by the WHO outbreak dataset), and A99 must not borrow another
    # haemorrhagic fever's reference range.
    keys: list[str] = [name.lower()] if name else []
    if icd10:
        code = icd10.upper()
        keys.append(code)
        if "." in code:
            keys.append(code.split(".", 1)[0])
    return keys


def cfr_range(name: str | None, icd10: str | None, variant: str | None = None) -> CfrRange | None:
    """The reference CFR range of a disease (of its variant/clade when listed), or None."""
    ref = _reference()
    index: dict[str, int] = ref["cfr_keys"]
    for key in _lookup_keys(name, icd10):
        if key in index:
            entry = ref["cfr"][index[key]]
            bounds = entry["variants"].get((variant or "").lower(), entry)
            return CfrRange(
                entry["name"], bounds["low"], bounds["high"], entry["basis"], entry["source"]
            )
    return None


def priority_tier(name: str | None, icd10: str | None) -> int:
    """1 = high-consequence pathogen, 2 = epidemic-prone, 3 = other (default)."""
    tiers: dict[str, int] = _reference()["priority"]
    for key in _lookup_keys(name, icd10):
        if key in tiers:
            return tiers[key]
    return DEFAULT_TIER
