"""The package lives under ``src/``: a checkout can never shadow the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import episignal

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_is_imported_from_src() -> None:
    assert Path(episignal.__file__).resolve().parent == ROOT / "src" / "episignal"
    assert not (ROOT / "episignal").exists(), "a top-level episignal/ folder would shadow src/"


@pytest.mark.slow
def test_module_runs_from_the_folder_above_a_checkout_named_episignal(tmp_path: Path) -> None:
    # A clone named "episignal" seen from its parent folder is a namespace package candidate;
    # with the code under src/ the installed package must still be the one imported.
    (tmp_path / "episignal" / "tests").mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-m", "episignal", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert episignal.__version__ in proc.stdout
