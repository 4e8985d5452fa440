"""Flat rows of events and signals, and export files for spreadsheets and notebooks.

:func:`signal_row` is the one flattening of an event's summary: the CLI's tables and
CSV, and ``events.csv`` use it. :func:`export_events` writes, in one pass over events read
one at a time:

* ``events.csv`` — one row per event (latest figures, flags, score, reason);
* ``series.csv`` — one row per series point (the chosen value and how many claims);
* ``claims.csv`` — one row per claim (every figure with its document, span, source, quote);
* ``reports.csv`` — one row per report in an event's timeline (figures or not);
* ``events.json`` — the full records (the ``episignal events`` contract);
* ``facts.parquet`` — the claims table as Parquet, only when pyarrow is importable.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any, TextIO

from episignal.events.signals import signal_of
from episignal.models.codec import event_to_json, iso
from episignal.models.event import Event, Point, Series
from episignal.models.signal import Signal

log = logging.getLogger(__name__)

FORMATS = ("csv", "json")
FLAG_SEPARATOR = ";"
LATEST_COLUMNS = ("cases", "deaths", "recovered", "hospitalized", "active", "as_of")
SIGNAL_COLUMNS = (
    "rank",
    "event",
    "score",
    "disease",
    "icd10",
    "country",
    "place",
    "areas",
    "first_seen",
    "last_seen",
    *LATEST_COLUMNS,
    "documents",
    "flags",
    "status",
    "assignee",
    "reason",
)
EVENT_COLUMNS = ("id", *(c for c in SIGNAL_COLUMNS if c not in ("rank", "event", "place")))
SERIES_COLUMNS = (
    "event",
    "admin1",
    "measure",
    "kind",
    "status",
    "species",
    "date",
    "value",
    "cumulative",
    "claims",
    "disagreement",
    "excluded",
)
CLAIM_COLUMNS = (
    *SERIES_COLUMNS[:7],
    "claim",
    "fact",
    "document",
    "span_start",
    "span_end",
    "source",
    "outlet",
    "published",
    "value",
    "cumulative",
    "chosen",
    "excluded",
    "exclusion_reason",
    "quote",
)
REPORT_COLUMNS = ("event", "date", "document", "span_start", "span_end", "quote")


def signal_row(signal: Signal) -> dict[str, Any]:
    """A board row as flat values (None for unknown)."""
    latest = signal.latest
    return {
        "rank": signal.rank,
        "event": signal.event,
        "score": signal.score,
        "disease": signal.disease.name,
        "icd10": signal.disease.icd10,
        "country": signal.country,
        "place": signal.place,
        "areas": FLAG_SEPARATOR.join(signal.areas),
        "first_seen": signal.first_seen.isoformat(),
        "last_seen": signal.last_seen.isoformat(),
        **{k: latest.get(k) for k in LATEST_COLUMNS if k != "as_of"},
        "as_of": iso(latest.as_of),
        "documents": signal.documents,
        "flags": FLAG_SEPARATOR.join(signal.flags),
        "status": signal.triage.status,
        "assignee": signal.triage.assignee,
        "reason": signal.reason,
    }


def event_row(event: Event) -> dict[str, Any]:
    row = signal_row(signal_of(event))
    row["id"] = row.pop("event")
    return row


def _point_head(event: Event, s: Series, p: Point) -> dict[str, Any]:
    return {
        "event": event.id,
        "admin1": s.admin1,
        "measure": s.measure,
        "kind": s.kind,
        "status": s.status,
        "species": s.species,
        "date": p.date.isoformat(),
    }


def series_rows(event: Event) -> Iterator[dict[str, Any]]:
    for s in event.series:
        for p in s.points:
            yield {
                **_point_head(event, s, p),
                "value": p.value,
                "cumulative": p.cumulative,
                "claims": len(p.claims),
                "disagreement": p.disagreement,
                "excluded": p.excluded,
            }


def claim_rows(event: Event) -> Iterator[dict[str, Any]]:
    for s in event.series:
        for p in s.points:
            for c in p.claims:
                yield {
                    **_point_head(event, s, p),
                    "claim": c.key,
                    "fact": c.fact,
                    "document": c.document,
                    "span_start": c.span[0],
                    "span_end": c.span[1],
                    "source": c.source,
                    "outlet": c.outlet,
                    "language": c.language,
                    "published": iso(c.published),
                    "value": c.value,
                    "cumulative": c.cumulative,
                    "chosen": c.fact == p.chosen,
                    "excluded": c.excluded is not None,
                    "exclusion_reason": c.excluded.reason if c.excluded else None,
                    "quote": c.quote,
                }


def report_rows(event: Event) -> Iterator[dict[str, Any]]:
    for r in event.reports:
        yield {
            "event": event.id,
            "date": r.date.isoformat(),
            "document": r.document,
            "span_start": r.span[0],
            "span_end": r.span[1],
            "quote": r.quote,
        }


class _Csv:
    def __init__(self, fh: TextIO, columns: Sequence[str]) -> None:
        self.writer = csv.DictWriter(fh, fieldnames=list(columns), extrasaction="ignore")
        self.writer.writeheader()

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.writer.writerow({k: "" if v is None else v for k, v in row.items()})


class _JsonArray:
    """Writes a JSON array one element at a time (events are never all in memory)."""

    def __init__(self, fh: TextIO) -> None:
        self.fh = fh
        self.count = 0
        fh.write("[")

    def write(self, record: dict[str, Any]) -> None:
        self.fh.write(",\n" if self.count else "\n")
        self.fh.write(json.dumps(record, ensure_ascii=False))
        self.count += 1

    def close(self) -> None:
        self.fh.write("\n]\n" if self.count else "]\n")


class _Parquet:
    """The claims table as Parquet, written in row groups (pyarrow is optional)."""

    BATCH = 50_000

    def __init__(self, path: Path) -> None:
        import pyarrow.parquet as pq

        self.path = path
        self.pq = pq
        self.writer: Any = None
        self.rows: list[dict[str, Any]] = []

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if not self.rows and self.writer is not None:
            return
        table = pa.table({name: [r.get(name) for r in self.rows] for name in CLAIM_COLUMNS})
        if self.writer is None:
            self.writer = self.pq.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table)
        self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()


def export_events(
    events: Iterable[Event], out_dir: Path, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Write the export files into ``out_dir`` (created); returns the paths written."""
    unknown = set(formats) - {*FORMATS, "parquet"}
    if unknown:
        raise ValueError(f"unknown export format(s): {', '.join(sorted(unknown))}")
    out_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:

        def open_file(name: str) -> TextIO:
            return stack.enter_context((out_dir / name).open("w", encoding="utf-8", newline=""))

        tables: list[tuple[_Csv, Any]] = []
        if "csv" in formats:
            tables = [
                (_Csv(open_file("events.csv"), EVENT_COLUMNS), lambda e: [event_row(e)]),
                (_Csv(open_file("series.csv"), SERIES_COLUMNS), series_rows),
                (_Csv(open_file("claims.csv"), CLAIM_COLUMNS), claim_rows),
                (_Csv(open_file("reports.csv"), REPORT_COLUMNS), report_rows),
            ]
        records = _JsonArray(open_file("events.json")) if "json" in formats else None
        parquet = _Parquet(out_dir / "facts.parquet") if _has_pyarrow() else None
        for event in events:
            for table, rows in tables:
                table.write(rows(event))
            if records is not None:
                records.write(event_to_json(event))
            if parquet is not None:
                parquet.write(claim_rows(event))
        if records is not None:
            records.close()
        if parquet is not None:
            parquet.close()
    names = [n for n in ("events.csv", "series.csv", "claims.csv", "reports.csv") if tables]
    names += ["events.json"] if "json" in formats else []
    names += ["facts.parquet"] if parquet is not None else []
    return [out_dir / n for n in names]


def _has_pyarrow() -> bool:
    found = importlib.util.find_spec("pyarrow") is not None
    if not found:
        log.info("pyarrow not installed: facts.parquet skipped")
    return found
