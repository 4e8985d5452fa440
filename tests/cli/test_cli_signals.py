from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import run_cli


def test_signals_are_ranked_with_reasons(sample_db: Path) -> None:
    result = run_cli("signals", "--db", str(sample_db), "--limit", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert 1 <= len(rows) <= 5
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert all(r["reason"] for r in rows)


def test_signals_table(sample_db: Path) -> None:
    result = run_cli("signals", "--db", str(sample_db))
    assert result.exit_code == 0 and "REASON" in result.stdout


def test_signals_page_and_filter(sample_db: Path) -> None:
    first = json.loads(
        run_cli("signals", "--db", str(sample_db), "--limit", "2", "--format", "json").stdout
    )
    second = json.loads(
        run_cli(
            "signals", "--db", str(sample_db), "--limit", "2", "--offset", "2", "--format", "json"
        ).stdout
    )
    assert [r["rank"] for r in first + second] == [1, 2, 3, 4]
    assert not {r["event"] for r in first} & {r["event"] for r in second}
    kp = json.loads(
        run_cli("signals", "--db", str(sample_db), "--country", "KP", "--format", "json").stdout
    )
    assert [r["country"] for r in kp] == ["KP"] and kp[0]["status"] == "new"
