from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_cli


def test_extract_one_record_per_document_in_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "Uganda confirmed 5 cases of Ebola virus disease and 2 deaths.\n"
    )
    records = [
        {"id": "r1", "text": "Gold prices rose on Friday.", "published": "2022-05-16"},
        {"id": "r2", "text": "Brazil reported 1,200 new dengue cases this week."},
    ]
    jsonl = tmp_path / "b.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken json\n")
    result = run_cli("extract", str(tmp_path / "a.txt"), str(jsonl), "--published", "2022-05-16")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out[:3]] == [str(tmp_path / "a.txt"), "r1", "r2"]
    assert len(out) == 4 and "error" in out[3]
    ebola = out[0]
    assert ebola["primary"]["disease"]["icd10"] == "A98"
    assert {(c["value"], c["measure"]) for c in ebola["counts"]} >= {(5, "cases"), (2, "deaths")}
    assert out[1]["relevant"] is False and out[1]["counts"] == []


def test_extract_json_format_and_missing_file(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "missing.txt"), "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 1 and "error" in records[0]


def test_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path), "--published", "16/05/2022")
    assert result.exit_code == 2
