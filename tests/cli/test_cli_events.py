from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

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
    measures = {s["measure"] for s in event["series"]}
    assert {"cases", "deaths", "recovered", "active"} <= measures
    for series in event["series"]:
        for point in series["points"]:
            assert point["claims"], point
            for claim in point["claims"]:
                assert claim["quote"] and claim["document"] and claim["key"]
    assert "implausible_cfr" in {f["kind"] for f in event["flags"]}
    assert len(event["documents"]) >= 5
    assert event["reports"] and all(r["quote"] for r in event["reports"])
    supplies = {(r["item"], r["action"]) for r in event["resources"]}
    assert {("mask", "purchased"), ("vaccine", "refused")} <= supplies
    assert event["measures"]


def test_events_filters_and_formats(sample_db: Path) -> None:
    table = run_cli("events", "--db", str(sample_db))
    assert table.exit_code == 0 and "DISEASE" in table.stdout and "PLACE" in table.stdout
    rows = list(
        csv.DictReader(
            io.StringIO(run_cli("events", "--db", str(sample_db), "--format", "csv").stdout)
        )
    )
    assert rows and {"event", "disease", "place", "score"} <= set(rows[0])
    none = run_cli(
        "events", "--db", str(sample_db), "--disease", "no-such-disease", "--format", "json"
    )
    assert json.loads(none.stdout) == []
    lines = run_cli("events", "--db", str(sample_db), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == len(rows)


def test_provinces_are_series_inside_their_national_event(sample_db: Path) -> None:
    rows = json.loads(
        run_cli("events", "--db", str(sample_db), "--country", "NG", "--format", "json").stdout
    )
    keys = [(e["disease"]["name"], e["country"]) for e in rows]
    assert len(keys) == len(set(keys))  # one event per (disease, country)
    assert any(e["areas"] for e in rows)
    table = run_cli("events", "--db", str(sample_db), "--country", "NG").stdout
    assert "NG (+" in table


@pytest.mark.parametrize(
    ("options", "expect"),
    [
        (("--disease", "U07", "--country", "KP"), 1),
        (("--flag", "implausible_cfr"), 1),
        (("--since", "2024-01-01"), 1),  # the mpox story of August 2024
        (("--until", "2022-04-30"), 1),  # Shanghai, April 2022
        (("--text", "Malawi cholera"), 1),
        (("--limit", "2", "--sort", "-cases"), 2),
        (("--status", "verified"), 0),
    ],
)
def test_query_options(sample_db: Path, options: tuple[str, ...], expect: int) -> None:
    result = run_cli("events", "--db", str(sample_db), "--format", "json", *options)
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == expect


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--since", "yesterday"), "since must be a date"),
        (("--sort", "-popularity"), "unknown sort"),
        (("--min-score", "high"), "min_score must be a number"),
    ],
)
def test_bad_query_values_exit_1_with_the_reason(
    sample_db: Path, options: tuple[str, ...], message: str
) -> None:
    result = run_cli("events", "--db", str(sample_db), *options)
    assert result.exit_code == 1 and message in result.output


def test_off_topic_articles_make_no_event(sample_db: Path) -> None:
    events = json.loads(run_cli("events", "--db", str(sample_db), "--format", "json").stdout)
    titles = {d["title"] or "" for e in events for d in e["documents"]}
    assert not any("sandstorm" in t.lower() for t in titles)


def test_missing_database_is_a_clean_error(tmp_path: Path) -> None:
    result = run_cli("events", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1
    assert "no database" in result.output
