"""The packaged data files are exactly what ``scripts/build_data.py`` makes from data_src/."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "episignal" / "data"
sys.path.insert(0, str(ROOT / "scripts"))
import build_data  # noqa: E402

# Builders whose upstream package is not a test dependency (too heavy for CI) are checked
# only where it is installed; their output is still covered by the manifest hashes below.
OPTIONAL_UPSTREAM = {"worldmap": "geopandas"}


def manifest() -> dict[str, object]:
    result: dict[str, object] = json.loads((DATA / "MANIFEST.json").read_text(encoding="utf-8"))
    return result


@pytest.mark.parametrize("builder", build_data.BUILDERS)
def test_rebuild_matches_packaged_files(builder: str, tmp_path: Path) -> None:
    upstream = OPTIONAL_UPSTREAM.get(builder)
    if upstream and importlib.util.find_spec(upstream) is None:
        pytest.skip(f"{builder} needs {upstream}, which is not installed")
    entries = build_data.run_builder(builder, tmp_path)
    assert entries, f"builder {builder} wrote nothing"
    for entry in entries:
        name = str(entry["file"])
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), (
            f"episignal/data/{name} is stale: run python scripts/build_data.py --only {builder}"
        )


def test_manifest_lists_every_data_file_with_its_hash_source_and_licence() -> None:
    files = {str(e["file"]): e for e in manifest()["files"]}  # type: ignore[attr-defined]
    # Language profiles live in one folder per language (episignal/data/fr/profile.json).
    on_disk = {p.relative_to(DATA).as_posix() for p in DATA.rglob("*.json")} - {"MANIFEST.json"}
    assert set(files) == on_disk
    for name, entry in files.items():
        assert entry["source"] and entry["licence"] and entry["builder"] in build_data.BUILDERS
        assert entry["sha256"] == build_data.sha256(DATA / name), f"{name} changed by hand"
