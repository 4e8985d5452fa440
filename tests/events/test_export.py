"""Exports: CSV tables and JSON of event records."""

from __future__ import annotations

import csv
import importlib.util
import json
from pathlib import Path

import pytest

from episignal.events import build_events, signal_of
from episignal.events.export import event_row, export_events, signal_row
from episignal.models.codec import event_from_json
from tests.events.test_build import fever_outbreak


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_export_writes_tables_that_match_the_events(tmp_path: Path) -> None:
    events = build_events(*fever_outbreak())
    written = export_events(iter(events), tmp_path / "out")
    names = {p.name for p in written}
    assert {"events.csv", "series.csv", "claims.csv", "reports.csv", "events.json"} <= names
    assert ("facts.parquet" in names) is (importlib.util.find_spec("pyarrow") is not None)

    (row,) = read_csv(tmp_path / "out" / "events.csv")
    assert (row["id"], row["country"], row["cases"], row["deaths"]) == (
        events[0].id,
        "KP",
        "2900000",
        "68",
    )
    assert "implausible_cfr" in row["flags"].split(";")

    series = read_csv(tmp_path / "out" / "series.csv")
    assert len(series) == sum(len(s.points) for s in events[0].series)
    claims = read_csv(tmp_path / "out" / "claims.csv")
    assert len(claims) == len(events[0].fact_ids)
    conflict = [c for c in claims if c["date"] == "2022-05-15" and c["measure"] == "cases"]
    assert sorted((c["value"], c["chosen"]) for c in conflict) == [
        ("1213550", "True"),
        ("1500000", "False"),
    ]
    assert all(c["quote"] and c["document"] and c["claim"] for c in claims)

    records = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert [event_from_json(r) for r in records] == events


def test_the_cli_table_and_events_csv_share_one_row(tmp_path: Path) -> None:
    (event,) = build_events(*fever_outbreak())
    row = signal_row(signal_of(event, 1))
    assert (row["rank"], row["event"], row["place"], row["cases"]) == (1, event.id, "KP", 2_900_000)
    assert event_row(event)["id"] == event.id


def test_export_json_only_and_bad_format(tmp_path: Path) -> None:
    written = export_events([], tmp_path, formats=("json",))
    assert [p.name for p in written if p.suffix != ".parquet"] == ["events.json"]
    assert json.loads((tmp_path / "events.json").read_text(encoding="utf-8")) == []
    with pytest.raises(ValueError, match="xlsx"):
        export_events([], tmp_path, formats=("xlsx",))
