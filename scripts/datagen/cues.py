"""Builder "cues": number words, approximation words and count cue lists.

Reads every ``data_src/cues/*.yaml`` file and writes ``cues.json``, one top-level key per
file stem::

    {"numbers": {"units": {...}, "tens": {...}, "scales": {...}, "digit_suffixes": {...},
                 "fixed": {...}, "vague": {...}},
     "approximations": {"prefix": {"lower": [...], "upper": [...], "about": [...]},
                        "suffix": {"lower": [...], "about": [...]}},
     "counts": {...}}                          # measure/status/period/species/exclusion cues

Phrases are lower-cased, stripped and de-duplicated; lists are sorted so the output is
stable whatever the order of the curated files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from build_data import load_yaml, write_json

OUT_FILE = "cues.json"


def build(src_dir: Path, out_dir: Path) -> list[dict[str, object]]:
    folder = src_dir / "cues"
    data = {
        path.stem: normalise(load_yaml(path), path.stem) for path in sorted(folder.glob("*.yaml"))
    }
    if "numbers" not in data or "approximations" not in data:
        raise ValueError(f"{folder}: numbers.yaml and approximations.yaml are required")
    write_json(out_dir / OUT_FILE, data)
    return [
        {
            "file": OUT_FILE,
            "source": "data_src/cues/*.yaml (curated number words and count cue phrases)",
            "licence": "Apache-2.0 (curated)",
        }
    ]


def normalise(node: Any, where: str) -> Any:
    """Lower-case phrases; sort and de-duplicate lists; check values are numbers or phrases."""
    if isinstance(node, dict):
        return {str(k).strip().lower(): normalise(v, f"{where}.{k}") for k, v in node.items()}
    if isinstance(node, list):
        phrases = {phrase(item, where) for item in node}
        return sorted(phrases)
    if isinstance(node, bool):
        raise ValueError(f"{where}: booleans are not cue values")
    if isinstance(node, int | float):
        return node
    if isinstance(node, str):
        return phrase(node, where)
    raise ValueError(f"{where}: unexpected value {node!r}")


def phrase(item: Any, where: str) -> str:
    if not isinstance(item, str) or not item.strip():
        raise ValueError(f"{where}: cue phrases must be non-empty strings, got {item!r}")
    return " ".join(item.lower().split())
