"""Reference tables for events: CFR ranges and disease priority tiers.

Both come from ``episignal/data/reference.json`` (built from ``data_src/reference/``).
A disease is looked up by its lower-cased name first, then by its ICD-10 code (exact,
then the 3-character category, e.g. ``U07.1`` -> ``U07``). A CFR range is the variant's
when the variant is listed, else the range of the period the figures describe when the
disease lists periods (COVID-19 before and after Omicron), else the disease-level range.
"""

from __future__ import annotations

import datetime as dt
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
    period: str | None = None  # e.g. "before Omicron" when the range is a period's


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


def cfr_range(
    name: str | None,
    icd10: str | None,
    variant: str | None = None,
    when: dt.date | None = None,
) -> CfrRange | None:
    """The reference CFR range of a disease: its variant's, else its period's (``when`` the
    figures describe), else the disease-level range; None for a disease not listed."""
    ref = _reference()
    index: dict[str, int] = ref["cfr_keys"]
    for key in _lookup_keys(name, icd10):
        if key in index:
            return _range_of(ref["cfr"][index[key]], variant, when)
    return None


def _range_of(entry: dict[str, Any], variant: str | None, when: dt.date | None) -> CfrRange:
    name, basis, source = entry["name"], entry["basis"], entry["source"]
    bounds = entry["variants"].get((variant or "").lower())
    if bounds is not None:
        return CfrRange(name, bounds["low"], bounds["high"], basis, source, variant)
    period = _period_of(entry.get("periods") or [], when)
    if period is not None:
        return CfrRange(
            name, period["low"], period["high"], period["basis"], period["source"], period["label"]
        )
    return CfrRange(name, entry["low"], entry["high"], basis, source)


def _period_of(periods: list[dict[str, Any]], when: dt.date | None) -> dict[str, Any] | None:
    if when is None:
        return None
    day = when.isoformat()
    for period in periods:
        if (period["from"] or "") <= day and (period["until"] is None or day <= period["until"]):
            return period
    return None


def priority_tier(name: str | None, icd10: str | None) -> int:
    """1 = high-consequence pathogen, 2 = epidemic-prone, 3 = other (default)."""
    tiers: dict[str, int] = _reference()["priority"]
    for key in _lookup_keys(name, icd10):
        if key in tiers:
            return tiers[key]
    return DEFAULT_TIER
