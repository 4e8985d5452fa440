from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_cli


def test_scan_summary_counts_every_document(sample_db: Path) -> None:
    result = run_cli(
        "scan", str(sample_db.parent / "nothing-here"), "--db", str(sample_db), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["new"] == 0
    assert sum(summary["failed"].values()) == 1  # the missing path is reported, not fatal


def test_rescan_adds_nothing(sample_db: Path) -> None:
    from episignal.samples import sample_corpus_path

    result = run_cli("scan", str(sample_corpus_path()), "--db", str(sample_db), "--format", "json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["read"] >= 30
    assert summary["new"] == 0


def test_scan_reads_stdin_and_reports_table(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    text = "Kenya: the health ministry reported 42 new cholera cases and 3 deaths in Garissa on Monday.\n"
    result = run_cli("scan", "-", "--db", str(db), "--workers", "1", input=text)
    assert result.exit_code == 0, result.output
    assert "read: 1" in result.stdout and "new: 1" in result.stdout
