from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_cli


def test_explain_says_where_each_figure_went(sample_db: Path) -> None:
    result = run_cli(
        "explain",
        "korea-brief-2022-05-16-nk-1-2-million",
        "--db",
        str(sample_db),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    fates = json.loads(result.stdout)
    assert fates["status"] == "extracted" and len(fates["events"]) == 1
    assert fates["figures"] and all(f["fate"] == "placed" for f in fates["figures"])
    assert all(f["event"] == fates["events"][0] and f["series"] for f in fates["figures"])
    table = run_cli("explain", "korea-brief-2022-05-16-nk-1-2-million", "--db", str(sample_db))
    assert "FIGURE" in table.stdout and "placed" in table.stdout


def test_explain_says_why_a_copy_contributes_nothing(sample_db: Path) -> None:
    result = run_cli("explain", "metro-herald-2022-05-15-nk-42-deaths", "--db", str(sample_db))
    assert result.exit_code == 0, result.output
    assert "near-copy" in result.stdout and "not_stored" in result.stdout


def test_explain_an_unknown_document_is_a_clean_error(sample_db: Path) -> None:
    result = run_cli("explain", "no-such-document", "--db", str(sample_db))
    assert result.exit_code == 1 and "no document" in result.output
