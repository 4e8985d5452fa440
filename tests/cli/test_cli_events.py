from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cli.conftest import run_cli


def nk_event(db: Path) -> dict:
    result = run_cli("events", "--db", str(db), "--country", "KP", "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.stdout)
    assert len(events) == 1, [e["disease"] for e in events]
    return events[0]


def test_north_korea_outbreak_is_one_event_with_sourced_figures(sample_db: Path) -> None:
    event = nk_event(sample_db)
    assert event["disease"]["icd10"] == "U07"
    measures = {p["measure"] for p in event["series"]}
    assert {"cases", "deaths", "recovered", "active"} <= measures
    for point in event["series"]:
        assert point["claims"], point
        for claim in point["claims"]:
            assert claim["quote"] and claim["document"]
    assert "implausible_cfr" in {f["kind"] for f in event["flags"]}
    assert len(event["documents"]) >= 5


def test_events_filters_and_formats(sample_db: Path) -> None:
    table = run_cli("events", "--db", str(sample_db))
    assert table.exit_code == 0 and "DISEASE" in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("events", "--db", str(sample_db), "--format", "csv").stdout)
        )
    )
    assert rows and {"id", "disease", "country", "score"} <= set(rows[0])
    none = run_cli(
        "events", "--db", str(sample_db), "--disease", "no-such-disease", "--format", "json"
    )
    assert json.loads(none.stdout) == []
    lines = run_cli("events", "--db", str(sample_db), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(rows)


def test_off_topic_articles_make_no_event(sample_db: Path) -> None:
    events = json.loads(run_cli("events", "--db", str(sample_db), "--format", "json").stdout)
    titles = {d["title"] or "" for e in events for d in e["documents"]}
    assert not any("sandstorm" in t.lower() for t in titles)


def test_missing_database_is_a_clean_error(tmp_path: Path) -> None:
    result = run_cli("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no database" in result.output
