from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_cli


def test_export_writes_csv_and_json(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    result = run_cli("export", "--db", str(sample_db), "--out", str(out))
    assert result.exit_code == 0, result.output
    names = {p.name for p in out.iterdir()}
    assert {"events.csv", "series.csv", "claims.csv", "events.json"} <= names
    assert json.loads((out / "events.json").read_text())


def test_export_takes_the_query_options(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "kp"
    result = run_cli("export", "--db", str(sample_db), "--out", str(out), "--country", "KP")
    assert result.exit_code == 0, result.output
    events = json.loads((out / "events.json").read_text())
    assert [e["country"] for e in events] == ["KP"]
    assert (out / "reports.csv").read_text().count("\n") > 2
