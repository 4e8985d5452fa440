"""Builder "reference": reference CFR ranges and disease priority tiers.

Reads ``data_src/reference/cfr.yaml`` and ``data_src/reference/priority.yaml`` and writes
``reference.json``::

    {"cfr": [{"name", "icd10": [...], "aliases": [...], "low", "high", "basis", "source",
              "variants": {...}, "periods": [{"label", "from", "until", "low", "high",
              "basis", "source"}]}, ...],
     "cfr_keys": {"U07": 0, "covid-19": 0, ...},      # ICD-10 code or lower-case name -> index
     "priority": {"A98.4": 1, "ebola": 1, ...}}       # ICD-10 code or lower-case name -> tier
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_data import load_yaml, write_json

OUT_FILE = "reference.json"


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    cfr = load_yaml(src_dir / "reference" / "cfr.yaml")["diseases"]
    tiers = load_yaml(src_dir / "reference" / "priority.yaml")["tiers"]
    entries = [cfr_entry(raw) for raw in cfr]
    data = {
        "cfr": entries,
        "cfr_keys": index_keys(entries),
        "priority": priority_keys(tiers),
    }
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "data_src/reference/*.yaml (curated from WHO fact sheets and the cited literature)",
            "licence": "Apache-2.0 (curated figures; sources cited per entry)",
        }
    ]


def cfr_entry(raw: dict[str, Any]) -> dict[str, Any]:
    low, high = float(raw["low"]), float(raw["high"])
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"bad CFR range for {raw['name']}: {low}..{high}")
    entry: dict[str, Any] = {
        "name": raw["name"],
        "icd10": [str(c).upper() for c in raw.get("icd10") or []],
        "aliases": sorted({str(a).lower() for a in raw.get("aliases") or []}),
        "low": low,
        "high": high,
        "basis": raw["basis"],
        "source": raw["source"],
        "variants": {
            str(k).lower(): {"low": float(v["low"]), "high": float(v["high"])}
            for k, v in (raw.get("variants") or {}).items()
        },
        "periods": [cfr_period(raw["name"], p) for p in raw.get("periods") or []],
    }
    return entry


def cfr_period(name: str, raw: dict[str, Any]) -> dict[str, Any]:
    """One period of a disease's range: dates as ISO strings (None = open-ended)."""
    low, high = float(raw["low"]), float(raw["high"])
    if not 0.0 <= low <= high <= 1.0:
        raise ValueError(f"bad CFR range for {name} ({raw.get('label')}): {low}..{high}")
    start = str(raw["from"]) if raw.get("from") else None
    end = str(raw["until"]) if raw.get("until") else None
    if start and end and start > end:
        raise ValueError(f"CFR period of {name} ends before it starts: {start}..{end}")
    return {
        "label": raw["label"],
        "from": start,
        "until": end,
        "low": low,
        "high": high,
        "basis": raw["basis"],
        "source": raw["source"],
    }


def entry_keys(name: str, codes: list[str], aliases: list[str]) -> list[str]:
    return [*codes, name.lower(), *aliases]


def index_keys(entries: list[dict[str, Any]]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for i, e in enumerate(entries):
        for key in entry_keys(e["name"], e["icd10"], e["aliases"]):
            if keys.setdefault(key, i) != i:
                raise ValueError(f"CFR key {key!r} used twice")
    return keys


def priority_keys(tiers: dict[Any, list[dict[str, Any]]]) -> dict[str, int]:
    keys: dict[str, int] = {}
    for tier, items in sorted(tiers.items()):
        for item in items:
            codes = [str(c).upper() for c in item.get("icd10") or []]
            aliases = [str(a).lower() for a in item.get("aliases") or []]
            for key in entry_keys(item["name"], codes, aliases):
                if keys.setdefault(key, int(tier)) != int(tier):
                    raise ValueError(f"priority key {key!r} in two tiers")
    return keys
