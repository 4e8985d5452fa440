"""Curated data files are well-formed: no YAML mapping repeats a key (PyYAML would silently
keep the last one, so a cue or an alias would vanish without anyone noticing)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA_SRC = ROOT / "data_src"
sys.path.insert(0, str(ROOT / "scripts"))
import build_data  # noqa: E402


@pytest.mark.parametrize(
    "path", sorted(DATA_SRC.rglob("*.yaml")), ids=lambda p: str(p.relative_to(DATA_SRC))
)
def test_yaml_has_no_duplicate_keys(path: Path) -> None:
    build_data.load_yaml(path)  # raises on a key given twice


def test_a_key_given_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cues.yaml"
    path.write_text("negative:\n  crude: -1.0\n  crude: -1.2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="crude"):
        build_data.load_yaml(path)
